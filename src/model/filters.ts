/**
 * The socket filters (`--state`, `--port`, `--sport`, `--dport`, `--pid`,
 * `--user`, `--program`) and the `--watch` timing, with the schemas that
 * turn command-line words into typed values or one clear complaint.
 */
import * as v from "valibot";

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

/** Every state name `--state` accepts (any case); LISTENING is the same as LISTEN. */
export const STATE_NAMES: readonly string[] = [...new Set([...TCP_STATE_NAMES, ...UNIX_STATE_NAMES])];

/** The state a filter compares: upper case, with unix LISTENING folded into LISTEN. */
export function canonicalState(name: string): string {
  const upper = name.toUpperCase();
  return upper === "LISTENING" ? "LISTEN" : upper;
}

const StateWord = v.pipe(
  v.string(),
  v.transform(canonicalState),
  v.check((s) => STATE_NAMES.map(canonicalState).includes(s), (issue) => `unknown state '${String(issue.input)}'`),
);

/** `--state LIST`: a comma-separated list of state names, any case. */
export const StateListSchema = v.pipe(
  v.string(),
  v.transform((list) => list.split(",").map((s) => s.trim())),
  v.array(v.pipe(v.string(), v.minLength(1, "empty state name"))),
  v.array(StateWord),
);

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

/** The filters of one run; an absent field does not filter. */
export const FiltersSchema = v.object({
  states: v.optional(v.array(v.string())),
  port: v.optional(v.number()),
  sport: v.optional(v.number()),
  dport: v.optional(v.number()),
  pid: v.optional(v.number()),
  user: v.optional(v.string()),
  program: v.optional(v.string()),
});
export type Filters = v.InferOutput<typeof FiltersSchema>;

/** Whether any filter needs the inode-to-process index. */
export function filtersNeedProcesses(filters: Filters): boolean {
  return filters.pid !== undefined || filters.program !== undefined;
}

/** The schema of each filter option's value, keyed by option name. */
export const FILTER_VALUE_SCHEMAS = {
  state: StateListSchema,
  port: PortSchema,
  sport: PortSchema,
  dport: PortSchema,
  pid: PidSchema,
  user: UserSchema,
  program: ProgramSchema,
} as const;
