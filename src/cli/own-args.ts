/**
 * The options netstat lacks: their table, their values (validated with
 * valibot; a bad value is one sentence and status 2), and the combinations
 * that make no sense. netstat's own options keep netstat's meaning in
 * netstat-args.ts.
 */
import * as v from "valibot";
import { DurationSchema, FILTER_VALUE_SCHEMAS, type Filters } from "../model/filters.ts";
import type { NetnsSelection } from "../model/netns.ts";
import { messageSafe } from "../format/terminal-safe.ts";
import type { GetoptItem, LongOption } from "./getopt.ts";
import type { ColorChoice, OutputFormat } from "../model/options.ts";
import { COUNT_KEYS, type CountKey } from "../model/count.ts";
import { COMPLETION_SHELLS, completionScript, type CompletionShell } from "./completion.ts";
import type { ParsedArgs } from "./netstat-args.ts";
import { badCombination, badValue } from "./arg-errors.ts";
import { NUMBER_LIKE } from "./args-validation.ts";
import { applyMetricsOption, METRICS_LONG, metricsConflicts, type MetricsDraft } from "./metrics-args.ts";

/** Options netstat lacks. They must be spelled in full, so netstat's prefixes keep their meaning. */
export const OWN_LONG: readonly LongOption[] = [
  { name: "notrim", hasArg: "none", key: "T", exactOnly: true },
  { name: "proc-root", hasArg: "required", key: "proc-root", exactOnly: true },
  { name: "json", hasArg: "none", key: "json", exactOnly: true },
  { name: "format", hasArg: "required", key: "format", exactOnly: true },
  { name: "schema", hasArg: "none", key: "schema", exactOnly: true },
  { name: "watch", hasArg: "none", key: "watch", exactOnly: true },
  { name: "interval", hasArg: "required", key: "interval", exactOnly: true },
  { name: "include-existing", hasArg: "none", key: "include-existing", exactOnly: true },
  { name: "closes", hasArg: "none", key: "closes", exactOnly: true },
  { name: "summary", hasArg: "none", key: "summary", exactOnly: true },
  { name: "tcp-info", hasArg: "none", key: "tcp-info", exactOnly: true },
  { name: "count-by", hasArg: "required", key: "count-by", exactOnly: true },
  // `--top N` (or `--top=N`) keeps the first N counts of --count-by; a bare `--top` is the live view.
  { name: "top", hasArg: "optional", key: "top", exactOnly: true, valueFromNextWordLike: NUMBER_LIKE },
  { name: "state", hasArg: "required", key: "state", exactOnly: true },
  { name: "port", hasArg: "required", key: "port", exactOnly: true },
  { name: "sport", hasArg: "required", key: "sport", exactOnly: true },
  { name: "dport", hasArg: "required", key: "dport", exactOnly: true },
  { name: "pid", hasArg: "required", key: "pid", exactOnly: true },
  { name: "user", hasArg: "required", key: "user", exactOnly: true },
  { name: "filter", hasArg: "required", key: "filter", exactOnly: true },
  // `--program NAME` filters; a bare `--program` (last, or before an option) stays netstat's -p.
  { name: "program", hasArg: "optional", key: "program", exactOnly: true, valueFromNextWord: true },
  { name: "netns", hasArg: "required", key: "netns", exactOnly: true },
  { name: "netns-pid", hasArg: "required", key: "netns-pid", exactOnly: true },
  { name: "all-netns", hasArg: "none", key: "all-netns", exactOnly: true },
  { name: "netns-dir", hasArg: "required", key: "netns-dir", exactOnly: true },
  { name: "color", hasArg: "required", key: "color", exactOnly: true },
  { name: "completion", hasArg: "required", key: "completion", exactOnly: true },
  ...METRICS_LONG,
];

const FORMATS: Readonly<Record<string, OutputFormat>> = { text: "text", json: "json", table: "table", prometheus: "prometheus" };

const COLOR_CHOICES: Readonly<Record<string, ColorChoice>> = { auto: "auto", always: "always", never: "never" };

