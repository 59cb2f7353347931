/**
 * The options of one run, after the command line has been read. netstat's
 * own flags keep netstat's meaning (including its counters, such as `-e`
 * given twice); the options netstat lacks are validated here.
 */
import * as v from "valibot";
import { FiltersSchema, filtersNeedProcesses } from "./filters.ts";
import { NetnsSelectionSchema } from "./netns.ts";
import { CountKeySchema, countNeedsOwners } from "./count.ts";
import { ServeOptionsSchema } from "./serve.ts";

const Flag = v.boolean();
const Counter = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Output formats: netstat text, NDJSON, aligned tables, or the Prometheus text exposition. */
export const OutputFormatSchema = v.picklist(["text", "json", "table", "prometheus"]);
export type OutputFormat = v.InferOutput<typeof OutputFormatSchema>;

/** `--color`: colour states on a terminal without NO_COLOR (auto), always, or never. */
export const ColorChoiceSchema = v.picklist(["auto", "always", "never"]);
export type ColorChoice = v.InferOutput<typeof ColorChoiceSchema>;

/** What the run shows. Precedence follows netstat: masquerade, statistics, route, interfaces, sockets; `--summary` goes alone. */
export const ModeSchema = v.picklist(["sockets", "route", "interfaces", "statistics", "masquerade", "summary"]);
export type Mode = v.InferOutput<typeof ModeSchema>;

/** netstat's protocol and family switches after its post-parse defaults are applied. */
export const SelectionSchema = v.object({
  tcp: Flag,
  udp: Flag,
  udplite: Flag,
  raw: Flag,
  sctp: Flag,
  igmp: Flag,
  unix: Flag,
  inet: Flag,
  inet6: Flag,
  ipx: Flag,
  ax25: Flag,
  netrom: Flag,
  x25: Flag,
  rose: Flag,
  l2cap: Flag,
  rfcomm: Flag,
  bluetooth: Flag,
  /** netstat's flag_arg: some socket family or protocol was named. */
  any: Flag,
  /** netstat's flag_noprot: -4/-6/-A inet* filled in the protocols. */
  noprot: Flag,
  /** The comma-joined family list (netstat's afname), e.g. `inet,inet6`. */
  families: v.string(),
});
export type Selection = v.InferOutput<typeof SelectionSchema>;

/** The most series `--metrics-max-series` may allow a family. */
export const MAX_SERIES_LIMIT = 1_000_000;

/** How the metrics bound their series: `--metrics-ports` and `--metrics-max-series`. */
export const MetricsSettingsSchema = v.object({
  /** Ports a connection is counted under besides the listeners' (the others fold into "other"). */
  ports: v.array(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535))),
  /** At most this many series per family; the rest fold into one. */
  maxSeries: v.pipe(
    v.number(),
    v.integer("expected a whole number of series from 1 to 1000000"),
    v.minValue(1, "expected a whole number of series from 1 to 1000000"),
    v.maxValue(MAX_SERIES_LIMIT, "expected a whole number of series from 1 to 1000000"),
  ),
});
export type MetricsSettings = v.InferOutput<typeof MetricsSettingsSchema>;

/** `--textfile`: a name node_exporter's textfile collector reads, which must end in `.prom`. */
export const TextfileSchema = v.pipe(
  v.string(),
  v.regex(/[^/]\.prom$/, "expected a file name ending in .prom, the only files node_exporter's textfile collector reads"),
);

export const OptionsSchema = v.object({
  mode: ModeSchema,
  selection: SelectionSchema,
  all: Flag,
  listening: Flag,
  numericHosts: Flag,
  numericPorts: Flag,
  numericUsers: Flag,
  symbolic: Flag,
  /** netstat's flag_exp: 1, plus one per `-e`. */
  extend: v.pipe(Counter, v.minValue(1)),
  programs: Flag,
  timers: Flag,
  wide: Flag,
  verbose: Flag,
  fib: Flag,
  cache: Flag,
  continuous: Flag,
  /** Seconds between `-c` repetitions. */
  delaySeconds: v.pipe(
    v.number(),
    v.minValue(0.001, "expected a delay in seconds from 0.001 to 31536000"),
    v.maxValue(86400 * 365, "expected a delay in seconds from 0.001 to 31536000"),
  ),
  format: OutputFormatSchema,
  /** `--color`: whether tables and `--watch` lines colour states. */
  color: ColorChoiceSchema,
  procRoot: v.pipe(v.string(), v.minLength(1, "expected a directory")),
  /** `--state`, `--port`, ... : which sockets are shown, in every format. */
  filters: FiltersSchema,
  /** `--watch`: print socket events instead of listings. */
  watch: Flag,
  /** `--interval`: milliseconds between `--watch` polls. */
  intervalMs: v.pipe(v.number(), v.integer(), v.minValue(10)),
  /** `--include-existing`: the sockets present at the start are reported as `open`. */
  includeExisting: Flag,
  /** `--closes`: `--watch` prints closed sockets only, one line each with its bytes and lifetime. */
  closes: Flag,
  /** A bare `--top`: the live full-screen view of connections and their rates. */
  live: Flag,
  /** `--schema`: print the JSON Schema of every record and event, then exit. */
  schema: Flag,
  /** `-I=IFACE` / `--interfaces=IFACE`: list only this interface. */
  interfaceName: v.optional(
    v.pipe(v.string(), v.minLength(1, "expected an interface name"), v.maxLength(15, "an interface name has at most 15 characters")),
  ),
  /** `--netns`, `--netns-pid` or `--all-netns`; absent: the reader's own namespace through /proc/net. */
  netns: v.optional(NetnsSelectionSchema),
  /** `--netns-dir`: where named namespaces live; /run/netns when absent. */
  netnsDir: v.optional(v.pipe(v.string(), v.minLength(1, "expected a directory"))),
  /** `--metrics-ports`, `--metrics-max-series`: the bounds of the Prometheus series. */
  metrics: MetricsSettingsSchema,
  /** `--textfile`: write the Prometheus exposition to this file (atomically) instead of stdout. */
  textfile: v.optional(TextfileSchema),
  /** `--metrics-help`: print every metric family with its type, labels and help, then exit. */
  metricsHelp: Flag,
  /** `--tcp-info`: TCP sockets show their internals (rtt, cwnd, bytes, ...) from netlink. */
  tcpInfo: Flag,
  /** `--count-by`: the selected sockets are counted by these keys instead of listed. */
  countBy: v.optional(v.pipe(v.array(CountKeySchema), v.minLength(1))),
  /** `--top`: only the first N groups of `--count-by`. */
  top: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** `--serve`: run as an exporter (HTTP /metrics and /events) instead of listing once. */
  serve: v.optional(ServeOptionsSchema),
});
export type Options = v.InferOutput<typeof OptionsSchema>;

/** Whether sockets' owners are looked up: `-p`, a filter that compares owners, or a count by them. */
export function ownersLookedUp(options: Pick<Options, "programs" | "filters" | "countBy">): boolean {
  return options.programs || filtersNeedProcesses(options.filters) || countNeedsOwners(options.countBy);
}
