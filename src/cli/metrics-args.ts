/**
 * The Prometheus options: `--metrics-ports`, `--metrics-max-series`,
 * `--textfile` and `--metrics-help`, their values, and what they cannot be
 * combined with. `--format prometheus` itself is read with the other formats
 * (own-args.ts); `--textfile` chooses it.
 */
import * as v from "valibot";
import { FILTER_VALUE_SCHEMAS } from "../model/filters.ts";
import { MetricsSettingsSchema, TextfileSchema, type OutputFormat } from "../model/options.ts";
import { badCombination, badValue } from "./arg-errors.ts";
import type { GetoptItem, LongOption } from "./getopt.ts";
import type { ParsedArgs } from "./netstat-args.ts";

/** The Prometheus options' long names; spelled in full like every option netstat lacks. */
export const METRICS_LONG: readonly LongOption[] = [
  { name: "metrics-ports", hasArg: "required", key: "metrics-ports", exactOnly: true },
  { name: "metrics-max-series", hasArg: "required", key: "metrics-max-series", exactOnly: true },
  { name: "textfile", hasArg: "required", key: "textfile", exactOnly: true },
  { name: "metrics-help", hasArg: "none", key: "metrics-help", exactOnly: true },
];

/** What the Prometheus options set while the command line is read. */
export interface MetricsDraft {
  ports: number[];
  maxSeries: number | undefined;
  textfile: string | undefined;
  /** The options given that only the exposition uses, as typed, for the complaint when it is not written. */
  given: string[];
}

/** The Prometheus options before any is read. */
export function emptyMetricsDraft(): MetricsDraft {
  return { ports: [], maxSeries: undefined, textfile: undefined, given: [] };
}

/** The part of the command-line draft these options read and write. */
interface Draft {
  format: OutputFormat;
  formatGiven: string | undefined;
  metrics: MetricsDraft;
  countBy: readonly string[] | undefined;
}

const MAX_SERIES_WORD = /^[0-9]{1,7}$/;

/** Applies one Prometheus option: "applied", "unknown" for another option, or the exit for a bad value. */
export function applyMetricsOption(draft: Draft, item: GetoptItem & { readonly kind: "option" }, stderr: string): "applied" | "unknown" | ParsedArgs {
  const word = item.value ?? "";
  switch (item.key) {
    case "metrics-ports": {
      const r = v.safeParse(FILTER_VALUE_SCHEMAS.port, word);
      if (!r.success) return badValue(stderr, "metrics-ports", word, r.issues[0].message);
      draft.metrics.ports.push(...r.output);
      draft.metrics.given.push("--metrics-ports");
      return "applied";
    }
    case "metrics-max-series": {
      const r = v.safeParse(MetricsSettingsSchema.entries.maxSeries, MAX_SERIES_WORD.test(word) ? Number(word) : Number.NaN);
      if (!r.success) return badValue(stderr, "metrics-max-series", word, "expected a whole number of series from 1 to 1000000");
      draft.metrics.maxSeries = r.output;
      draft.metrics.given.push("--metrics-max-series");
      return "applied";
    }
    case "textfile": {
      const r = v.safeParse(TextfileSchema, word);
      if (!r.success) return badValue(stderr, "textfile", word, r.issues[0].message);
      if (draft.formatGiven !== undefined && draft.format !== "prometheus") return badCombination(stderr, `${draft.formatGiven} and --textfile cannot be used together`);
      draft.metrics.textfile = word;
      draft.format = "prometheus";
      draft.formatGiven ??= "--textfile";
      return "applied";
    }
    default:
      return "unknown";
  }
}

/** The modes other than the socket listing, as their option. */
const OTHER_MODES = ["r", "i", "g", "M", "s"] as const;

/** netstat-stream's own outputs other than the listing, which the exposition has no place for. */
const OWN_OUTPUTS = ["summary", "tcp-info"] as const;

/** Combinations of the Prometheus options that cannot work. */
export function metricsConflicts(draft: Draft, count: (key: string) => number, stderr: string): ParsedArgs | undefined {
  const what = draft.metrics.textfile === undefined ? "--format prometheus" : "--textfile";
  if (draft.format !== "prometheus") {
    const needless = draft.metrics.given[0];
    // --serve writes the same exposition, within the same bounds.
    if (needless === undefined || count("serve") > 0) return undefined;
    return badCombination(stderr, `${needless} needs --format prometheus, --textfile or --serve`);
  }
  if (count("watch") > 0) return badCombination(stderr, `${what} writes readings of the sockets, so it cannot be used with --watch`);
  const mode = OTHER_MODES.find((key) => count(key) > 0);
  if (mode !== undefined) return badCombination(stderr, `${what} exposes the socket listing and protocol counters, so it cannot be used with -${mode}`);
  const own = draft.countBy === undefined ? OWN_OUTPUTS.find((key) => count(key) > 0) : "count-by";
  if (own !== undefined) return badCombination(stderr, `${what} exposes the socket listing and protocol counters, so it cannot be used with --${own}`);
  return undefined;
}
