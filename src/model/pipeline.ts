/**
 * What every mode's pipeline emits, in order: records and diagnostics as
 * data, the start of each section (a table that is shown even when it stays
 * empty), and the namespace the items after it were read in. Formats
 * (src/format/registry.ts) turn this one stream into netstat text, NDJSON
 * or tables; nothing in it is text yet.
 */
import type { Diagnostic } from "./diagnostic.ts";
import type { NetnsLabel } from "./netns.ts";

/** The sections a pipeline can open, each a table in `--format table` and a header in netstat text. */
export type SectionName =
  | "route4"
  | "route4-cache"
  | "route6"
  | "route6-cache"
  | "interfaces"
  | "groups"
  | "statistics"
  | "summary"
  | "inet"
  | "unix"
  | "legacy";

/** One item of a pipeline whose records are `R`. */
export type Item<R> =
  | { readonly kind: "record"; readonly record: R }
  /** Several records at once, in order: a chunk of a large table, so that a million sockets are not a million items. */
  | { readonly kind: "batch"; readonly records: readonly R[] }
  | { readonly kind: "diagnostic"; readonly diagnostic: Diagnostic }
  | { readonly kind: "section"; readonly section: SectionName }
  /** The items after this one, up to the next, were read in this namespace (`--netns*`). */
  | { readonly kind: "namespace"; readonly label: NetnsLabel };

/** A diagnostic item. */
export function diagnostic<R = never>(d: Diagnostic): Item<R> {
  return { kind: "diagnostic", diagnostic: d };
}

/** A record item. */
export function record<R>(r: R): Item<R> {
  return { kind: "record", record: r };
}

/** A batch item. */
export function batch<R>(records: readonly R[]): Item<R> {
  return { kind: "batch", records };
}

/** A section start. */
export function section<R = never>(name: SectionName): Item<R> {
  return { kind: "section", section: name };
}

/** Text a final stage writes: the CLI sends it to the named stream. */
export interface Written {
  readonly stream: "stdout" | "stderr";
  readonly text: string;
}
