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
 *
 * Filters: the diff sees every socket in scope, and `selects` (the filters
 * that a socket's life can change: state, owner, user) chooses which are
 * reported. A socket is followed from the first poll at which it matches,
 * until it is gone: leaving the selected states is a `state` event, and its
 * close counts its whole observed life.
 */
import { map, mergeMap, from, scan, type OperatorFunction } from "rxjs";
import type { SocketRecord } from "../model/record.ts";
import type { SocketChange } from "../model/event.ts";

/** One poll: when it was taken (ms since the epoch) and what it saw. */
export interface Snapshot {
  readonly at: number;
  readonly records: readonly SocketRecord[];
  /** The kernel's cookie of a record's socket, where the reading had one (netlink). */
  readonly cookieOf?: ((record: SocketRecord) => number | undefined) | undefined;
}

/** A socket being followed between polls. */
export interface Tracked {
  readonly record: SocketRecord;
  /** When it was first seen; for sockets of the first poll, that poll's time. */
  readonly firstSeen: number;
  /** Part of the first poll (the baseline). */
  readonly existing: boolean;
  /** Whether its events are reported: it has matched the filters at some poll. */
  readonly followed: boolean;
  /** The kernel's cookie of the socket, when a reading gave one. */
  readonly cookie?: number | undefined;
}

/**
 * Whether a socket matches the filters: `record` as tracked (with the last owner seen),
 * `listed` as this poll listed it. Undefined selects every socket.
 */
export type Selects = ((record: SocketRecord, listed: SocketRecord) => boolean) | undefined;

/** What a watch knows after a poll: the sockets that poll saw (each seen last then), and its time. */
export interface Tracking {
  readonly tracked: readonly Tracked[];
  readonly at: number;
}

/** The result of one diff: the events, and what is tracked from now on. */
export interface Diff extends Tracking {
  readonly events: readonly SocketChange[];
  /** The tracked sockets this poll no longer lists (reported as closed when followed). */
  readonly gone: readonly Tracked[];
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
export function baseline(snapshot: Snapshot, includeExisting: boolean, selects?: Selects): Diff {
  const tracked = distinctSockets(snapshot.records).map(
    (record): Tracked => ({ record, firstSeen: snapshot.at, existing: true, followed: selects?.(record, record) ?? true, cookie: snapshot.cookieOf?.(record) }),
  );
  const events: SocketChange[] = includeExisting
    ? tracked.filter((t) => t.followed).map((t) => ({ event: "open", at: snapshot.at, record: t.record, existing: true }))
    : [];
  return { events, tracked, at: snapshot.at, gone: [] };
}

/** `items` grouped by `keyOf`, in their order. */
function groupBy(items: Iterable<Tracked>, keyOf: (t: Tracked) => string | undefined): Map<string, Tracked[]> {
  const groups = new Map<string, Tracked[]>();
  for (const t of items) {
    const key = keyOf(t);
    if (key === undefined) continue;
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [t]);
    else group.push(t);
  }
  return groups;
}

/** Whether a poll lists exactly the records the last one tracked, in the same order (the usual case). */
function unchanged(prev: readonly Tracked[], records: readonly SocketRecord[]): boolean {
  if (prev.length !== records.length) return false;
  for (let i = 0; i < records.length; i++) if (prev[i]!.record !== records[i]) return false;
  return true;
}

/**
 * Compares the tracked sockets with a new poll: closes first, then state changes, then opens,
 * each only for a socket `selects` follows. A socket that starts to match without changing state
 * (an accepted connection whose owner becomes known) is reported as an `open`.
 * `--watch` meets the same record objects poll after poll (see InetDiagMemo and InetRowMemo), so
 * a record is first matched by identity, and an unchanged one keeps its Tracked object; only the
 * rest are matched by their keys.
 */
export function diffSnapshots(last: Tracking, next: Snapshot, selects?: Selects): Diff {
  const prev = last.tracked;
  // The tracked records are distinct already, so the same objects in the same order are too.
  if (unchanged(prev, next.records)) return { events: [], tracked: prev, at: next.at, gone: [] };
  const byRecord = new Map<SocketRecord, Tracked>();
  for (const t of prev) if (!byRecord.has(t.record)) byRecord.set(t.record, t);
  const matched = new Set<Tracked>();
  const records = distinctSockets(next.records);
  const found: (Tracked | undefined)[] = records.map((record) => {
    const same = byRecord.get(record);
    if (same === undefined || matched.has(same)) return undefined;
    matched.add(same);
    return same;
  });
  const unmatched = (): Tracked[] => (matched.size === prev.length ? [] : prev.filter((t) => !matched.has(t)));
  if (found.includes(undefined)) {
    const byKey = groupBy(unmatched(), (t) => socketKey(t.record));
    records.forEach((record, i) => {
      if (found[i] !== undefined) return;
      const t = byKey.get(socketKey(record))?.find((c) => !matched.has(c));
      if (t !== undefined) matched.add(t);
      found[i] = t;
    });
  }
  if (found.includes(undefined)) {
    const left = unmatched();
    // A socket that now shows inode 0 continues the vanished socket with the same endpoints.
    const vanishedByEndpoints = groupBy(left, (t) => (t.record.kind !== "network" || t.record.inode === 0 ? undefined : endpointKey(t.record)));
    // A connection seen in the accept queue (inode 0) gets its inode once accepted.
    const queuedByEndpoints = groupBy(left, (t) =>
      t.record.kind !== "network" || t.record.inode !== 0 || !ACCEPT_QUEUE_STATES.has(t.record.state ?? "") ? undefined : endpointKey(t.record),
    );
    records.forEach((record, i) => {
      if (found[i] !== undefined || record.kind !== "network") return;
      const pool = record.inode === 0 ? vanishedByEndpoints : queuedByEndpoints;
      const candidate = pool.get(endpointKey(record))?.find((t) => !matched.has(t));
      if (candidate !== undefined) matched.add(candidate);
      found[i] = candidate;
    });
  }

  const gone = unmatched();
  const closes: SocketChange[] = gone
    .filter((t) => t.followed)
    .map((t) => ({ event: "close", at: next.at, record: t.record, firstSeen: t.firstSeen, lastSeen: last.at }));
  const changes: SocketChange[] = [];
  const opens: SocketChange[] = [];
  const tracked: Tracked[] = records.map((record, i) => {
    const was = found[i];
    if (was === undefined) {
      const followed = selects?.(record, record) ?? true;
      if (followed) opens.push({ event: "open", at: next.at, record, existing: false });
      return { record, firstSeen: next.at, existing: false, followed, cookie: next.cookieOf?.(record) };
    }
    if (was.record === record) return was;
    const kept = withLastOwner(record, was.record);
    const followed = was.followed || (selects?.(kept, record) ?? true);
    if (record.state !== was.record.state) {
      if (followed) changes.push({ event: "state", at: next.at, record: kept, previousState: was.record.state });
    } else if (followed && !was.followed) {
      opens.push({ event: "open", at: next.at, record: kept, existing: false });
    }
    return { record: kept, firstSeen: was.firstSeen, existing: was.existing, followed, cookie: was.cookie ?? next.cookieOf?.(record) };
  });
  return { events: [...closes, ...changes, ...opens], tracked, at: next.at, gone };
}

/**
 * Turns successive snapshots into events; the first snapshot is the silent (or `includeExisting`)
 * baseline. Only the sockets `selects` follows are reported (see diffSnapshots).
 */
export function socketEvents(includeExisting: boolean, selects?: Selects): OperatorFunction<Snapshot, SocketChange> {
  return (source) =>
    source.pipe(
      scan<Snapshot, Diff | undefined>(
        (state, snapshot) => (state === undefined ? baseline(snapshot, includeExisting, selects) : diffSnapshots(state, snapshot, selects)),
        undefined,
      ),
      map((diff) => diff?.events ?? []),
      mergeMap((events) => from(events)),
    );
}
