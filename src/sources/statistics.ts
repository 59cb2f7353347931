/**
 * Protocol counter files under a proc root, as observables: each
 * subscription reads its file once and emits the parse, or errors with
 * ProcReadError when the file cannot be read.
 */
import { defer, of, type Observable } from "rxjs";
import type { StatisticsFile } from "../model/statistic.ts";
import { parseSctpSnmp, parseSnmp6, parseSnmpPairs } from "../proc/net-snmp.ts";
import type { ProcRoot } from "./proc-root.ts";

/** The counter files netstat's `-s` reads, by the name the parse records carry. */
export const STATISTICS_FILES = {
  snmp: "net/snmp",
  netstat: "net/netstat",
  snmp6: "net/snmp6",
  sctp: "net/sctp/snmp",
} as const;

/** Reads and parses one counter file. */
export function statisticsFile$(root: ProcRoot, file: keyof typeof STATISTICS_FILES): Observable<StatisticsFile> {
  return defer(() => {
    const text = root.readText(STATISTICS_FILES[file]);
    switch (file) {
      case "snmp":
      case "netstat":
        return of(parseSnmpPairs(text, file));
      case "snmp6":
        return of(parseSnmp6(text));
      case "sctp":
        return of(parseSctpSnmp(text));
    }
  });
}
