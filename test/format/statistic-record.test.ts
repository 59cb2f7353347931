import { expect, test } from "bun:test";
import * as v from "valibot";
import { StatisticRecordSchema } from "../../src/model/mode-records.ts";
import { statisticRecord } from "../../src/format/statistic-record.ts";
import { ndjsonLine } from "../../src/format/ndjson.ts";

test("statisticRecord keeps the value a bigint and ndjsonLine writes it exactly", () => {
  const record = statisticRecord({ kind: "statistic", file: "snmp", section: "Tcp", key: "MaxConn", value: (1n << 64n) - 1n });
  expect(record).toEqual({ kind: "statistic", section: "Tcp", key: "MaxConn", value: 18446744073709551615n, file: "snmp" });
  expect(ndjsonLine(record)).toBe('{"kind":"statistic","section":"Tcp","key":"MaxConn","value":18446744073709551615,"file":"snmp"}\n');
  expect(v.safeParse(StatisticRecordSchema, record).success).toBe(true);
});
