/**
 * The socket filters (`--state`, `--port`, `--sport`, `--dport`, `--pid`,
 * `--user`, `--program`) and the `--watch` timing, with the schemas that
 * turn command-line words into typed values or one clear complaint.
 */
import * as v from "valibot";
import type { SsFilter } from "./ss-filter.ts";

/** netstat's TCP state names, indexed by the kernel's state number. */
export const TCP_STATE_NAMES: readonly string[] = [
  "UNKNOWN",
  "ESTABLISHED",
  "SYN_SENT",
  "SYN_RECV",
  "FIN_WAIT1",
  "FIN_WAIT2",
  "TIME_WAIT",
  "CLOSE",
  "CLOSE_WAIT",
  "LAST_ACK",
  "LISTEN",
  "CLOSING",
];

/** netstat's unix state names. */
export const UNIX_STATE_NAMES: readonly string[] = ["FREE", "LISTENING", "CONNECTING", "CONNECTED", "DISCONNECTING"];

/** The states a filter compares: netstat's names, with unix LISTENING folded into LISTEN. */
export const STATE_NAMES: readonly string[] = [...new Set([...TCP_STATE_NAMES, ...UNIX_STATE_NAMES].map((n) => (n === "LISTENING" ? "LISTEN" : n)))];

/** Other names for a state: netstat's unix LISTENING, and ss's names and abbreviations (`-` reads as `_`). */
const STATE_ALIASES: Readonly<Record<string, string>> = {
  LISTENING: "LISTEN",
  ESTAB: "ESTABLISHED",
  SYN_RCV: "SYN_RECV",
  FIN_WAIT_1: "FIN_WAIT1",
  FIN_WAIT_2: "FIN_WAIT2",
  CLOSED: "CLOSE",
  UNCONNECTED: "CLOSE",
  UNCONN: "CLOSE",
};

/** The states ss's `connected` leaves out: servers and closed sockets (ss reads a unix FREE as closed). */
const NOT_CONNECTED: ReadonlySet<string> = new Set(["UNKNOWN", "LISTEN", "CLOSE", "FREE"]);

/**
 * ss's state groups, over netstat's names. ss reads a unix CONNECTING as SYN_SENT and a unix
 * CONNECTED as ESTABLISHED, so `connected` holds both, and `synchronized` the second.
 */
const STATE_GROUPS: Readonly<Record<string, readonly string[]>> = {
  ALL: STATE_NAMES,
  CONNECTED: STATE_NAMES.filter((n) => !NOT_CONNECTED.has(n)),
  SYNCHRONIZED: STATE_NAMES.filter((n) => !NOT_CONNECTED.has(n) && n !== "SYN_SENT" && n !== "CONNECTING"),
  BUCKET: ["SYN_RECV", "TIME_WAIT"],
  BIG: STATE_NAMES.filter((n) => n !== "SYN_RECV" && n !== "TIME_WAIT"),
};

/** The state a filter compares for one state name (any case, `-` or `_`; ss's names too); unknown names come back upper-cased. */
export function canonicalState(name: string): string {
  const upper = name.toUpperCase().replaceAll("-", "_");
  return STATE_ALIASES[upper] ?? upper;
}

/** Whether a list of states names every state (as `all` does), so that a socket without a state matches too. */
export function coversEveryState(states: readonly string[]): boolean {
  const wanted = new Set(states.map(canonicalState));
  return STATE_NAMES.every((n) => wanted.has(n));
}

/** The states one word of `--state` stands for, or undefined for a word that names none. */
function statesOf(word: string): readonly string[] | undefined {
  const group = STATE_GROUPS[word.toUpperCase()];
  if (group !== undefined) return group;
  const state = canonicalState(word);
  return STATE_NAMES.includes(state) ? [state] : undefined;
}

const inWords = (words: readonly string[]): string => `${words.slice(0, -1).join(", ")} and ${words.at(-1) ?? ""}`;
const ssName = (alias: string): string => alias.toLowerCase().replaceAll("_", "-");

/** Every word `--state` takes, in lower case: netstat's state names, ss's names and ss's groups (for completions). */
export const STATE_WORDS: readonly string[] = [
  ...STATE_NAMES.filter((name) => name !== "UNKNOWN").map((name) => name.toLowerCase()),
  ...Object.keys(STATE_ALIASES).map(ssName),
  ...Object.keys(STATE_GROUPS).map(ssName),
];

/** Every word `--state` takes, for the complaint about one it does not. */
const VALID_STATES =
  `${STATE_NAMES.join(", ")} (any case, - for _), ss's ${inWords(Object.keys(STATE_ALIASES).map(ssName))}, ` +
  `and the groups ${inWords(Object.keys(STATE_GROUPS).map(ssName))}`;

const StateWord = v.pipe(
  v.string(),
  v.check((word) => statesOf(word) !== undefined, (issue) => `unknown state '${String(issue.input)}'; the states are ${VALID_STATES}`),
  v.transform((word) => statesOf(word) ?? []),
);

