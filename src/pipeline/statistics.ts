/**
 * `-s` as one pipeline for every format: the counter files netstat reads
 * for the family, in its order, each as one record of its sections (the
 * text carries its indentation from file to file), with netstat's
 * diagnostics for missing or malformed files. A required file that cannot
 * be opened ends the listing there; netstat's status stays 0.
 */
import type { Options } from "../model/options.ts";
import { diagnostic, record, section, type Item } from "../model/pipeline.ts";
import type { StatisticSection, TableSet } from "../model/statistic.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { readStatisticsFile, STATISTICS_FILES } from "../sources/statistics.ts";

/** One counters file's sections that `-s` considers, and the table set that names them. */
export interface StatisticsBlock {
  readonly tables: TableSet;
  readonly sections: readonly StatisticSection[];
}

/** One counters file netstat's `-s` reads for a family, and how it treats its absence. */
interface Step {
  readonly file: keyof typeof STATISTICS_FILES;
  readonly tables: TableSet;
  /** netstat's perror prefix when the file cannot be opened. */
  readonly openError?: string;
  /** The path netstat names when the file is malformed (it names /proc whatever the root). */
  readonly malformedPath?: string;
  /** Only sections whose title starts with this are shown. */
  readonly prefix?: string;
  /** A failure to open this file ends the listing; other files are skipped silently. */
  readonly required: boolean;
}

/** The files of `-s` (IPv4), in netstat's order. */
const INET_STEPS: readonly Step[] = [
  { file: "snmp", tables: "snmp", openError: "cannot open /proc/net/snmp", malformedPath: "/proc/net/snmp", required: true },
  { file: "netstat", tables: "snmp", malformedPath: "/proc/net/netstat", required: false },
  { file: "sctp", tables: "snmp", required: false },
];

/** The files of `-s -6`, in netstat's order. */
const INET6_STEPS: readonly Step[] = [
  { file: "snmp6", tables: "snmp6", openError: "cannot open /proc/net/snmp6", required: true },
  { file: "snmp", tables: "snmp", openError: "cannot open /proc/net/snmp", prefix: "Tcp", required: true },
];

/** One `-s` pass: the blocks of every file read, and what netstat says about the others. */
export function statisticsItems(root: ProcRoot, options: Options): Item<StatisticsBlock>[] {
  const family = options.selection.families === "" ? "inet" : options.selection.families;
  if (family !== "inet" && family !== "inet6") return [diagnostic({ kind: "statistics-unsupported", family })];
  const items: Item<StatisticsBlock>[] = [section("statistics")];
  for (const step of family === "inet" ? INET_STEPS : INET6_STEPS) {
    let parsed;
    try {
      parsed = readStatisticsFile(root, step.file);
    } catch (error) {
      if (!(error instanceof ProcReadError)) throw error;
      if (!step.required) continue;
      items.push(diagnostic({ kind: "statistics-unreadable", what: step.openError ?? error.path, errno: error.code }));
      break;
    }
    const prefix = step.prefix;
    const sections = prefix === undefined ? parsed.sections : parsed.sections.filter((s) => s.section.startsWith(prefix));
    items.push(record({ tables: step.tables, sections }));
    if (parsed.malformed && step.malformedPath !== undefined) items.push(diagnostic({ kind: "statistics-malformed", path: step.malformedPath }));
  }
  return items;
}
