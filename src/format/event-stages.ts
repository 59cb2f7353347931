/**
 * `--watch`'s final stages: one line per socket event, as event text or as
 * NDJSON; diagnostics on stderr in the format's words. (`--format table`
 * has no table of events: its events are the text lines.)
 */
import { concatMap, EMPTY, from, of, type Observable } from "rxjs";
import type { SocketEvent } from "../model/event.ts";
import type { Written } from "../model/pipeline.ts";
import { ndjsonLine } from "./ndjson.ts";
import { eventLine, eventObject } from "./socket-event.ts";
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
