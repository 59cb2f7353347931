/**
 * `--top`'s model: a pure reducer from successive readings of the socket
 * tables (each TCP socket with its cookie and tcp_info byte counters) and the
 * kernel's closes (each with the closed socket's last counters) to rates and
 * totals per connection, and, through top-groups.ts, per process, remote host
 * and namespace. A connection that opened and closed between two readings
 * still counts: its close carries every byte it moved.
 */
import type { TcpCounters } from "../model/event.ts";
import type { NetworkRecord } from "../model/record.ts";
import type { AnySocket } from "../model/socket.ts";

/** One socket of a reading: its record, its cookie (absent when read from /proc) and its counters (TCP over netlink). */
export interface TopSocket {
  readonly record: NetworkRecord;
  readonly cookie?: number | undefined;
  readonly counters?: TcpCounters | undefined;
  /** The parsed socket the record was made of (what `/`'s ss filter expressions look at). */
  readonly socket?: AnySocket | undefined;
}

/** What the reducer is fed: a whole reading, or one close the kernel told of (applied at the next reading). */
export type TopInput =
  | { readonly kind: "reading"; readonly at: number; readonly sockets: readonly TopSocket[] }
  | { readonly kind: "closed"; readonly at: number; readonly cookie: number; readonly record: NetworkRecord; readonly counters?: TcpCounters | undefined };

/** One connection as the model keeps it between readings. */
export interface TopConnection {
  readonly id: string;
  readonly record: NetworkRecord;
  readonly socket?: AnySocket | undefined;
  /** Bytes received and acknowledged as sent since it opened (0 without counters). */
  readonly rx: number;
  readonly tx: number;
  /** Bytes per second over the last interval; null without counters. */
  readonly rxRate: number | null;
  readonly txRate: number | null;
  /** Smoothed round-trip time in ms, when known. */
  readonly rttMs: number | null;
  /** When it was first seen (ms since the epoch); null for one seen at the first reading. */
  readonly since: number | null;
  /** The counters it was made of, and its flow when it moved nothing: a reading that finds both unchanged reuses it. */
  readonly counters?: TcpCounters | undefined;
  readonly idle?: TopFlow | undefined;
}

/** What one interval moved for one connection, closed ones included (for the groups). */
export interface TopFlow {
  readonly record: NetworkRecord;
  /** Bytes moved in the interval. */
  readonly rx: number;
  readonly tx: number;
  /** Whether it is still open after the interval. */
  readonly live: boolean;
  /** Its bytes since it opened, at the end of the interval. */
  readonly rxTotal: number;
  readonly txTotal: number;
}

/** The reducer's state: the last reading's connections and the closes told since. */
export interface TopState {
  /** The last reading's time, or null before the first. */
  readonly at: number | null;
  /** The length of the last interval in ms (0 after the first reading). */
  readonly intervalMs: number;
  readonly connections: ReadonlyMap<string, TopConnection>;
  /** Closes told since the last reading, by cookie. */
  readonly pending: ReadonlyMap<number, Extract<TopInput, { readonly kind: "closed" }>>;
  /** Cookies of closes already counted whose TIME_WAIT remnants the last reading still listed. */
  readonly told: ReadonlySet<number>;
  /** The last interval's flows, closed connections included. */
  readonly flows: readonly TopFlow[];
  /** Connections opened and closed in the last interval (those that lived between two readings count in both). */
  readonly opened: number;
  readonly closed: number;
  /** Bytes of every connection seen since the start, closed ones included. */
  readonly rxTotal: number;
  readonly txTotal: number;
}

/** The state before any reading. */
export const INITIAL_TOP_STATE: TopState = {
  at: null,
  intervalMs: 0,
  connections: new Map(),
  pending: new Map(),
  told: new Set(),
  flows: [],
  opened: 0,
  closed: 0,
  rxTotal: 0,
  txTotal: 0,
};

/** Ids already worked out, by record (a record is reused while its socket is unchanged; held weakly). */
const KNOWN_IDS = new WeakMap<NetworkRecord, { readonly cookie: number; readonly id: string }>();

/** A socket's identity across readings: its cookie, or its ends and inode when read from /proc. */
export function topId(record: NetworkRecord, cookie: number | undefined): string {
  if (cookie !== undefined) {
    const known = KNOWN_IDS.get(record);
    if (known?.cookie === cookie) return known.id;
    const id = `c${cookie}`;
    KNOWN_IDS.set(record, { cookie, id });
    return id;
  }
  return `${record.proto} ${record.local_ip}:${record.local_port_num} ${record.foreign_ip}:${record.foreign_port_num} ${record.inode} ${record.netns ?? ""}`;
}

