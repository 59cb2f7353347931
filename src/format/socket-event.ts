/**
 * `--watch` events as NDJSON objects (the socket record's fields plus
 * `event`, `ts` and the event's own fields) and as readable text lines.
 */
import type { SocketChange, SocketEvent } from "../model/event.ts";
import { left } from "./_printf.ts";
import { colourState, endpointText, timerText } from "./table.ts";
import { terminalSafe } from "./terminal-safe.ts";

/** Milliseconds since the epoch as ISO 8601 UTC with milliseconds. */
export function isoTime(at: number): string {
  return new Date(at).toISOString();
}

/** The JSON object of an event. */
export function eventObject(e: SocketEvent): Record<string, unknown> {
  if (e.event === "gap") return { kind: "gap", ts: isoTime(e.at), source: e.cause, lost: e.lost };
  const head = { ...e.record, event: e.event, ts: isoTime(e.at) };
  switch (e.event) {
    case "open":
      return { ...head, ...(e.existing ? { existing: true } : {}), ...(e.inferred ? { inferred: true } : {}) };
    case "state":
      return { ...head, previous_state: e.previousState };
    case "close":
      return {
        ...head,
        source: e.source ?? "poll",
        first_seen: e.firstSeen === null ? null : isoTime(e.firstSeen),
        lifetime_ms: lifetimeMs(e),
        ...e.counters,
      };
  }
}

/** A close's lifetime from the first poll that saw it; null when none did. */
export function lifetimeMs(e: Extract<SocketEvent, { event: "close" }>): number | null {
  return e.firstSeen === null ? null : Math.max(0, e.lastSeen - e.firstSeen);
}

/** A socket's two ends as event lines show them: addresses and ports, or a unix socket's path and inode. */
export function endpoints(e: SocketChange): readonly [string, string] {
  const r = e.record;
  if (r.kind === "socket") return [r.path ?? "", r.inode === null ? "-" : `inode ${r.inode}`];
  return [endpointText(r.local_address, r.local_port), endpointText(r.foreign_address, r.foreign_port)];
}

function detail(e: SocketChange): string {
  switch (e.event) {
    case "open":
      return e.existing ? "(existing)" : e.inferred ? "(inferred from its close)" : "";
    case "state":
      return `(was ${e.previousState ?? "-"})`;
    case "close": {
      const lived = lifetimeMs(e);
      const parts = lived === null ? [] : [`lived >= ${(lived / 1000).toFixed(3)}s`];
      const { bytes_received: received, bytes_acked: acked } = e.counters ?? {};
      if (received !== undefined) parts.push(`in ${received} B`);
      if (acked !== undefined) parts.push(`out ${acked} B`);
      return parts.length === 0 ? "" : `(${parts.join(", ")})`;
    }
  }
}

/** PID/program as a listing shows it (`-` for no owner); undefined where owners are not looked up. */
export function ownerText(r: SocketChange["record"]): string | undefined {
  return r.pid === undefined ? undefined : r.pid === null ? "-" : `${r.pid}/${r.program_name ?? ""}`;
}

/** The namespace of a `--netns*` event, as short as it stays unambiguous: its name, its container, or its inode. */
function namespaceText(r: SocketChange["record"]): string {
  if (r.netns_name != null) return r.netns_name;
  if (r.container_id != null) return r.container_id.slice(0, 12);
  return String(r.netns);
}

/** The columns an event line adds, as netstat's flags add them to a listing. */
export interface EventLineColumns {
  /** `-e`: User and Inode after the state. */
  readonly extend: boolean;
  /** `-o`: Timer after the owner. */
  readonly timers: boolean;
}

/**
 * One text line per event: time, namespace (with `--netns*`), event, proto, local and foreign endpoints,
 * state, user and inode (`-e`), owner, timer (`-o`), detail. Columns have netstat's widths and grow, never cut.
 */
export function eventLine(e: SocketEvent, colour: boolean, columns: EventLineColumns = { extend: false, timers: false }): string {
  if (e.event === "gap") return `${isoTime(e.at)} gap   ${gapText(e)}\n`;
  const r = e.record;
  const [local, foreign] = endpoints(e);
  const state = r.state ?? "";
  const owner = ownerText(r);
  const parts = [
    isoTime(e.at),
    ...(r.netns === undefined ? [] : [left(terminalSafe(namespaceText(r)), 10)]),
    left(e.event, 5),
    left(r.proto, 5),
    left(terminalSafe(local), 23),
    left(terminalSafe(foreign), 23),
    colourState(left(state, 11), state, colour),
    ...(columns.extend ? [left(terminalSafe(r.kind === "socket" ? "" : (r.user ?? "-")), 10), left(String(r.inode ?? "-"), 10)] : []),
    ...(owner === undefined ? [] : [left(terminalSafe(owner), 20)]),
    ...(columns.timers ? [left(r.kind === "socket" ? "" : timerText(r.timer), 20)] : []),
    detail(e),
  ];
  return `${parts.join(" ").trimEnd()}\n`;
}

function gapText(e: Extract<SocketEvent, { event: "gap" }>): string {
  const count = e.lost === null ? "some" : String(e.lost);
  return e.cause === "kernel"
    ? `${count} kernel close notifications were lost; the sockets are read afresh`
    : `${count} events were dropped while the reader was slow`;
}
