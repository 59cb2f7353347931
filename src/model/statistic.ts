/**
 * Protocol counters from /proc/net/{snmp,netstat,snmp6} and
 * /proc/net/sctp/snmp. Values are unsigned 64-bit, kept as bigint so no
 * counter loses precision.
 */
import * as v from "valibot";

/** Which kernel file a counter comes from. */
export const StatisticFileSchema = v.picklist(["snmp", "netstat", "snmp6", "sctp"]);
export type StatisticFile = v.InferOutput<typeof StatisticFileSchema>;

/** One counter: its section title (e.g. `Tcp`, `Icmp6`), its kernel key and its value. */
export const StatisticSchema = v.object({
  kind: v.literal("statistic"),
  file: StatisticFileSchema,
  section: v.string(),
  key: v.string(),
  value: v.pipe(v.bigint(), v.minValue(0n), v.maxValue((1n << 64n) - 1n)),
});
export type Statistic = v.InferOutput<typeof StatisticSchema>;

/** A section of a counters file in file order; a section may hold no counters. */
export interface StatisticSection {
  readonly file: StatisticFile;
  readonly section: string;
  readonly counters: readonly Statistic[];
}

/** A parsed counters file: its sections, and whether parsing stopped at a malformed pair of lines. */
export interface StatisticsFile {
  readonly sections: readonly StatisticSection[];
  /** True when a header/value pair lacked its `Title:`; sections before it are kept. */
  readonly malformed: boolean;
}

/** Which of netstat's tables names a file's sections: snmp (IPv4 files) or snmp6. */
export type TableSet = "snmp" | "snmp6";
