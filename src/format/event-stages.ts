/**
 * `--watch`'s final stages: one line per socket event, as event text or as
 * NDJSON; diagnostics on stderr in the format's words. (`--format table`
 * has no table of events: its events are the text lines.) And the lifetimes
 * view of `--watch --closes`: one line per closed socket, with its owner,
 * ends, bytes and lifetime, aligned under a header in `--format table`.
 */
import { concat, concatMap, EMPTY, filter, from, of, type Observable } from "rxjs";
import type { SocketEvent } from "../model/event.ts";
import type { Written } from "../model/pipeline.ts";
import { ndjsonLine } from "./ndjson.ts";
import { endpoints, eventLine, eventObject, isoTime, lifetimeMs, ownerText } from "./socket-event.ts";
import { terminalSafe } from "./terminal-safe.ts";
import { diagnosticWritten, type FinalStage, type ModeFormatsOf, type StageContext } from "./stages.ts";

/** A stage writing each event as `line` gives it. */
function eventStage(lineOf: (ctx: StageContext) => (e: SocketEvent) => string): FinalStage<SocketEvent> {
  return (ctx) => {
    const line = lineOf(ctx);
    return concatMap((item): Observable<Written> => {
      if (item.kind === "diagnostic") return from(diagnosticWritten(ctx.options.format, item));
      if (item.kind === "record") return of({ stream: "stdout", text: line(item.record) });
      if (item.kind === "batch") return of({ stream: "stdout", text: item.records.map(line).join("") });
      return EMPTY;
    });
  };
}

const eventText = eventStage((ctx) => {
  const columns = { extend: ctx.options.extend > 1, timers: ctx.options.timers };
  return (e) => eventLine(e, ctx.colour, columns);
});

/** `--watch` in every format. */
export const EVENT_FORMATS: ModeFormatsOf<SocketEvent> = {
  text: eventText,
  json: eventStage(() => (e) => ndjsonLine(eventObject(e))),
  table: eventText,
};

/** The lifetimes view's columns: header, width (a cell grows past it, never cut), alignment. */
const CLOSE_COLUMNS = [
  ["Time", 24, "left"],
  ["Proto", 5, "left"],
  ["Local Address", 23, "left"],
  ["Foreign Address", 23, "left"],
  ["PID/Program name", 20, "left"],
  ["Rx B", 10, "right"],
  ["Tx B", 10, "right"],
  ["Lifetime s", 10, "right"],
] as const;

/** One closed socket's cells: when, proto, its ends, owner, bytes in and out, lifetime. */
function closeCells(e: Extract<SocketEvent, { event: "close" }>): readonly string[] {
  const [local, foreign] = endpoints(e);
  const owner = ownerText(e.record) ?? "-";
  const count = (n: number | undefined): string => (n === undefined ? "-" : String(n));
  const lifetime = lifetimeMs(e);
  const lived = lifetime === null ? "-" : (lifetime / 1000).toFixed(3);
  return [isoTime(e.at), e.record.proto, terminalSafe(local), terminalSafe(foreign), terminalSafe(owner), count(e.counters?.bytes_received), count(e.counters?.bytes_acked), lived];
}

function closeLine(cells: readonly string[]): string {
  return `${cells.map((c, i) => (CLOSE_COLUMNS[i]![2] === "right" ? c.padStart(CLOSE_COLUMNS[i]![1]) : c.padEnd(CLOSE_COLUMNS[i]![1]))).join(" ").trimEnd()}\n`;
}

/** The lifetimes view as lines, with a header first in `--format table`; gaps as in the events view. */
function closesStage(header: boolean): FinalStage<SocketEvent> {
  return (ctx) => (items) => {
    const lines = items.pipe(
      concatMap((item): Observable<Written> => {
        if (item.kind === "diagnostic") return from(diagnosticWritten(ctx.options.format, item));
        if (item.kind !== "record") return EMPTY;
        const e = item.record;
        if (e.event === "gap") return of({ stream: "stdout", text: eventLine(e, false) });
        return e.event === "close" ? of({ stream: "stdout", text: closeLine(closeCells(e)) }) : EMPTY;
      }),
    );
    return header ? concat(of<Written>({ stream: "stdout", text: closeLine(CLOSE_COLUMNS.map(([name]) => name)) }), lines) : lines;
  };
}

/** `--watch --closes` in every format: `--json` writes the close records (and gaps). */
export const CLOSE_FORMATS: ModeFormatsOf<SocketEvent> = {
  text: closesStage(false),
  json: (ctx) => (items) => items.pipe(filter((i) => i.kind !== "record" || i.record.event === "close" || i.record.event === "gap"), EVENT_FORMATS.json(ctx)),
  table: closesStage(true),
};
