/**
 * The parts every final stage shares: a diagnostic's words on the right
 * stream for the format, and a stage that writes only diagnostics (for modes
 * without records of their own in that format).
 */
import { concatMap, EMPTY, from, of, type Observable, type OperatorFunction } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Options } from "../model/options.ts";
import type { Item, Written } from "../model/pipeline.ts";
import type { NameResolver } from "../resolve/names.ts";
import type { MetricFamily } from "./exposition.ts";
import { netnsHeader } from "./netns-header.ts";
import type { TopTerminalPort } from "./top-view.ts";
import { jsonWords, netstatWords, recordWords } from "./netstat-diagnostics.ts";

/** What a final stage knows of the run. */
export interface StageContext {
  readonly options: Options;
  readonly resolver: NameResolver;
  /** Whether tables and events may be coloured. */
  readonly colour: boolean;
  /** The clock, ms since the epoch (`ts` under `-c`). */
  readonly now: () => number;
  /** Which pass of `-c` this is, from 1 (netstat prints some titles on the first only). */
  readonly pass: number;
  /** The event families a long-running exposition carries next to each reading's (format/metric-events.ts). */
  readonly eventFamilies?: () => readonly MetricFamily[];
  /** `--top`: the terminal the live view draws on. */
  readonly terminal?: TopTerminalPort | undefined;
}

/** A final stage: one pass's items in, text for the streams out. */
export type FinalStage<R> = (ctx: StageContext) => OperatorFunction<Item<R>, Written>;

/** One mode's final stage in each of the formats every mode has (the exposition is the socket listing's alone). */
export type ModeFormatsOf<R> = { readonly [F in Exclude<Options["format"], "prometheus">]: FinalStage<R> };

// The exposition is stdout's alone: its words go to stderr, as with tables.
const WORDS_OF: { readonly [F in Options["format"]]: (d: Diagnostic) => readonly Written[] } = { text: netstatWords, json: jsonWords, table: recordWords, prometheus: recordWords };

/** A diagnostic's words: netstat text keeps netstat's streams; record formats keep stdout for records. */
export function diagnosticWritten(format: Options["format"], item: Item<unknown> & { readonly kind: "diagnostic" }): readonly Written[] {
  return WORDS_OF[format](item.diagnostic);
}

/** A stage that writes diagnostics only: records and sections say nothing in it. */
export function diagnosticsOnly<R>(ctx: StageContext): OperatorFunction<Item<R>, Written> {
  return concatMap((item) => from(item.kind === "diagnostic" ? diagnosticWritten(ctx.options.format, item) : []));
}

/** How netstat text writes one record or section start of a mode; "" writes nothing. */
export type TextOf<R> = (item: Item<R> & { readonly kind: "record" | "section" }) => string;

/** How netstat text writes a batch of records; by default each as one record. */
export type RowsOf<R> = (records: readonly R[]) => string;

/**
 * A netstat text stage from how it writes records and sections (and, when it has a faster way,
 * batches of records): diagnostics in netstat's words on netstat's streams, and under
 * `--all-netns` a header line before each namespace's part.
 */
export function textStage<R>(textOf: (ctx: StageContext) => TextOf<R>, rowsOf?: (ctx: StageContext) => RowsOf<R>): FinalStage<R> {
  return (ctx) => {
    const text = textOf(ctx);
    const rows: RowsOf<R> =
      rowsOf?.(ctx) ??
      ((records) => {
        let written = "";
        for (const record of records) written += text({ kind: "record", record });
        return written;
      });
    const headers = ctx.options.netns?.kind === "all";
    let shown = 0;
    return concatMap((item): Observable<Written> => {
      if (item.kind === "diagnostic") return from(diagnosticWritten("text", item));
      if (item.kind === "namespace") return headers ? of({ stream: "stdout", text: `${shown++ > 0 ? "\n" : ""}${netnsHeader(item.label)}` }) : EMPTY;
      const written = item.kind === "batch" ? rows(item.records) : text(item);
      return written === "" ? EMPTY : of({ stream: "stdout", text: written });
    });
  };
}
