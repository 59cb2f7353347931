/**
 * Series by label set, and the cap of `--metrics-max-series`: a family with
 * more series keeps its largest ones and folds the rest into one series
 * whose every label is "other", counting the folds.
 */
import type { HistogramSample, Labels, MetricFamily, Sample } from "./exposition.ts";
import { labelNamesOf, type FamilyHead } from "./metric-catalogue.ts";
import { OTHER } from "./socket-metrics.ts";

function keyOf(labels: Labels, names: readonly string[]): string {
  let key = "";
  for (const name of names) key += `${labels[name] ?? ""}\u0000`;
  return key;
}

/** Values summed per label set, in the order each set first came. */
export class SeriesSums {
  readonly #series = new Map<string, { labels: Labels; value: number }>();
  constructor(readonly names: readonly string[]) {}

  /** Adds `by` to the series of `labels` (0 makes the series exist). */
  add(labels: Labels, by = 1): void {
    const key = keyOf(labels, this.names);
    const found = this.#series.get(key);
    if (found === undefined) this.#series.set(key, { labels, value: by });
    else found.value += by;
  }

  /** Adds `by` to the series whose key (its label values, as the caller spells them) is `key`; `labels` makes its labels the first time. */
  addKeyed(key: string, labels: () => Labels, by = 1): void {
    const found = this.#series.get(key);
    if (found === undefined) this.#series.set(key, { labels: labels(), value: by });
    else found.value += by;
  }

  samples(): Sample[] {
    return [...this.#series.values()].map((s) => ({ labels: s.labels, value: s.value }));
  }
}

/** A family of `head` with `samples`, its labels as `--netns*` has them. */
export function familyOf(head: FamilyHead, netns: boolean, samples: readonly Sample[]): MetricFamily {
  if (head.type === "histogram") throw new TypeError(`Cannot make histogram ${head.name} from plain samples`);
  return { name: head.name, type: head.type, help: head.help, labelNames: labelNamesOf(head, netns), samples };
}

function otherLabels(names: readonly string[]): Labels {
  return Object.fromEntries(names.map((n) => [n, OTHER]));
}

function sizeOf(s: Sample | HistogramSample): number {
  return "value" in s ? Number(s.value) : s.count;
}

function mergeHistograms(a: HistogramSample, b: HistogramSample, labels: Labels): HistogramSample {
  return { labels, buckets: a.buckets.map((x, i) => ({ le: x.le, count: x.count + (b.buckets[i]?.count ?? 0) })), sum: a.sum + b.sum, count: a.count + b.count };
}

/** A family within `max` series: its largest `max - 1` kept (ties in their order), the rest folded into one; and how many were folded. */
export function capFamily(family: MetricFamily, max: number): { readonly family: MetricFamily; readonly folded: number } {
  if (family.samples.length <= max) return { family, folded: 0 };
  const keep = Math.max(0, max - 1);
  const order = family.samples.map((s, i) => ({ s, i })).sort((a, b) => sizeOf(b.s) - sizeOf(a.s) || a.i - b.i);
  const kept = new Set(order.slice(0, keep).map((o) => o.i));
  const labels = otherLabels(family.labelNames);
  if (family.type === "histogram") {
    const rest = family.samples.filter((_, i) => !kept.has(i));
    const fold = rest.slice(1).reduce((acc, s) => mergeHistograms(acc, s, labels), { ...rest[0]!, labels });
    return { family: { ...family, samples: [...family.samples.filter((_, i) => kept.has(i)), fold] }, folded: rest.length };
  }
  let value = 0;
  let folded = 0;
  for (const [i, s] of family.samples.entries()) {
    if (!kept.has(i)) [value, folded] = [value + Number(s.value), folded + 1];
  }
  return { family: { ...family, samples: [...family.samples.filter((_, i) => kept.has(i)), { labels, value }] }, folded };
}
