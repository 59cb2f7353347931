/**
 * The record formats' final stages, shared by every mode: NDJSON lines as
 * records come (stamped with the pass's start under `-c`, labelled with
 * their namespace), and tables, which must see a section before they can
 * size its columns. Namespaces share one table per section, led by the
 * namespace columns; netstat's words go to stderr as they come.
 */
import { concatMap, EMPTY, from, Observable, of } from "rxjs";
import type { NetnsLabel } from "../model/netns.ts";
import type { SectionName, Written } from "../model/pipeline.ts";
import { ndjsonLine } from "./ndjson.ts";
import { withNetnsFields } from "./netns-fields.ts";
import { isoTime } from "./socket-event.ts";
import { diagnosticWritten, type FinalStage, type StageContext } from "./stages.ts";
import { formatTable, netnsColumns, type Column } from "./table.ts";

/** How a mode's records become record objects: none for a fact only text shows, several for a block of counters. */
export type RecordOf<R> = (ctx: StageContext) => (record: R) => readonly object[];

/** `--json`: one NDJSON line per record. */
export function jsonStage<R>(recordOf: RecordOf<R>): FinalStage<R> {
  return (ctx) => {
    const toRecord = recordOf(ctx);
    const stamp = ctx.options.continuous ? { ts: isoTime(ctx.now()) } : {};
    let label: NetnsLabel | undefined;
    return concatMap((item): Observable<Written> => {
      if (item.kind === "diagnostic") return from(diagnosticWritten("json", item));
      if (item.kind === "namespace") label = item.label;
      if (item.kind !== "record" && item.kind !== "batch") return EMPTY;
      const records = item.kind === "record" ? [item.record] : item.records;
      const lines = records.flatMap((record) => toRecord(record).map((r) => ndjsonLine({ ...withNetnsFields(r, label), ...stamp })));
      return lines.length === 0 ? EMPTY : of({ stream: "stdout", text: lines.join("") });
    });
  };
}

/** The columns of each section a mode's tables show. */
export type ColumnsOf = (ctx: StageContext) => (section: SectionName) => readonly Column<never>[] | undefined;

/** `--format table`: each section one table, written once the pass is complete, after the pass's words. */
export function tableStage<R>(recordOf: RecordOf<R>, columnsOf: ColumnsOf): FinalStage<R> {
  return (ctx) => (items) =>
    new Observable<Written>((subscriber) => {
      const toRecord = recordOf(ctx);
      const columns = columnsOf(ctx);
      const tables = new Map<SectionName, object[]>();
      let open: object[] | undefined;
      let label: NetnsLabel | undefined;
      let labelled = false;
      return items.subscribe({
        next: (item) => {
          if (item.kind === "diagnostic") for (const w of diagnosticWritten("table", item)) subscriber.next(w);
          else if (item.kind === "namespace") [label, labelled] = [item.label, true];
          else if (item.kind === "section") {
            open = tables.get(item.section);
            if (open === undefined && columns(item.section) !== undefined) tables.set(item.section, (open = []));
          } else if (open !== undefined) {
            for (const record of item.kind === "record" ? [item.record] : item.records) {
              for (const r of toRecord(record)) open.push(withNetnsFields(r, label));
            }
          }
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          const lead = labelled ? (netnsColumns() as readonly Column<object>[]) : [];
          const text = [...tables]
            .map(([name, rows]) => formatTable([...lead, ...(columns(name) as readonly Column<object>[])], rows, ctx.colour))
            .join("\n");
          if (text !== "") subscriber.next({ stream: "stdout", text: text + (ctx.options.continuous ? "\n" : "") });
          subscriber.complete();
        },
      });
    });
}

/** The stages of a mode whose records have record objects. */
export function recordStages<R>(recordOf: RecordOf<R>, columnsOf: ColumnsOf): { readonly json: FinalStage<R>; readonly table: FinalStage<R> } {
  return { json: jsonStage(recordOf), table: tableStage(recordOf, columnsOf) };
}
