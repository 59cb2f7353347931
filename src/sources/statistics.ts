/**
 * Protocol counter files under a proc root: each call reads its file once
 * and returns the parse, or throws ProcReadError when it cannot be read.
 */
import type { StatisticSection, StatisticsFile } from "../model/statistic.ts";
import { parseSctpSnmp, parseSnmp6, parseSnmpPairs } from "../proc/net-snmp.ts";
import { ProcReadError, type ProcRoot } from "./proc-root.ts";

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

/** The files whose counters node_exporter's netstat collector exposes, in its order. */
const PROTOCOL_COUNTER_FILES = ["netstat", "snmp", "snmp6"] as const;

/**
 * The sections of /proc/net/netstat, snmp and snmp6 that can be read: a file that is missing
 * or unreadable (snmp6 without IPv6) gives none.
 */
export function protocolCounters(root: ProcRoot): StatisticSection[] {
  return PROTOCOL_COUNTER_FILES.flatMap((file) => {
    try {
      return readStatisticsFile(root, file).sections;
    } catch (error) {
      if (error instanceof ProcReadError) return [];
      throw error;
    }
  });
}
