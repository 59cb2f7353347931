/**
 * netstat's `-s` in text mode: which files it reads for each family, in
 * which order, its messages for missing or malformed files, and its exit
 * status (always 0, except for a family without statistics).
 */
import { catchError, concat, defer, EMPTY, from, map, mergeMap, of, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import type { StatisticsFile } from "../model/statistic.ts";
import {
  formatStatisticSections,
  INITIAL_PRINT_STATE,
  type PrintState,
  type StatisticsSwitches,
  type TableSet,
} from "../format/netstat-statistics.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { STATISTICS_FILES, statisticsFile$ } from "../sources/statistics.ts";
import { err, out, status, type Output } from "./output.ts";
import { strerror } from "./strerror.ts";

/** What one `-s` run needs. */
export interface StatisticsContext {
  readonly root: ProcRoot;
  readonly options: Options;
}

type FileName = keyof typeof STATISTICS_FILES;

/** One counters file netstat's `-s` reads for a family, and how it treats its absence. */
export interface Step {
  readonly file: FileName;
  readonly tables: TableSet;
  /** netstat's perror prefix when the file cannot be opened; absent files without one are skipped silently. */
  readonly openError?: string;
  /** Printed to stderr when the file is malformed. */
  readonly malformedError?: string;
  /** Only sections whose title starts with this are shown. */
  readonly prefix?: string;
  /** A failure to open this file ends the listing. */
  readonly required: boolean;
}

/** The files of `-s` (IPv4), in netstat's order. */
export const INET_STEPS: readonly Step[] = [
  {
    file: "snmp",
    tables: "snmp",
    openError: "cannot open /proc/net/snmp",
    malformedError: "Problem while parsing /proc/net/snmp\n",
    required: true,
  },
  { file: "netstat", tables: "snmp", malformedError: "Problem while parsing /proc/net/netstat\n", required: false },
  { file: "sctp", tables: "snmp", required: false },
];

/** The files of `-s -6`, in netstat's order. */
export const INET6_STEPS: readonly Step[] = [
  { file: "snmp6", tables: "snmp6", openError: "cannot open /proc/net/snmp6", required: true },
  { file: "snmp", tables: "snmp", openError: "cannot open /proc/net/snmp", prefix: "Tcp", required: true },
];

function render(parsed: StatisticsFile, step: Step, switches: StatisticsSwitches, state: { value: PrintState }): Output[] {
  const sections = step.prefix === undefined ? parsed.sections : parsed.sections.filter((s) => s.section.startsWith(step.prefix!));
  const r = formatStatisticSections(sections, step.tables, switches, state.value);
  state.value = r.state;
  const outputs: Output[] = [out(r.text)];
  if (parsed.malformed && step.malformedError !== undefined) outputs.push(err(step.malformedError));
  return outputs;
}

/** The whole `-s` listing, as netstat prints it. */
export function statistics$(ctx: StatisticsContext): Observable<Output> {
  return defer(() => {
    const { selection } = ctx.options;
    const family = selection.families === "" ? "inet" : selection.families;
    if (family !== "inet" && family !== "inet6") {
      return of(out(`netstat: No statistics support for specified address family: ${family}\n`), status(1));
    }
    const switches: StatisticsSwitches = { raw: selection.raw, tcp: selection.tcp, udp: selection.udp, sctp: selection.sctp };
    const state = { value: INITIAL_PRINT_STATE };
    let stopped = false;
    const steps = family === "inet" ? INET_STEPS : INET6_STEPS;
    return concat(
      ...steps.map((step) =>
        defer(() =>
          stopped
            ? EMPTY
            : statisticsFile$(ctx.root, step.file).pipe(
                map((parsed) => render(parsed, step, switches, state)),
                catchError((error: unknown) => {
                  if (!(error instanceof ProcReadError)) throw error;
                  if (!step.required) return EMPTY;
                  stopped = true;
                  return of([err(`${step.openError ?? error.path}: ${strerror(error.code)}\n`)]);
                }),
              ),
        ),
      ),
    ).pipe(mergeMap((outputs) => from(outputs)));
  });
}
