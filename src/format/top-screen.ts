/**
 * The live view's screen as a pure function of the model and the view: a
 * header with the totals, the tabs of the views, the column titles, a page
 * of rows, and a status line with the keys (or the filter being typed, or
 * help in place of the rows). Lines are spans of text, each with its SGR
 * code (none without colour), exactly `width` cells wide; top-diff.ts turns
 * two screens into the bytes that change one into the other.
 */
import type { TopModel } from "../operators/top-groups.ts";
import { STATE_COLOURS } from "./table.ts";
import { TOP_COLUMNS, bytesText, topRows, type TopColumn, type TopRow } from "./top-rows.ts";
import { pageRows, type TopView, type TopViewName } from "./top-view.ts";

/** A run of text in one style (an SGR parameter string, "" for plain). */
export interface Span {
  readonly text: string;
  readonly sgr: string;
}
export type ScreenLine = readonly Span[];

/** What the screen says besides the model: the refresh interval, why owners may be missing, colour. */
export interface TopScreenContext {
  readonly intervalMs: number;
  /** One sentence on why some owners show `-` (not root), or undefined. */
  readonly ownersNote: string | undefined;
  readonly colour: boolean;
}

/** The screen, and each view's row order to keep for the next one. */
export interface TopScreen {
  readonly lines: readonly ScreenLine[];
  readonly order: readonly string[];
  /** How many rows the view has after its filter (for scrolling). */
  readonly rows: number;
}

const TITLES: Readonly<Record<TopViewName, string>> = { processes: "Processes", connections: "Connections", hosts: "Remote hosts", namespaces: "Namespaces" };
const SORT_TITLES = { tx: "sent/s", rx: "received/s", connections: "connections" } as const;
const KEYS_HINT = "q quit  Space pause  Tab view  s/r/c sort  / filter  n names  t totals  ? help";

/** The keys, as `?` shows them. */
export const HELP_LINES: readonly string[] = [
  "q, Ctrl-C        quit",
  "Space            pause and resume (the counting goes on meanwhile)",
  "Tab, Shift-Tab   next, previous view: processes, connections, remote hosts, namespaces",
  "s / r / c        sort by bytes sent, bytes received, connections",
  "/                filter: an ss filter expression (dport = :443), or else text the rows",
  "                 hold (Enter applies, Esc cancels)",
  "Esc              clear the filter",
  "n                host and service names on or off",
  "t                totals of live connections, or since the start (closed and exited included)",
  "Up, Down, j, k   scroll a row; PgUp, PgDn a page; Home, End",
  "?                this help (any key closes it)",
  "",
  "Rates are bytes per second (k = 1000) from each TCP connection's kernel counters;",
  "connections that closed between two refreshes count with their final bytes.",
];

/** `text` cut or padded to exactly `width` cells. */
function fit(text: string, width: number, right = false): string {
  if (text.length > width) return width <= 0 ? "" : text.slice(0, width);
  return right ? text.padStart(width) : text.padEnd(width);
}

/** A line of spans made exactly `width` cells wide. */
function line(spans: readonly Span[], width: number): ScreenLine {
  const out: Span[] = [];
  let used = 0;
  for (const s of spans) {
    const text = s.text.slice(0, Math.max(width - used, 0));
    if (text !== "") out.push({ text, sgr: s.sgr });
    used += text.length;
  }
  if (used < width) out.push({ text: " ".repeat(width - used), sgr: "" });
  return out;
}

/** Each column's width at this screen width: the flexible ones share what the fixed ones leave. */
export function columnWidths(columns: readonly TopColumn[], width: number): readonly number[] {
  const fixed = columns.reduce((n, c) => n + c.width + 1, -1);
  const weights = columns.reduce((n, c) => n + (c.flex ?? 0), 0);
  const spare = Math.max(width - fixed, 0);
  let given = 0;
  const widths = columns.map((c) => {
    if (c.flex === undefined) return c.width;
    const extra = Math.floor((spare * c.flex) / weights);
    given += extra;
    return c.width + extra;
  });
  // What rounding left goes to the last flexible column.
  const lastFlex = columns.map((c) => c.flex !== undefined).lastIndexOf(true);
  if (lastFlex !== -1) widths[lastFlex]! += spare - given;
  return widths;
}

function rowLine(row: TopRow, columns: readonly TopColumn[], widths: readonly number[], ctx: TopScreenContext, width: number): ScreenLine {
  const spans: Span[] = [];
  columns.forEach((c, i) => {
    const text = fit(row.cells[i] ?? "", widths[i]!, c.right);
    const code = c.state && ctx.colour ? STATE_COLOURS[row.cells[i] ?? ""] : undefined;
    spans.push({ text, sgr: code === undefined ? "" : code.slice(2, -1) });
    if (i < columns.length - 1) spans.push({ text: " ", sgr: "" });
  });
  return line(spans, width);
}

