/**
 * netstat's command line, read in three steps: getopt over netstat's option
 * table (netstat-options.ts) and ours (own-args.ts), acting in netstat's order
 * (`-V`, `-h`, `-Z` and bad families end the run on the spot); netstat's
 * defaults (netstat-defaults.ts); then the checks (args-validation.ts).
 * Produces validated {@linkcode Options} or the exact text and status netstat
 * would exit with.
 */
import { messageSafe } from "../format/terminal-safe.ts";
import type { Options, Selection } from "../model/options.ts";
import { delayOf, validOptions } from "./args-validation.ts";
import { getoptLong, type GetoptItem } from "./getopt.ts";
import { netstatMode, netstatSelection } from "./netstat-defaults.ts";
import { AF_LONG, AF_TABLE_SIZE, applyFamilies, emptySelection, NETSTAT_LONG, SHORT_OPTIONS } from "./netstat-options.ts";
import { DEFAULT_MAX_SERIES } from "../format/socket-metrics.ts";
import { emptyMetricsDraft } from "./metrics-args.ts";
import { applyOwnOption, optionCount, OWN_LONG, ownConflicts, type OwnDraft } from "./own-args.ts";
import { applyServeOption, emptyServeDraft, SERVE_LONG, serveConflicts, serveOptions, type ServeDraft } from "./serve-args.ts";
import { listingOf, NO_LOOKUPS, readFilter, withFilter } from "./filter-args.ts";
import type { FilterLookups } from "./filter-lookups.ts";
import { ADDRESS_FAMILY_LIST, usageText, versionText } from "./usage.ts";

/** The outcome of reading the command line. */
export type ParsedArgs =
  | { readonly kind: "run"; readonly options: Options; readonly stderr: string }
  | { readonly kind: "exit"; readonly stdout: string; readonly stderr: string; readonly code: number };

/** Where `-Z` finds out whether SELinux is on. Injected so the parser stays pure. */
export interface ArgsEnvironment {
  readonly selinuxEnabled: boolean;
  /** What `--filter` looks up (services, hosts, interfaces, the local port range); none means an empty system. */
  readonly filterLookups?: FilterLookups;
}

interface Draft extends OwnDraft {
  selection: Selection;
  counts: Record<string, number>;
  numericHosts: boolean;
  numericPorts: boolean;
  numericUsers: boolean;
  interfaceName: string | undefined;
  serve: ServeDraft;
}

function usageExit(stderrSoFar: string, message: string): ParsedArgs {
  return { kind: "exit", stdout: "", stderr: stderrSoFar + message + usageText() + ADDRESS_FAMILY_LIST, code: 3 };
}

/** The command line before any option is read. */
function emptyDraft(): Draft {
  return {
    selection: emptySelection(),
    counts: {},
    numericHosts: false,
    numericPorts: false,
    numericUsers: false,
    procRoot: "/proc",
    format: "text",
    filters: {},
    filterText: undefined,
    intervalMs: undefined,
    interfaceName: undefined,
    netns: [],
    netnsDir: undefined,
    formatGiven: undefined,
    color: "auto",
    said: {},
    metrics: emptyMetricsDraft(),
    countBy: undefined,
    top: undefined,
    serve: emptyServeDraft(),
  };
}

/** netstat-stream's own complaint about the command line: one sentence, exit status 2. */
function ownExit(stderrSoFar: string, sentence: string): ParsedArgs {
  return { kind: "exit", stdout: "", stderr: `${stderrSoFar}netstat-stream: ${sentence}\n`, code: 2 };
}

/**
 * `-i`, `-I` and `--interfaces`: a bare -i or --interfaces is netstat's (counted as netstat counts
 * it); -I and --interfaces=IFACE are upstream net-tools' later syntax, and go with -i. Returns the
 * complaint about the interface words, or undefined.
 */
