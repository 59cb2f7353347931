/**
 * Protocol counter files under a proc root: each call reads its file once
 * and returns the parse, or throws ProcReadError when it cannot be read.
 */
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
export function readStatisticsFile(root: ProcRoot, file: keyof typeof STATISTICS_FILES): StatisticsFile {
  const text = root.readText(STATISTICS_FILES[file]);
  switch (file) {
    case "snmp":
    case "netstat":
      return parseSnmpPairs(text, file);
    case "snmp6":
      return parseSnmp6(text);
    case "sctp":
      return parseSctpSnmp(text);
  }
}