function headerLine(model: TopModel, view: TopView, ctx: TopScreenContext, sockets: number): ScreenLine {
  const s = model.state;
  const seconds = s.intervalMs / 1000;
  const perSecond = (n: number): string => (seconds === 0 ? "0" : (n / seconds).toFixed(1));
  const groups = [...model.groups.processes.values()];
  const rxRate = groups.reduce((n, g) => n + g.rxRate, 0);
  const txRate = groups.reduce((n, g) => n + g.txRate, 0);
  const [rx, tx] = view.cumulative ? [s.rxTotal, s.txTotal] : [groups.reduce((n, g) => n + g.rx, 0), groups.reduce((n, g) => n + g.tx, 0)];
  const rates = `rx ${bytesText(rxRate)}/s tx ${bytesText(txRate)}/s`;
  const since = view.cumulative ? "since start" : "total";
  const wide = `${rates}  ${since} rx ${bytesText(rx)} tx ${bytesText(tx)}  sockets ${sockets}  every ${ctx.intervalMs / 1000}s  new ${perSecond(s.opened)}/s closed ${perSecond(s.closed)}/s`;
  // At 80 columns the words give way to signs: + new, - closed per second.
  const narrow = `${rates}  ${since} ${bytesText(rx)} ${bytesText(tx)}  ${sockets} sockets  ${ctx.intervalMs / 1000}s  +${perSecond(s.opened)}/s -${perSecond(s.closed)}/s`;
  return line([{ text: wide.length <= view.width ? wide : narrow, sgr: "" }], view.width);
}

function tabsLine(view: TopView, ctx: TopScreenContext): ScreenLine {
  const spans: Span[] = [];
  for (const v of view.views) {
    const title = v === view.view ? `[${TITLES[v]}]` : ` ${TITLES[v]} `;
    spans.push({ text: title, sgr: v === view.view && ctx.colour ? "7" : "" });
  }
  if (view.paused) spans.push({ text: "  PAUSED", sgr: ctx.colour ? "1;33" : "" });
  const filter = view.filter === "" ? "" : `  filter: ${view.filter}`;
  spans.push({ text: `  sort: ${SORT_TITLES[view.sort]}${filter}`, sgr: "" });
  if (ctx.ownersNote !== undefined) spans.push({ text: `  ${ctx.ownersNote}`, sgr: ctx.colour ? "2" : "" });
  return line(spans, view.width);
}

function statusLine(view: TopView, ctx: TopScreenContext, rows: number): ScreenLine {
  if (view.editing !== undefined) {
    const error = view.filterError === undefined ? "" : `  ${view.filterError}`;
    return line([{ text: `/${view.editing}`, sgr: "" }, { text: "_", sgr: ctx.colour ? "5" : "" }, { text: error, sgr: ctx.colour ? "31" : "" }], view.width);
  }
  const page = pageRows(view);
  const shown = rows === 0 ? "no rows" : `rows ${view.scroll + 1}-${Math.min(view.scroll + page, rows)} of ${rows}`;
  return line([{ text: `${shown}  `, sgr: "" }, { text: KEYS_HINT, sgr: ctx.colour ? "2" : "" }], view.width);
}

/** The screen for this model and view. */
export function renderTop(model: TopModel, view: TopView, ctx: TopScreenContext): TopScreen {
  const columns = TOP_COLUMNS[view.view];
  const widths = columnWidths(columns, view.width);
  const rows = topRows(model, view);
  const page = pageRows(view);
  const sockets = model.state.connections.size;
  const lines: ScreenLine[] = [headerLine(model, view, ctx, sockets), tabsLine(view, ctx)];
  const titles = columns.map((c, i) => fit(c.title, widths[i]!, c.right)).join(" ");
  lines.push(line([{ text: titles, sgr: ctx.colour ? "1;7" : "" }], view.width));
  const body = view.help ? HELP_LINES.map((text) => line([{ text, sgr: "" }], view.width)) : rows.slice(view.scroll, view.scroll + page).map((r) => rowLine(r, columns, widths, ctx, view.width));
  for (let i = 0; i < page; i++) lines.push(body[i] ?? line([], view.width));
  lines.push(statusLine(view, ctx, rows.length));
  return { lines: lines.slice(0, Math.max(view.height, 0)), order: rows.map((r) => r.id), rows: rows.length };
}
