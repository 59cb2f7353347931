/**
 * `--top`'s final stage: the pipeline's inputs stepped into the model
 * (operators/top-groups.ts), keys into the view (format/top-view.ts), each
 * reading, key and resize drawn as only the cells that changed
 * (format/top-screen.ts, format/top-diff.ts). While paused the model goes on
 * counting and the screen keeps the model it showed.
 */
import { filter, map, merge, scan, tap, type OperatorFunction } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Item, Written } from "../model/pipeline.ts";
import { INITIAL_TOP_MODEL, stepTopModel, type TopModel } from "../operators/top-groups.ts";
import type { TopInput } from "../operators/top-model.ts";
import { wordsText } from "./netstat-diagnostics.ts";
import type { FinalStage, StageContext } from "./stages.ts";
import { diagnosticsOnly } from "./stages.ts";
import { screenDiff } from "./top-diff.ts";
import { renderTop, type ScreenLine } from "./top-screen.ts";
import { initialTopView, resized, topKey, type TopKey, type TopView } from "./top-view.ts";

type Event =
  | { readonly kind: "item"; readonly item: Item<TopInput> }
  | { readonly kind: "key"; readonly key: TopKey }
  | { readonly kind: "size"; readonly width: number; readonly height: number };

interface Ui {
  readonly live: TopModel;
  readonly shown: TopModel;
  readonly view: TopView;
  readonly lines: readonly ScreenLine[] | undefined;
  readonly rows: number;
  readonly notes: readonly string[];
  /** What to write for this step ("" for nothing). */
  readonly out: string;
  readonly quit: boolean;
}

/** A diagnostic's words for the header: shortly for the missing owners, netstat's first line otherwise. */
function noteOf(d: Diagnostic): string {
  if (d.kind === "programs-partial") return d.extent === "none" ? "not root: no process could be read, owners show -" : "not root: other users' processes show -";
  return wordsText(d).split("\n")[0]!.replace(/^netstat-stream: /, "");
}

/** The live view drawn on the terminal of `ctx`; without one (not a terminal), only the diagnostics are written. */
export const topStage: FinalStage<TopInput> = (ctx: StageContext): OperatorFunction<Item<TopInput>, Written> => {
  const terminal = ctx.terminal;
  if (terminal === undefined) return diagnosticsOnly(ctx);
  const { options } = ctx;
  const screen = { intervalMs: options.intervalMs, colour: ctx.colour };
  const draw = (ui: Omit<Ui, "out" | "lines" | "rows">, before: readonly ScreenLine[] | undefined): Ui => {
    const note = ui.notes.length === 0 ? undefined : ui.notes.join("; ");
    const drawn = renderTop(ui.shown, ui.view, { ...screen, ownersNote: note });
    const view = { ...ui.view, order: { ...ui.view.order, [ui.view.view]: drawn.order } };
    return { ...ui, view, lines: drawn.lines, rows: drawn.rows, out: screenDiff(before, drawn.lines) };
  };
  const step = (ui: Ui, e: Event): Ui => {
    const quiet = { ...ui, out: "" };
    if (e.kind === "size") {
      const view = resized(ui.view, e.width, e.height, ui.rows);
      return draw({ ...ui, view }, undefined);
    }
    if (e.kind === "key") {
      const { key } = e;
      if (key === "quit" || (ui.view.editing === undefined && typeof key === "object" && key.char === "q")) return { ...quiet, quit: true };
      const view = topKey(ui.view, key, ui.rows, terminal.compile);
      const shown = ui.view.paused && !view.paused ? ui.live : ui.shown;
      return draw({ ...ui, view, shown }, ui.lines);
    }
    const { item } = e;
    if (item.kind === "diagnostic") {
      const note = noteOf(item.diagnostic);
      if (ui.notes.includes(note)) return quiet;
      return draw({ ...ui, notes: [...ui.notes, note] }, ui.lines);
    }
    if (item.kind !== "record") return quiet;
    const live = stepTopModel(ui.live, item.record);
    if (item.record.kind === "closed") return { ...quiet, live };
    if (ui.view.paused) return { ...quiet, live };
    return draw({ ...ui, live, shown: live }, ui.lines);
  };
  const first: Ui = {
    live: INITIAL_TOP_MODEL,
    shown: INITIAL_TOP_MODEL,
    view: initialTopView(80, 24, options.netns !== undefined, !options.numericHosts),
    lines: undefined,
    rows: 0,
    notes: [],
    out: "",
    quit: false,
  };
  return (items) =>
    merge(
      terminal.size$.pipe(map((s): Event => ({ kind: "size", width: s.width, height: s.height }))),
      terminal.keys$.pipe(map((key): Event => ({ kind: "key", key }))),
      items.pipe(map((item): Event => ({ kind: "item", item }))),
    ).pipe(
      scan(step, first),
      tap((ui) => {
        if (ui.quit) terminal.quit();
      }),
      filter((ui) => ui.out !== ""),
      map((ui): Written => ({ stream: "stdout", text: ui.out })),
    );
};