function applyInterfaceOption(
  draft: Draft,
  item: GetoptItem & { readonly kind: "option" },
  words: { readonly args: readonly string[]; readonly operandWords: readonly number[]; readonly interfaceWords: string[] },
): string | undefined {
  const count = optionCount(draft);
  const { args, interfaceWords } = words;
  const key = item.key;
  if (key === "i" && item.value === undefined) {
    const next = args[item.word + 1];
    // `--interfaces eth0` means eth0: netstat 2.10 ignores the word and lists every interface.
    if (item.spelling === "--interfaces" && next !== undefined && words.operandWords.includes(item.word + 1)) {
      return `--interfaces takes its interface in the same word: write --interfaces=${messageSafe(next)}, not --interfaces ${messageSafe(next)}`;
    }
    draft.counts.i = count("i") + 1;
    return undefined;
  }
  draft.counts.I = count("I") + 1;
  const typed = item.spelling === "-I" ? `-I${item.value ?? ""}` : `${item.spelling}=${item.value ?? ""}`;
  if (item.value === undefined) {
    const next = args[item.word + 1];
    if (next !== undefined && words.operandWords.includes(item.word + 1)) {
      return `-I takes its interface in the same word: write -I=${messageSafe(next)} or -I${messageSafe(next)}, not -I ${messageSafe(next)}`;
    }
    return undefined;
  }
  // `-I=eth0` and `-Ieth0` both name eth0, as upstream net-tools reads them.
  const name = item.value.replace(/^=/, "");
  if (name === "") return `${typed} names no interface: give one, as in -I=eth0, or use -i for all of them`;
  if (draft.interfaceName !== undefined && draft.interfaceName !== name) {
    return `${interfaceWords[0]} and ${typed} name two interfaces: -I shows one`;
  }
  draft.interfaceName = name;
  draft.said["interfaceName"] = { option: item.spelling, word: name };
  interfaceWords.push(typed);
  return undefined;
}

/** Every option's value, as the schema will check it: netstat's from the counts, ours from the draft. */
function candidateOptions(draft: Draft, count: (key: string) => number, sel: Selection, delaySeconds: number): Record<string, unknown> {
  const prometheus = draft.format === "prometheus";
  return {
    mode: netstatMode(count),
    selection: sel,
    // A state filter chooses servers and connections itself, as ss's does.
    ...listingOf(draft.filters, count, sel, prometheus),
    // The exposition labels series with numbers: no name is looked up for it.
    numericHosts: draft.numericHosts || prometheus,
    numericPorts: draft.numericPorts || prometheus,
    numericUsers: draft.numericUsers || prometheus,
    symbolic: count("N") > 0,
    extend: 1 + count("e"),
    // The live view names every connection's process.
    programs: count("p") + count("live") > 0,
    timers: count("o") > 0,
    wide: count("W") + count("T") > 0,
    verbose: count("v") > 0,
    fib: count("F") > 0,
    cache: count("C") > 0,
    continuous: count("c") > 0,
    delaySeconds,
    format: draft.format,
    color: draft.color,
    procRoot: draft.procRoot,
    filters: draft.filters,
    watch: count("watch") > 0,
    intervalMs: draft.intervalMs ?? 1000,
    includeExisting: count("include-existing") > 0,
    closes: count("closes") > 0,
    live: count("live") > 0,
    schema: count("schema") > 0,
    tcpInfo: count("tcp-info") > 0,
    ...(draft.interfaceName === undefined ? {} : { interfaceName: draft.interfaceName }),
    ...(draft.netns[0] === undefined ? {} : { netns: draft.netns[0] }),
    ...(draft.netnsDir === undefined ? {} : { netnsDir: draft.netnsDir }),
    metrics: { ports: [...new Set(draft.metrics.ports)], maxSeries: draft.metrics.maxSeries ?? DEFAULT_MAX_SERIES },
    ...(draft.metrics.textfile === undefined ? {} : { textfile: draft.metrics.textfile }),
    metricsHelp: count("metrics-help") > 0,
    ...(draft.countBy === undefined ? {} : { countBy: draft.countBy }),
    ...(draft.top === undefined ? {} : { top: draft.top }),
    ...serveOptions(draft.serve),
  };
}

