/**
 * The Prometheus exposition of metric families: the text format 0.0.4 and
 * OpenMetrics 1.0, from one model. A pure formatter: families in, text out
 * (Unicode; the caller encodes it as UTF-8). HELP and TYPE head every family;
 * label values are escaped as both formats ask (backslash, double quote,
 * newline), and what neither can carry (bytes that are not UTF-8, other
 * control characters) is written as U+FFFD, so any program name gives a
 * valid exposition.
 */
import { decodeBytes } from "../model/bytes.ts";

/** A family's type. `untyped` is OpenMetrics' `unknown`. */
export type MetricType = "gauge" | "counter" | "untyped" | "histogram";

/** Label values by label name; values are byte strings (model/bytes.ts) or plain text. */
export type Labels = Readonly<Record<string, string>>;

/** One series of a gauge, counter or untyped family. */
export interface Sample {
  readonly labels: Labels;
  readonly value: number | bigint;
}

/** One series of a histogram: cumulative counts per upper bound (ascending, without +Inf), their sum and count. */
export interface HistogramSample {
  readonly labels: Labels;
  readonly buckets: readonly { readonly le: number; readonly count: number }[];
  readonly sum: number;
  readonly count: number;
}

interface FamilyHead {
  /** The family's name; a counter's is without `_total`, which its samples carry. */
  readonly name: string;
  readonly help: string;
  /** Every label its series carry, in order (its documentation, and the order labels are written in). */
  readonly labelNames: readonly string[];
}

/** A metric family: its head and its series. */
export type MetricFamily =
  | (FamilyHead & { readonly type: "gauge" | "counter" | "untyped"; readonly samples: readonly Sample[] })
  | (FamilyHead & { readonly type: "histogram"; readonly samples: readonly HistogramSample[] });

/** The two expositions: Prometheus text 0.0.4, or OpenMetrics 1.0. */
export type ExpositionFormat = "text" | "openmetrics";

/** The Content-Type of each exposition. */
export const EXPOSITION_CONTENT_TYPES: { readonly [F in ExpositionFormat]: string } = {
  text: "text/plain; version=0.0.4; charset=utf-8",
  openmetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8",
};

// What neither format can carry in a label value: controls other than the newline (which is escaped).
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;
const NEEDS_WORK = /[^\x20-\x7e]|["\\]/;

/** A label value as both formats write it between quotes: escaped, valid UTF-8 text. */
export function labelValue(value: string): string {
  if (!NEEDS_WORK.test(value)) return value;
  const text = decodeBytes(value).replace(/[\udc80-\udcff]/g, "\ufffd").replace(CONTROLS, "\ufffd");
  return text.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

/** A metric name as the formats allow it: `[a-zA-Z_:][a-zA-Z0-9_:]*`, any other character as `_`. */
export function metricName(name: string): string {
  const safe = name.replace(/[^a-zA-Z0-9_:]/g, "_");
  return /^[0-9]/.test(safe) ? `_${safe}` : safe;
}

function helpText(help: string, format: ExpositionFormat): string {
  const escaped = help.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
  return format === "openmetrics" ? escaped.replace(/"/g, '\\"') : escaped;
}

function numberText(value: number | bigint): string {
  if (typeof value === "bigint") return value.toString();
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** A bucket's bound: OpenMetrics writes its canonical float (`10.0`), the text format the shortest (`10`). */
function leText(le: number, format: ExpositionFormat): string {
  return format === "openmetrics" && Number.isInteger(le) ? `${le}.0` : numberText(le);
}

function labelsText(labels: Labels, names: readonly string[], extra?: readonly [string, string]): string {
  const parts: string[] = [];
  for (const name of names) {
    const value = labels[name];
    if (value !== undefined) parts.push(`${name}="${labelValue(value)}"`);
  }
  if (extra !== undefined) parts.push(`${extra[0]}="${extra[1]}"`);
  return parts.length === 0 ? "" : `{${parts.join(",")}}`;
}

const TYPE_WORD: { readonly [F in ExpositionFormat]: { readonly [T in MetricType]: string } } = {
  text: { gauge: "gauge", counter: "counter", untyped: "untyped", histogram: "histogram" },
  openmetrics: { gauge: "gauge", counter: "counter", untyped: "unknown", histogram: "histogram" },
};

/** The name a family's TYPE and HELP lines carry: text 0.0.4 names a counter as its samples, with `_total`. */
function headName(family: MetricFamily, format: ExpositionFormat): string {
  return family.type === "counter" && format === "text" ? `${family.name}_total` : family.name;
}

function familyText(family: MetricFamily, format: ExpositionFormat): string {
  const head = headName(family, format);
  let text = `# HELP ${head} ${helpText(family.help, format)}\n# TYPE ${head} ${TYPE_WORD[format][family.type]}\n`;
  const names = family.labelNames;
  if (family.type === "histogram") {
    for (const s of family.samples) {
      for (const b of s.buckets) text += `${family.name}_bucket${labelsText(s.labels, names, ["le", leText(b.le, format)])} ${b.count}\n`;
      text += `${family.name}_bucket${labelsText(s.labels, names, ["le", "+Inf"])} ${s.count}\n`;
      text += `${family.name}_sum${labelsText(s.labels, names)} ${numberText(s.sum)}\n`;
      text += `${family.name}_count${labelsText(s.labels, names)} ${s.count}\n`;
    }
    return text;
  }
  const sampleName = family.type === "counter" ? `${family.name}_total` : family.name;
  for (const s of family.samples) text += `${sampleName}${labelsText(s.labels, names)} ${numberText(s.value)}\n`;
  return text;
}

/**
 * The exposition of `families` in `format`: each family's HELP and TYPE, then its series; a
 * counter's samples end in `_total`; OpenMetrics ends with `# EOF`. No timestamps.
 */
export function renderExposition(families: readonly MetricFamily[], format: ExpositionFormat): string {
  let text = "";
  for (const family of families) text += familyText(family, format);
  return format === "openmetrics" ? `${text}# EOF\n` : text;
}

/** The name a family's series are exposed under in text 0.0.4 (a counter's with `_total`). */
export function exposedName(family: Pick<MetricFamily, "name" | "type">): string {
  return family.type === "counter" ? `${family.name}_total` : family.name;
}