/** `--state LIST`: a comma-separated list of state names (netstat's or ss's, any case) and ss's groups. */
export const StateListSchema = v.pipe(
  v.string(),
  v.transform((list) => list.split(",").map((s) => s.trim())),
  v.array(v.pipe(v.string(), v.minLength(1, "empty state name"))),
  v.array(StateWord),
  v.transform((lists) => [...new Set(lists.flat())]),
);

/** States netstat lists as servers (`-l`): listeners, and udp and raw sockets without a peer (CLOSE), as ss's `-l`. */
const SERVER_STATES: ReadonlySet<string> = new Set(["LISTEN", "CLOSE"]);

/**
 * The `-a` / `-l` switches a state filter stands for. As with ss's `state`, the states alone
 * choose between servers and connections, whatever `-a` or `-l` say: `listen` lists servers as
 * `-l` does, `listen,established` both as `-a` does, `established` connections only.
 */
export function listingForStates(states: readonly string[]): { readonly all: boolean; readonly listening: boolean } {
  const servers = states.some((s) => SERVER_STATES.has(canonicalState(s)));
  const connections = states.some((s) => !SERVER_STATES.has(canonicalState(s)));
  return { all: servers && connections, listening: servers && !connections };
}

const decimal = (what: string) => v.pipe(v.string(), v.regex(/^[0-9]+$/, `expected ${what}`), v.transform(Number));

/** A port number, 0 to 65535. */
export const PortSchema = v.pipe(decimal("a port number from 0 to 65535"), v.maxValue(65535, "expected a port number from 0 to 65535"));

/** A process id, 1 or more. */
export const PidSchema = v.pipe(decimal("a process id"), v.minValue(1, "expected a process id"), v.maxValue(4194304, "expected a process id"));

/** The largest uid: (uid_t)-1 means "no user" to the kernel. */
const MAX_UID = 4294967294;

/** A user: a name or a numeric uid (resolved against /etc/passwd at run time). */
export const UserSchema = v.pipe(
  v.string(),
  v.minLength(1, "expected a user name or uid"),
  v.check((user) => !/^[0-9]+$/.test(user) || Number(user) <= MAX_UID, `expected a user name or a uid from 0 to ${MAX_UID}`),
);

/** A program name as `-p` shows it (argv[0] without its directory). */
export const ProgramSchema = v.pipe(v.string(), v.minLength(1, "expected a program name"));

/** A comma-separated list of values of `item`; each one must be valid. */
function commaList<T>(item: v.GenericSchema<string, T>) {
  return v.pipe(v.string(), v.transform((list) => list.split(",")), v.array(item));
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `--interval DURATION`: `250ms`, `2s`, `1.5s`, `1m`; a bare number is seconds. Between 10ms and 24h. */
export const DurationSchema = v.pipe(
  v.string(),
  v.regex(/^(?:[0-9]+(?:\.[0-9]+)?|\.[0-9]+)(?:ms|s|m|h)?$/, "expected a duration such as 250ms, 2s or 1m"),
  v.transform((text) => {
    const unit = /(ms|s|m|h)$/.exec(text)?.[1] ?? "s";
    return Math.round(Number(text.slice(0, text.length - (text.endsWith(unit) ? unit.length : 0))) * UNIT_MS[unit]!);
  }),
  v.minValue(10, "expected at least 10ms"),
  v.maxValue(86_400_000, "expected at most 24h"),
);

/**
 * The filters of one run; an absent field does not filter. Each field lists every value its
 * option was given (repeated, or as a comma list): a socket matching any of them matches it.
 */
export const FiltersSchema = v.object({
  states: v.optional(v.array(v.string())),
  port: v.optional(v.array(v.number())),
  sport: v.optional(v.array(v.number())),
  dport: v.optional(v.array(v.number())),
  pid: v.optional(v.array(v.number())),
  user: v.optional(v.array(v.string())),
  program: v.optional(v.array(v.string())),
  /** `--filter`'s leading state words: the states they leave, as ss reads a socket's state (see SocketFacts.ssState). */
  ssStates: v.optional(v.array(v.string())),
  /** `--filter`: ss's expression, parsed (its leading state words are in `ssStates`). */
  ss: v.optional(v.custom<SsFilter>((value) => typeof value === "object" && value !== null && "text" in value, "expected a parsed filter")),
});
export type Filters = v.InferOutput<typeof FiltersSchema>;

/** Whether any filter needs the inode-to-process index. */
export function filtersNeedProcesses(filters: Filters): boolean {
  return filters.pid !== undefined || filters.program !== undefined;
}

/**
 * The schema of each filter option's value, keyed by option name: the values it adds. Every
 * option but `--program` takes a comma list (a program name may hold a comma).
 */
export const FILTER_VALUE_SCHEMAS = {
  state: StateListSchema,
  port: commaList(PortSchema),
  sport: commaList(PortSchema),
  dport: commaList(PortSchema),
  pid: commaList(PidSchema),
  user: commaList(UserSchema),
  program: v.pipe(ProgramSchema, v.transform((name) => [name])),
} as const;