/** Each filter's field in Filters and its option name, in the order complaints name them. */
const FILTER_OPTIONS: readonly (readonly [keyof Filters, string])[] = [
  ["states", "state"],
  ["port", "port"],
  ["sport", "sport"],
  ["dport", "dport"],
  ["pid", "pid"],
  ["user", "user"],
  ["program", "program"],
  ["ss", "filter"],
];

/** The modes that list something other than sockets, as their option and what they list. */
const NON_SOCKET_MODES: readonly (readonly [string, string])[] = [
  ["M", "-M (masquerade entries)"],
  ["s", "-s (protocol counters)"],
  ["r", "-r (routes)"],
  ["i", "-i (interfaces)"],
  ["g", "-g (group memberships)"],
  ["summary", "--summary (socket counts)"],
];

/** The option and word that gave an Options field its value, for the complaint about a bad one. */
export interface Said {
  readonly option: string;
  readonly word: string;
}

/** What the options netstat lacks set, while the command line is read. */
export interface OwnDraft {
  procRoot: string;
  format: OutputFormat;
  /** `--color`: auto unless given. */
  color: ColorChoice;
  /** How the format was chosen (`--json`, `--format table`), once it has been. */
  formatGiven: string | undefined;
  /** For each Options field set from a word, the option and the word, as typed. */
  said: Record<string, Said>;
  filters: Filters;
  /** `--filter`'s expression as typed, read once the other options are known. */
  filterText: string | undefined;
  intervalMs: number | undefined;
  netns: NetnsSelection[];
  netnsDir: string | undefined;
  counts: Record<string, number>;
  /** `--metrics-ports`, `--metrics-max-series`, `--textfile`. */
  metrics: MetricsDraft;
  /** `--count-by`'s keys, in the order given. */
  countBy: CountKey[] | undefined;
  top: number | undefined;
}

/** How many times each option key has been given so far. */
export function optionCount(draft: { readonly counts: Readonly<Record<string, number>> }): (key: string) => number {
  return (key) => draft.counts[key] ?? 0;
}

/**
 * Applies one of this tool's options: "applied", "unknown" for an option it
 * does not own (a netstat flag, counted by the caller), or the exit for a bad value.
 */
