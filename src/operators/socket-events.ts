/**
 * `--watch`: socket events from successive snapshots. `diffSnapshots` is the
 * pure heart (what changed between what was tracked and a new poll); the
 * `socketEvents` operator threads its state through `scan`.
 *
 * Identity: a socket is its protocol, both endpoints and its inode. Two
 * kernel facts shape the matching: a connection that reaches TIME_WAIT (or
 * loses its last file descriptor) keeps its endpoints but shows inode 0, so
 * an inode-0 socket continues the vanished socket with the same endpoints;
 * and a port reused by a new socket comes with a new inode, so it is a
 * close followed by an open.
 */
import { map, mergeMap, from, scan, type OperatorFunction } from "rxjs";
import type { SocketRecord } from "../model/record.ts";

/** One poll: when it was taken (ms since the epoch) and what it saw. */
export interface Snapshot {
  readonly at: number;
  readonly records: readonly SocketRecord[];
}

/** A socket being followed between polls. */
export interface Tracked {
  readonly record: SocketRecord;
  /** When it was first seen; for sockets of the first poll, that poll's time. */
  readonly firstSeen: number;
  /** The last poll that saw it. */
  readonly lastSeen: number;
  /** Part of the first poll (the baseline). */
  readonly existing: boolean;
}

/** One change. For `close`, `record` is the last one seen, with the last owner seen. */
export type SocketEvent =
  | { readonly event: "open"; readonly at: number; readonly record: SocketRecord; readonly existing: boolean }
  | { readonly event: "state"; readonly at: number; readonly record: SocketRecord; readonly previousState: string | null }
  | { readonly event: "close"; readonly at: number; readonly record: SocketRecord; readonly firstSeen: number; readonly lastSeen: number };

/** The result of one diff: the events, and what is tracked from now on. */
export interface Diff {
  readonly events: readonly SocketEvent[];
  readonly tracked: readonly Tracked[];
}

/** States of a connection that may still sit unaccepted in a listener's queue, without an inode. */
const ACCEPT_QUEUE_STATES = new Set(["SYN_RECV", "ESTABLISHED", "CLOSE_WAIT"]);

// Records are immutable and `--watch` meets the same record objects poll after poll (see
// InetRowMemo), so each key is built once per record.
const endpointKeys = new WeakMap<SocketRecord, string>();
const socketKeys = new WeakMap<SocketRecord, string>();

/** Namespace, protocol and both endpoints: what stays the same when a connection enters TIME_WAIT. */
export function endpointKey(record: SocketRecord): string {
  let key = endpointKeys.get(record);
  if (key === undefined) endpointKeys.set(record, (key = buildEndpointKey(record)));
  return key;
}

function buildEndpointKey(record: SocketRecord): string {
  // Equal endpoints in two namespaces are two sockets.
  const ns = record.netns === undefined ? "" : `${record.netns}|`;
  if (record.kind === "socket") return `${ns}unix|${record.type}|${record.inode ?? `path:${record.path ?? ""}`}`;
  return `${ns}${record.proto}|${record.local_ip}|${record.local_port_num}|${record.foreign_ip}|${record.foreign_port_num}`;
}

/** The full identity: endpoints and inode. */
export function socketKey(record: SocketRecord): string {
  if (record.kind === "socket") return endpointKey(record);
  let key = socketKeys.get(record);
  if (key === undefined) socketKeys.set(record, (key = `${endpointKey(record)}|${record.inode}`));
  return key;
}

function hasOwner(record: SocketRecord): boolean {
  return record.pid !== undefined && record.pid !== null;
}

/** The new record, keeping the previous owner when the new one has none (the last owner seen). */
function withLastOwner(next: SocketRecord, previous: SocketRecord): SocketRecord {
  if (hasOwner(next) || !hasOwner(previous) || next.pid === undefined) return next;
  const attribution = previous.attribution === undefined ? {} : { attribution: previous.attribution };
  return { ...next, pid: previous.pid ?? null, program_name: previous.program_name ?? null, ...attribution };
}

/**
 * One poll's records with repeats removed: /proc/net/tcp read while
 * connections come and go can list a socket twice (the kernel resumes its
 * walk by position). The first of equal identities wins; unix sockets
 * without an inode have no identity to compare and are kept as they are.
 */
