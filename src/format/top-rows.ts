/**
 * The live view's rows: each view's columns and cells from the model
 * (operators/top-groups.ts), filtered by the view's predicate and sorted by
 * its key in a stable order: rows whose shown values are equal keep the
 * order they had, so a row moves only when its rank really changes.
 */
import type { NetworkRecord } from "../model/record.ts";
import { groupIdOf, type TopModel } from "../operators/top-groups.ts";
import type { TopConnection } from "../operators/top-model.ts";
import { endpointText } from "./table.ts";
import { terminalSafe } from "./terminal-safe.ts";
import type { TopFilterConnection, TopView, TopViewName } from "./top-view.ts";

/** A column: its title, its width (or, with `flex`, its share of what the fixed ones leave) and its side. */
export interface TopColumn {
  readonly title: string;
  readonly width: number;
  readonly flex?: number;
  readonly right?: boolean;
  /** Cells that are connection states, coloured as the tables colour them. */
  readonly state?: boolean;
}

/** One row: its id, its cells, and the values it sorts by. */
export interface TopRow {
  readonly id: string;
  readonly cells: readonly string[];
  readonly tx: number;
  readonly rx: number;
  readonly connections: number;
}

const RATE = 8;
const TOTAL = 8;
const GROUP_COLUMNS = (first: TopColumn[]): TopColumn[] => [
  ...first,
  { title: "CONNS", width: 5, right: true },
  { title: "RX/s", width: RATE, right: true },
  { title: "TX/s", width: RATE, right: true },
  { title: "RX", width: TOTAL, right: true },
  { title: "TX", width: TOTAL, right: true },
];

/** Each view's columns. */
export const TOP_COLUMNS: Readonly<Record<TopViewName, readonly TopColumn[]>> = {
  processes: GROUP_COLUMNS([
    { title: "PID", width: 7, right: true },
    { title: "PROGRAM", width: 8, flex: 1 },
  ]),
  connections: [
    { title: "PROTO", width: 5 },
    { title: "LOCAL", width: 10, flex: 3 },
    { title: "FOREIGN", width: 10, flex: 3 },
    { title: "STATE", width: 11, state: true },
    { title: "RX/s", width: 7, right: true },
    { title: "TX/s", width: 7, right: true },
    { title: "RTT", width: 6, right: true },
    { title: "AGE", width: 5, right: true },
    { title: "PROGRAM", width: 7, flex: 2 },
  ],
  hosts: GROUP_COLUMNS([{ title: "HOST", width: 10, flex: 1 }]),
  namespaces: GROUP_COLUMNS([{ title: "NAMESPACE", width: 10, flex: 1 }]),
};

const UNITS = ["", "k", "M", "G", "T", "P"] as const;

/** Bytes with three significant digits and a decimal unit (k = 1000): 512, 1.95M, 10.2G. */
export function bytesText(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  if (unit === 0) return `${Math.round(value)}`;
  return `${value >= 99.95 ? value.toFixed(0) : value >= 9.995 ? value.toFixed(1) : value.toFixed(2)}${UNITS[unit]}`;
}

/** A rate as shown; `-` where there are no counters. */
function rateText(rate: number | null): string {
  return rate === null ? "-" : bytesText(rate);
}

/** A duration in ms, shortly: 45s, 12m, 3h, 2d. */
export function ageText(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m`;
  if (s < 86400) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

/** A socket's end with names, or numbers. */
function end(host: string, ip: string, port: string, portNum: number, names: boolean): string {
  return names ? endpointText(host, port) : endpointText(ip, portNum === 0 ? "*" : String(portNum));
}

/** The owner as shown: the program, `-` where it cannot be read. */
function ownerText(record: NetworkRecord): string {
  return record.program_name ?? (record.attribution === "gone" ? "(closed unseen)" : "-");
}

function connectionRow(c: TopConnection, now: number, names: boolean): TopRow {
  const r = c.record;
  const cells = [
    r.proto,
    end(r.local_address, r.local_ip, r.local_port, r.local_port_num, names),
    end(r.foreign_address, r.foreign_ip, r.foreign_port, r.foreign_port_num, names),
    r.state ?? "",
    rateText(c.rxRate),
    rateText(c.txRate),
    c.rttMs === null ? "-" : c.rttMs.toFixed(c.rttMs >= 10 ? 0 : c.rttMs >= 1 ? 1 : 2),
    c.since === null ? "-" : ageText(now - c.since),
    ownerText(r),
  ].map(terminalSafe);
  // Sockets without counters sort below those that moved nothing.
  return { id: c.id, cells, tx: c.txRate ?? -1, rx: c.rxRate ?? -1, connections: 0 };
}

/** The rows of the view, unsorted, each with the connections a filter may look at. */
function rowsOf(model: TopModel, view: TopView): readonly (readonly [TopRow, () => readonly TopFilterConnection[]])[] {
  if (view.view === "connections") {
    const now = model.state.at ?? 0;
    return [...model.state.connections.values()].map((c) => [connectionRow(c, now, view.names), () => [c]] as const);
  }
  const kind = view.view;
  let members: Map<string, TopFilterConnection[]> | undefined;
  // A group's live connections, gathered once for every row when a filter first asks.
  const membersOf = (id: string) => (): readonly TopFilterConnection[] => {
    if (members === undefined) {
      members = new Map();
      for (const c of model.state.connections.values()) {
        const group = groupIdOf(kind, c.record);
        if (group === undefined) continue;
        let list = members.get(group);
        if (list === undefined) members.set(group, (list = []));
        list.push(c);
      }
    }
    return members.get(id) ?? [];
  };
  const rows: (readonly [TopRow, () => readonly TopFilterConnection[]])[] = [];
  for (const g of model.groups[kind].values()) {
    // A group with no socket left still shows while its last connections' bytes count in the rates.
    if (!g.live && !view.cumulative && g.rxRate === 0 && g.txRate === 0) continue;
    const [rx, tx] = view.cumulative ? [g.rxAll, g.txAll] : [g.rx, g.tx];
    const first = kind === "processes" ? [g.numeric, g.label] : [view.names ? g.label : g.numeric];
    const cells = [...first, String(g.connections), bytesText(g.rxRate), bytesText(g.txRate), bytesText(rx), bytesText(tx)].map(terminalSafe);
    rows.push([{ id: g.id, cells, tx: g.txRate, rx: g.rxRate, connections: g.connections }, membersOf(g.id)]);
  }
  return rows;
}

/** A value rounded as bytesText shows it: rows that look equal are equal. */
function shown(bytes: number): number {
  return bytes < 999.5 ? Math.round(bytes) : Number(bytes.toPrecision(3));
}

/** The value a row sorts by. */
function sortValue(row: TopRow, view: TopView): number {
  return view.sort === "connections" ? row.connections : shown(view.sort === "tx" ? row.tx : row.rx);
}

/** The view's rows, filtered, in their stable order. */
export function topRows(model: TopModel, view: TopView): readonly TopRow[] {
  const { predicate } = view;
  const all = rowsOf(model, view).filter(([row, connections]) => predicate === undefined || predicate({ text: row.cells.join(" "), connections }));
  const before = new Map((view.order[view.view] ?? []).map((id, i) => [id, i]));
  const keyed = all.map(([row]) => ({ row, value: sortValue(row, view), at: before.get(row.id) ?? Number.MAX_SAFE_INTEGER }));
  keyed.sort((a, b) => b.value - a.value || a.at - b.at || (a.row.id < b.row.id ? -1 : a.row.id > b.row.id ? 1 : 0));
  return keyed.map((k) => k.row);
}