export function applyOwnOption(draft: OwnDraft, item: GetoptItem & { readonly kind: "option" }, stderr: string): "applied" | "unknown" | ParsedArgs {
  const { key } = item;
  const count = optionCount(draft);
  switch (key) {
    case "proc-root":
      draft.procRoot = item.value ?? "";
      draft.said["procRoot"] = { option: item.spelling, word: draft.procRoot };
      break;
    case "json":
    case "format": {
      const format = key === "json" ? "json" : FORMATS[item.value ?? ""];
      if (format === undefined) return badValue(stderr, "format", item.value ?? "", "expected text, json, table or prometheus");
      const given = key === "json" ? "--json" : `--format ${format}`;
      // Two different formats are a mistake to point out, not a race the last one wins.
      if (draft.formatGiven !== undefined && draft.format !== format) {
        return badCombination(stderr, `${draft.formatGiven} and ${given} cannot be used together`);
      }
      draft.format = format;
      draft.formatGiven ??= given;
      break;
    }
    case "color": {
      const choice = COLOR_CHOICES[item.value ?? ""];
      if (choice === undefined) return badValue(stderr, "color", item.value ?? "", "expected auto, always or never");
      draft.color = choice;
      break;
    }
    case "completion": {
      // Like -h, it acts on the spot: the script is the whole output.
      const shell = COMPLETION_SHELLS.find((s) => s === item.value) as CompletionShell | undefined;
      if (shell === undefined) return badValue(stderr, "completion", item.value ?? "", "expected bash, zsh or fish");
      return { kind: "exit", stdout: completionScript(shell), stderr, code: 0 };
    }
    case "interval": {
      const r = v.safeParse(DurationSchema, item.value ?? "");
      if (!r.success) return badValue(stderr, "interval", item.value ?? "", r.issues[0].message);
      draft.intervalMs = r.output;
      break;
    }
    case "program":
    case "state":
    case "port":
    case "sport":
    case "dport":
    case "pid":
    case "user": {
      if (key === "program" && item.value === undefined) {
        draft.counts["p"] = count("p") + 1;
        break;
      }
      const r = v.safeParse(FILTER_VALUE_SCHEMAS[key], item.value ?? "");
      if (!r.success) return badValue(stderr, key, item.value ?? "", r.issues[0].message);
      // A filter given again adds its values: repeats are ORed, as a comma list is.
      const field = key === "state" ? "states" : key;
      draft.filters = { ...draft.filters, [field]: [...(draft.filters[field] ?? []), ...r.output] };
      break;
    }
    case "count-by": {
      const words = (item.value ?? "").split(",");
      const bad = words.find((w) => !(COUNT_KEYS as readonly string[]).includes(w));
      if (bad !== undefined) return badValue(stderr, "count-by", item.value ?? "", `${bad === "" ? "an empty key" : `'${messageSafe(bad)}' is no key`}; expected a comma list of ${COUNT_KEYS.join(", ")}`);
      const keys = [...(draft.countBy ?? []), ...(words as CountKey[])];
      const twice = keys.find((k, i) => keys.indexOf(k) !== i);
      if (twice !== undefined) return badValue(stderr, "count-by", item.value ?? "", `${twice} is given twice`);
      draft.countBy = keys;
      break;
    }
    case "top": {
      // Counted apart: a bare --top is the live view, a number the limit of --count-by.
      if (item.value === undefined) {
        draft.counts["live"] = count("live") + 1;
        break;
      }
      const word = item.value;
      if (!/^[0-9]{1,9}$/.test(word) || Number(word) < 1) return badValue(stderr, "top", word, "expected a number of groups from 1 to 999999999");
      draft.top = Number(word);
      break;
    }
    case "filter":
      if (draft.filterText !== undefined) return badCombination(stderr, "--filter was given twice: join the expressions with and");
      draft.filterText = item.value ?? "";
      break;
    case "netns":
      draft.netns.push({ kind: "name", value: item.value ?? "" });
      draft.said["netns"] = { option: item.spelling, word: item.value ?? "" };
      break;
    case "netns-pid": {
      const word = item.value ?? "";
      if (!/^[0-9]+$/.test(word) || Number(word) < 1 || Number(word) > 4194304) return badValue(stderr, "netns-pid", word, "expected a process id");
      draft.netns.push({ kind: "pid", pid: Number(word) });
      break;
    }
    case "all-netns":
      draft.netns.push({ kind: "all" });
      break;
    case "netns-dir":
      draft.netnsDir = item.value ?? "";
      draft.said["netnsDir"] = { option: item.spelling, word: draft.netnsDir };
      break;
    default:
      return applyMetricsOption(draft, item, stderr);
  }
  return "applied";
}

/** What cannot go with the live view (a bare `--top`), in one sentence, or undefined. */
function liveConflict(draft: OwnDraft, count: (key: string) => number): string | undefined {
  if (count("live") === 0) return undefined;
  if (draft.countBy !== undefined || draft.top !== undefined) {
    return "--top without a number is the live view and cannot be used with --count-by or --top N: give the number of groups, as in --top 10";
  }
  if (count("watch") + count("c") + count("serve") > 0) return "--top cannot be used with --watch, -c/--continuous or --serve";
  if (draft.formatGiven !== undefined) return `--top draws a screen, so it cannot be used with ${draft.formatGiven}`;
  if (count("tcp-info") > 0) return "--top shows rates, not each socket's internals, so it cannot be used with --tcp-info";
  const other = NON_SOCKET_MODES.find(([key]) => count(key) > 0) ?? (count("I") > 0 ? ["I", "-I (interfaces)"] : undefined);
  if (other !== undefined) return `--top shows sockets and cannot be used with ${other[1]}`;
  return undefined;
}

