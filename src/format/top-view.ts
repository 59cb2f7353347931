/**
 * What the live view (`--top`) shows, apart from the model: the view, the
 * sort key, the scroll position, the filter, pause, names, cumulative totals,
 * help and the screen's size; and how each key changes it (a pure function,
 * so the terminal edge only reads keys and draws).
 */
import type { Observable } from "rxjs";
import type { NetworkRecord } from "../model/record.ts";
import type { AnySocket } from "../model/socket.ts";

/** The views Tab cycles through; namespaces only with a namespace option. */
export type TopViewName = "processes" | "connections" | "hosts" | "namespaces";

/** Sent, received, or connections: the keys s, r and c. */
export type TopSort = "tx" | "rx" | "connections";

/** One connection a row stands for: its record and, read over netlink or from /proc, the socket it was made of. */
export interface TopFilterConnection {
  readonly record: NetworkRecord;
  readonly socket?: AnySocket | undefined;
}

/**
 * A filter over rows: a row's text (its cells joined by spaces), and the connections it stands
 * for (a connection row its own, a group's row its live connections), worked out when asked.
 */
export interface TopFilterSubject {
  readonly text: string;
  readonly connections: () => readonly TopFilterConnection[];
}

/** A compiled filter; a compiler says in one sentence why an expression is not one. */
export type TopPredicate = (row: TopFilterSubject) => boolean;
export type TopFilterCompiler = (expression: string) => TopPredicate | { readonly error: string };

/** What the terminal edge gives the live view's stage: keys, the screen's size (at once, then at each change), and a way to end the run. */
export interface TopTerminalPort {
  readonly keys$: Observable<TopKey>;
  readonly size$: Observable<{ readonly width: number; readonly height: number }>;
  /** Asks the edge to end the run (q, Ctrl-C): it restores the screen. */
  readonly quit: () => void;
  /** What `/` makes of the text typed (a substring of the row when absent). */
  readonly compile?: TopFilterCompiler | undefined;
}

/** The view's state. */
export interface TopView {
  readonly view: TopViewName;
  readonly views: readonly TopViewName[];
  readonly sort: TopSort;
  /** The first row shown. */
  readonly scroll: number;
  /** The filter in force ("" for none), and its predicate. */
  readonly filter: string;
  readonly predicate: TopPredicate | undefined;
  /** What is being typed after `/`, or undefined. */
  readonly editing: string | undefined;
  /** Why the last filter typed was refused. */
  readonly filterError: string | undefined;
  readonly paused: boolean;
  /** Host and service names rather than numbers. */
  readonly names: boolean;
  /** `t`: totals since the start (closed connections and exited processes included) rather than of live connections. */
  readonly cumulative: boolean;
  readonly help: boolean;
  readonly width: number;
  readonly height: number;
  /** The rows' last order in each view (ids), which keeps ties where they were. */
  readonly order: Readonly<Partial<Record<TopViewName, readonly string[]>>>;
}

/** A filter that keeps the rows whose text holds the expression, ignoring case. */
export function substringFilter(expression: string): TopPredicate {
  const needle = expression.toLowerCase();
  return (row) => row.text.toLowerCase().includes(needle);
}

/** The view at the start. */
export function initialTopView(width: number, height: number, namespaces: boolean, names: boolean): TopView {
  const views: readonly TopViewName[] = namespaces ? ["processes", "connections", "hosts", "namespaces"] : ["processes", "connections", "hosts"];
  return {
    view: "processes",
    views,
    sort: "tx",
    scroll: 0,
    filter: "",
    predicate: undefined,
    editing: undefined,
    filterError: undefined,
    paused: false,
    names,
    cumulative: false,
    help: false,
    width,
    height,
    order: {},
  };
}

/** A key as the terminal edge decodes it. */
export type TopKey = "quit" | "up" | "down" | "pageUp" | "pageDown" | "home" | "end" | "tab" | "backTab" | "enter" | "escape" | "backspace" | { readonly char: string };

/** The rows a page holds at this size (header, tabs, column names and the status line take four). */
export function pageRows(view: TopView): number {
  return Math.max(view.height - 4, 1);
}

const SORT_KEYS: Readonly<Record<string, TopSort>> = { s: "tx", r: "rx", c: "connections" };

/** The keys that act while the filter is being typed. */
function editKey(view: TopView, key: TopKey, compile: TopFilterCompiler): TopView {
  const text = view.editing ?? "";
  if (key === "escape") return { ...view, editing: undefined };
  if (key === "backspace") return { ...view, editing: text.slice(0, -1) };
  if (key === "enter") {
    if (text === "") return { ...view, editing: undefined, filter: "", predicate: undefined, filterError: undefined, scroll: 0 };
    const compiled = compile(text);
    if (typeof compiled !== "function") return { ...view, filterError: compiled.error };
    return { ...view, editing: undefined, filter: text, predicate: compiled, filterError: undefined, scroll: 0 };
  }
  if (typeof key === "object" && key.char >= " ") return { ...view, editing: text + key.char, filterError: undefined };
  return view;
}

/** The next view after a key (quit is the edge's); scrolling is bounded by `rows`, the rows the view has. */
export function topKey(view: TopView, key: TopKey, rows: number, compile: TopFilterCompiler = substringFilter): TopView {
  if (view.editing !== undefined) return editKey(view, key, compile);
  if (view.help && key !== "quit") return { ...view, help: false };
  const page = pageRows(view);
  const last = Math.max(rows - page, 0);
  const scrolled = (to: number): TopView => ({ ...view, scroll: Math.min(Math.max(to, 0), last) });
  const cycle = (step: number): TopView => {
    const at = view.views.indexOf(view.view);
    return { ...view, view: view.views[(at + step + view.views.length) % view.views.length]!, scroll: 0 };
  };
  switch (key) {
    case "up":
      return scrolled(view.scroll - 1);
    case "down":
      return scrolled(view.scroll + 1);
    case "pageUp":
      return scrolled(view.scroll - page);
    case "pageDown":
      return scrolled(view.scroll + page);
    case "home":
      return scrolled(0);
    case "end":
      return scrolled(last);
    case "tab":
      return cycle(1);
    case "backTab":
      return cycle(-1);
    case "escape":
      return { ...view, filter: "", predicate: undefined, scroll: 0 };
    case "quit":
    case "enter":
    case "backspace":
      return view;
  }
  const c = key.char;
  const sort = SORT_KEYS[c];
  if (sort !== undefined) return { ...view, sort, scroll: 0 };
  if (c === "j") return scrolled(view.scroll + 1);
  if (c === "k") return scrolled(view.scroll - 1);
  if (c === " ") return { ...view, paused: !view.paused };
  if (c === "/") return { ...view, editing: view.filter };
  if (c === "n") return { ...view, names: !view.names };
  if (c === "t") return { ...view, cumulative: !view.cumulative };
  if (c === "?") return { ...view, help: true };
  return view;
}

/** The view at a new size, its scroll kept within the rows. */
export function resized(view: TopView, width: number, height: number, rows: number): TopView {
  const next = { ...view, width, height };
  return { ...next, scroll: Math.min(view.scroll, Math.max(rows - pageRows(next), 0)) };
}
