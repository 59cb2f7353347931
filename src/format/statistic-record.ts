/** Protocol counters as `kind: "statistic"` records, one per counter. Pure. */
import type { StatisticRecord } from "../model/mode-records.ts";
import type { Statistic } from "../model/statistic.ts";

/** One counter as a record; its value stays a bigint (NDJSON writes it exactly). */
export function statisticRecord(s: Statistic): StatisticRecord {
  return { kind: "statistic", section: s.section, key: s.key, value: s.value, file: s.file };
}