/** Bytes received and acknowledged as sent, as tcp_info counts them. */
function bytesOf(counters: TcpCounters | undefined): { readonly rx: number; readonly tx: number } {
  return { rx: counters?.bytes_received ?? 0, tx: counters?.bytes_acked ?? 0 };
}

/** The next state after one input. Closes wait for the next reading, which settles the interval. */
export function stepTop(state: TopState, input: TopInput): TopState {
  if (input.kind === "closed") {
    const pending = new Map(state.pending);
    pending.set(input.cookie, input);
    return { ...state, pending };
  }
  const first = state.at === null;
  const seconds = first ? 0 : Math.max(input.at - state.at!, 1) / 1000;
  const rate = (bytes: number): number => (seconds === 0 ? 0 : bytes / seconds);
  const connections = new Map<string, TopConnection>();
  const flows: TopFlow[] = [];
  let { rxTotal, txTotal } = state;
  let opened = 0;
  let closed = 0;
  const told = new Set<number>();
  // How many of the last reading's connections this one lists again: when all, none closed.
  let known = 0;
  for (const socket of input.sockets) {
    // A socket the kernel said is closed may still be listed as its TIME_WAIT remnant, which has no counters.
    if (socket.cookie !== undefined && (state.pending.has(socket.cookie) || state.told.has(socket.cookie))) {
      told.add(socket.cookie);
      continue;
    }
    const id = topId(socket.record, socket.cookie);
    const last = state.connections.get(id);
    if (last !== undefined) known++;
    // Most sockets of a busy server are idle between two readings: the same record and counters give the same connection.
    if (last?.idle !== undefined && last.record === socket.record && last.counters === socket.counters) {
      connections.set(id, last);
      flows.push(last.idle);
      continue;
    }
    const now = bytesOf(socket.counters);
    // Before the first reading nothing is known to have moved; a socket new since then moved all it counts.
    const before = last ?? (first ? undefined : { rx: 0, tx: 0 });
    const rx = before === undefined ? 0 : Math.max(now.rx - before.rx, 0);
    const tx = before === undefined ? 0 : Math.max(now.tx - before.tx, 0);
    if (last === undefined && !first) opened++;
    if (last === undefined) {
      rxTotal += now.rx - rx;
      txTotal += now.tx - tx;
    }
    rxTotal += rx;
    txTotal += tx;
    const counted = socket.counters !== undefined;
    const rtt = socket.counters?.rtt_us;
    const flow: TopFlow = { record: socket.record, rx, tx, live: true, rxTotal: now.rx, txTotal: now.tx };
    connections.set(id, {
      id,
      record: socket.record,
      socket: socket.socket,
      rx: now.rx,
      tx: now.tx,
      rxRate: counted && !first ? rate(rx) : null,
      txRate: counted && !first ? rate(tx) : null,
      // A listener's tcp_info has no round trip yet: 0 there means unknown.
      rttMs: rtt === undefined || rtt === 0 ? null : rtt / 1000,
      since: last?.since ?? (first ? null : input.at),
      counters: socket.counters,
      idle: !first && last !== undefined && rx === 0 && tx === 0 ? flow : undefined,
    });
    flows.push(flow);
  }
  for (const [id, last] of known === state.connections.size ? [] : state.connections) {
    if (connections.has(id)) continue;
    const cookie = id.startsWith("c") ? Number(id.slice(1)) : undefined;
    const told = cookie === undefined ? undefined : state.pending.get(cookie);
    // Without the kernel's word, the bytes it moved after the last reading are not known.
    const final = told?.counters === undefined ? last : bytesOf(told.counters);
    const rx = Math.max(final.rx - last.rx, 0);
    const tx = Math.max(final.tx - last.tx, 0);
    rxTotal += rx;
    txTotal += tx;
    closed++;
    flows.push({ record: last.record, rx, tx, live: false, rxTotal: final.rx, txTotal: final.tx });
  }
  for (const [cookie, told] of state.pending) {
    if (state.connections.has(`c${cookie}`)) continue;
    // Opened and closed between two readings: all it moved falls in this interval.
    const final = bytesOf(told.counters);
    rxTotal += final.rx;
    txTotal += final.tx;
    opened++;
    closed++;
    flows.push({ record: told.record, rx: final.rx, tx: final.tx, live: false, rxTotal: final.rx, txTotal: final.tx });
  }
  return { at: input.at, intervalMs: seconds * 1000, connections, pending: new Map(), told, flows, opened, closed, rxTotal, txTotal };
}