export function distinctSockets(records: readonly SocketRecord[]): SocketRecord[] {
  const seen = new Set<string>();
  return records.filter((record) => {
    if (record.kind === "socket" && record.inode === null) return true;
    const key = socketKey(record);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first poll: everything is tracked, nothing has happened yet (or everything opens, with `includeExisting`). */
export function baseline(snapshot: Snapshot, includeExisting: boolean): Diff {
  const tracked = distinctSockets(snapshot.records).map((record) => ({ record, firstSeen: snapshot.at, lastSeen: snapshot.at, existing: true }));
  const events: SocketEvent[] = includeExisting
    ? tracked.map((t) => ({ event: "open", at: snapshot.at, record: t.record, existing: true }))
    : [];
  return { events, tracked };
}

/** Compares the tracked sockets with a new poll: closes first, then state changes, then opens. */
export function diffSnapshots(prev: readonly Tracked[], next: Snapshot): Diff {
  const byKey = new Map<string, Tracked[]>();
  for (const t of prev) {
    const key = socketKey(t.record);
    const bucket = byKey.get(key);
    if (bucket === undefined) byKey.set(key, [t]);
    else bucket.push(t);
  }
  const matched = new Set<Tracked>();
  const pairs: (readonly [Tracked | undefined, SocketRecord])[] = distinctSockets(next.records).map((record) => {
    const found = byKey.get(socketKey(record))?.find((t) => !matched.has(t));
    if (found !== undefined) matched.add(found);
    return [found, record] as const;
  });
  // A socket that now shows inode 0 continues the vanished socket with the same endpoints.
  const vanishedByEndpoints = new Map<string, Tracked[]>();
  for (const t of prev) {
    if (matched.has(t) || t.record.kind !== "network" || t.record.inode === 0) continue;
    const key = endpointKey(t.record);
    vanishedByEndpoints.set(key, [...(vanishedByEndpoints.get(key) ?? []), t]);
  }
  // A connection seen in the accept queue (inode 0) gets its inode once accepted.
  const queuedByEndpoints = new Map<string, Tracked[]>();
  for (const t of prev) {
    if (matched.has(t) || t.record.kind !== "network" || t.record.inode !== 0 || !ACCEPT_QUEUE_STATES.has(t.record.state ?? "")) continue;
    const key = endpointKey(t.record);
    queuedByEndpoints.set(key, [...(queuedByEndpoints.get(key) ?? []), t]);
  }
  const resolved = pairs.map(([found, record]) => {
    if (found !== undefined || record.kind !== "network") return [found, record] as const;
    const pool = record.inode === 0 ? vanishedByEndpoints : queuedByEndpoints;
    const candidate = pool.get(endpointKey(record))?.find((t) => !matched.has(t));
    if (candidate !== undefined) matched.add(candidate);
    return [candidate, record] as const;
  });

  const closes: SocketEvent[] = prev
    .filter((t) => !matched.has(t))
    .map((t) => ({ event: "close", at: next.at, record: t.record, firstSeen: t.firstSeen, lastSeen: t.lastSeen }));
  const changes: SocketEvent[] = [];
  const opens: SocketEvent[] = [];
  const tracked: Tracked[] = resolved.map(([found, record]) => {
    if (found === undefined) {
      opens.push({ event: "open", at: next.at, record, existing: false });
      return { record, firstSeen: next.at, lastSeen: next.at, existing: false };
    }
    const kept = withLastOwner(record, found.record);
    if (record.state !== found.record.state) {
      changes.push({ event: "state", at: next.at, record: kept, previousState: found.record.state });
    }
    return { record: kept, firstSeen: found.firstSeen, lastSeen: next.at, existing: found.existing };
  });
  return { events: [...closes, ...changes, ...opens], tracked };
}

/** Turns successive snapshots into events; the first snapshot is the silent (or `includeExisting`) baseline. */
export function socketEvents(includeExisting: boolean): OperatorFunction<Snapshot, SocketEvent> {
  return (source) =>
    source.pipe(
      scan<Snapshot, Diff | undefined>(
        (state, snapshot) => (state === undefined ? baseline(snapshot, includeExisting) : diffSnapshots(state.tracked, snapshot)),
        undefined,
      ),
      map((diff) => diff?.events ?? []),
      mergeMap((events) => from(events)),
    );
}