/** Combinations of this tool's options (with each other or with netstat's modes) that cannot work. */
export function ownConflicts(draft: OwnDraft, count: (key: string) => number, stderr: string): ParsedArgs | undefined {
  if (draft.netns.length > 1) {
    return { kind: "exit", stdout: "", stderr: `${stderr}netstat-stream: Cannot combine namespace options: give one of --netns, --netns-pid and --all-netns, once\n`, code: 2 };
  }
  const modes = count("i") + count("r") + count("M") + count("s");
  if (count("watch") > 0 && count("c") > 0) return badCombination(stderr, "--watch and -c/--continuous cannot be used together");
  if (count("include-existing") > 0 && count("watch") === 0) return badCombination(stderr, "--include-existing needs --watch");
  if (count("closes") > 0 && count("watch") === 0) return badCombination(stderr, "--closes needs --watch");
  const live = liveConflict(draft, count);
  if (live !== undefined) return badCombination(stderr, live);
  if (draft.top !== undefined && draft.countBy === undefined) return badCombination(stderr, "--top N needs --count-by (--top alone is the live view)");
  if (draft.countBy !== undefined && count("closes") > 0) return badCombination(stderr, "--count-by counts sockets, so it cannot be used with --closes");
  const paced = count("watch") + count("live") + count("c") + count("serve");
  if (draft.intervalMs !== undefined && paced === 0) return badCombination(stderr, "--interval needs --watch, --top, -c or --serve");
  if (draft.netnsDir !== undefined && draft.netns.length === 0) {
    return badCombination(stderr, "--netns-dir needs --netns, --netns-pid or --all-netns");
  }
  if (count("watch") > 0 && count("closes") === 0 && draft.countBy === undefined && draft.format === "table") {
    return badCombination(stderr, "--watch prints events as lines (or NDJSON with --json), so it cannot be used with --format table (--watch --closes can)");
  }
  if (count("watch") > 0 && (modes > 0 || count("g") > 0)) {
    return badCombination(stderr, "--watch works only with socket listings, not with -r, -i, -g, -M or -s");
  }
  const metrics = metricsConflicts(draft, count, stderr);
  if (metrics !== undefined) return metrics;
  if (count("watch") > 0 && count("summary") > 0) return badCombination(stderr, "--summary prints one summary per pass, so it cannot be used with --watch (-c repeats it)");
  const other = [["I", "-I"], ["i", "-i"], ["r", "-r"], ["M", "-M"], ["s", "-s"], ["g", "-g"]].find(([key]) => count(key!) > 0);
  if (count("summary") > 0 && other !== undefined) return badCombination(stderr, `--summary is a mode of its own and cannot be used with ${other[1]!}`);
  // The filters select sockets; routes, interfaces, groups and counters have no port, state or owner.
  const filter = FILTER_OPTIONS.find(([field]) => draft.filters[field] !== undefined || (field === "ss" && draft.filterText !== undefined));
  const nonSocket = NON_SOCKET_MODES.find(([key]) => count(key) > 0);
  if (filter !== undefined && nonSocket !== undefined) {
    return badCombination(stderr, `--${filter[1]} filters sockets and cannot be used with ${nonSocket[1]}`);
  }
  if (count("tcp-info") > 0 && nonSocket !== undefined) return badCombination(stderr, `--tcp-info shows TCP sockets' internals and cannot be used with ${nonSocket[1]}`);
  if (count("tcp-info") > 0 && count("watch") > 0) return badCombination(stderr, "--tcp-info works with socket listings (and -c), not with --watch");
  if (count("tcp-info") > 0 && draft.countBy !== undefined) return badCombination(stderr, "--tcp-info shows each socket, so it cannot be used with --count-by");
  if (draft.countBy !== undefined && nonSocket !== undefined) return badCombination(stderr, `--count-by counts sockets and cannot be used with ${nonSocket[1]}`);

  return undefined;
}