/** Parses netstat's command line. `program` is argv[0], which glibc names in its messages. */
export function parseNetstatArgs(program: string, args: readonly string[], env: ArgsEnvironment): ParsedArgs {
  const parsed = getoptLong(program, args, SHORT_OPTIONS, [...NETSTAT_LONG, ...OWN_LONG, ...SERVE_LONG]);
  const draft = emptyDraft();
  /** Where each -c/--continuous is, for the delay that follows it. */
  const continuousWords: number[] = [];
  /** The words of -I=IFACE / --interfaces=IFACE, as typed. */
  const interfaceWords: string[] = [];
  const count = optionCount(draft);
  let stderr = "";
  for (const item of parsed.items) {
    if (item.kind === "error") return usageExit(stderr, item.message);
    const { key } = item;
    switch (key) {
      case "af": {
        const index = item.index ?? 0;
        if (index >= AF_TABLE_SIZE) {
          stderr += "netstat.c: Internal Error `longopts 1 range'.\n";
          break;
        }
        const r = applyFamilies(draft, AF_LONG[index]!);
        stderr += r.stderr;
        if (r.failed) return { kind: "exit", stdout: "", stderr, code: 1 };
        break;
      }
      case "A":
      case "4":
      case "6":
      case "x": {
        const list = key === "A" ? (item.value ?? "") : key === "4" ? "inet" : key === "6" ? "inet6" : "unix";
        const r = applyFamilies(draft, list);
        stderr += r.stderr;
        if (r.failed) return { kind: "exit", stdout: "", stderr, code: 1 };
        break;
      }
      case "V":
        return { kind: "exit", stdout: versionText(), stderr, code: 0 };
      case "h":
        return { kind: "exit", stdout: usageText(), stderr: stderr + ADDRESS_FAMILY_LIST, code: 0 };
      case "?":
        return usageExit(stderr, "");
      case "Z":
        return {
          kind: "exit",
          stdout: "",
          stderr:
            stderr +
            (env.selinuxEnabled
              ? "Cannot show SELinux security contexts: this build has no SELinux support\n"
              : "SELinux is not enabled on this machine.\n"),
          code: 1,
        };
      case "n":
        draft.numericHosts = draft.numericPorts = draft.numericUsers = true;
        break;
      case "numeric-hosts":
        draft.numericHosts = true;
        break;
      case "numeric-ports":
        draft.numericPorts = true;
        break;
      case "numeric-users":
        draft.numericUsers = true;
        break;
      case "i":
      case "I": {
        const wrong = applyInterfaceOption(draft, item, { args, operandWords: parsed.operandWords, interfaceWords });
        if (wrong !== undefined) return ownExit(stderr, wrong);
        break;
      }
      case "c":
        draft.counts.c = count("c") + 1;
        continuousWords.push(item.word);
        break;
      default: {
        const own = applyOwnOption(draft, item, stderr);
        const served = own === "unknown" ? applyServeOption(draft.serve, item, stderr) : own;
        if (served !== "unknown" && served !== "applied") return served;
        // --serve and --web-config are counted too, so that the other options' checks know of them.
        if (own === "unknown") draft.counts[key] = count(key) + 1;
      }
    }
  }

  if (count("I") > 0 && count("r") + count("M") + count("s") > 0) {
    const other = count("r") > 0 ? "-r" : count("M") > 0 ? "-M" : "-s";
    return ownExit(stderr, `${interfaceWords[0] ?? "-I"} shows the interface table, so it cannot be used with ${other}`);
  }
  // -I goes with -i (both ask for the interface table); netstat's own -i counts as netstat counts it.
  const interfaces = Math.max(count("i"), count("I") > 0 ? 1 : 0);
  const modes = interfaces + count("r") + count("M") + count("s");
  if (modes > 1) return usageExit(stderr, "");
  // From here on, -I is -i: the checks below treat them alike.
  draft.counts.i = interfaces;

  const sel = netstatSelection(draft.selection, count);

  // The number after -c is the delay in seconds (netstat's manual documents it; 2.10 ignores it).
  // netstat ignores every operand; without -c, so do we.
  const delay = count("c") > 0 ? delayOf(parsed, continuousWords) : { word: undefined };
  if ("problem" in delay) return ownExit(stderr, delay.problem);
  if (delay.word !== undefined && draft.intervalMs !== undefined) {
    return ownExit(stderr, `A -c delay ('${delay.word}') and --interval cannot be used together`);
  }
  if (delay.word !== undefined) draft.said["delaySeconds"] = { option: "-c", word: delay.word };
  const delaySeconds = draft.intervalMs !== undefined ? draft.intervalMs / 1000 : delay.word !== undefined ? Number(delay.word) : 1;

  const conflict = ownConflicts(draft, count, stderr) ?? serveConflicts(draft.serve, count, draft.formatGiven, draft.countBy !== undefined, stderr);
  if (conflict !== undefined) return conflict;

  if (draft.filterText !== undefined) {
    const read = readFilter(draft.filterText, sel, draft.procRoot, env.filterLookups ?? NO_LOOKUPS);
    if ("problem" in read) return ownExit(stderr, read.problem);
    draft.filters = withFilter(draft.filters, read.filter);
    if (read.filter.readAs !== undefined) stderr += `netstat-stream: --filter reads 'and' and 'or' left to right, as ss does: ${read.filter.readAs}\n`;
  }

  const candidate = candidateOptions(draft, count, sel, delaySeconds);
  const valid = validOptions(candidate, draft.said);
  if ("problem" in valid) return ownExit(stderr, valid.problem);
  return { kind: "run", options: valid.options, stderr };
}
