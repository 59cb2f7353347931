/**
 * `--watch`'s one stream of socket lifecycles: the polls' diffs
 * (operators/socket-events.ts) merged with the kernel's socket-destroy
 * notifications, matched by the socket cookie, never by addresses.
 *
 * - A notification for a socket the polls follow is its close, at once,
 *   with the record and state the polls last saw and the kernel's
 *   counters (`source: "kernel"`); a later poll's
 *   remnant of it (TIME_WAIT carries the same cookie) is neither an open
 *   nor a state change.
 * - A notification for a socket no poll saw is an `inferred` open just
 *   before its close.
 * - A socket a poll closed first (its notification came late) is closed
 *   once: the late notification says nothing more.
 * - A gap (notifications the kernel dropped) is reported as it is; the
 *   sockets that closed meanwhile get their polls' close.
 */
import { defer, mergeMap, type OperatorFunction } from "rxjs";
import type { SocketChange, SocketEvent, TcpCounters } from "../model/event.ts";
import type { SocketRecord } from "../model/record.ts";
import { baseline, diffSnapshots, type Selects, type Snapshot, type Tracked, type Tracking } from "./socket-events.ts";

/** What the watch hears, in the order it hears it. */
export type WatchInput =
  /**
   * `told`: the records whose every TCP close the kernel tells since before this poll (their
   * namespace's listener is open), so that such a socket first seen in TIME_WAIT is the remnant
   * of a close already told (a socket whose cookie the kernel made only at its close leaves a
   * remnant with a cookie of its own).
   */
  | { readonly kind: "poll"; readonly snapshot: Snapshot; readonly told?: ((record: SocketRecord) => boolean) | undefined }
  /**
   * The kernel's notification of a closed socket: its cookie, its record as the notification
   * describes it, whether the watch lists such a socket at all (`admitted`: protocol, family,
   * scope and ports; a socket a poll saw is closed whatever it says), and TCP's counters.
   */
  | {
      readonly kind: "closed";
      readonly at: number;
      readonly cookie: number;
      readonly record: SocketRecord;
      readonly admitted: boolean;
      readonly counters?: TcpCounters | undefined;
    }
  | { readonly kind: "gap"; readonly at: number; readonly lost: number | null };

/** What the merge keeps between inputs. */
interface Lives {
  tracking: Tracking | undefined;
  /** The followed sockets by cookie, built when a notification first needs it after a poll. */
  byCookie: Map<number, Tracked> | undefined;
  /** Tracked sockets the kernel closed since the last poll. */
  readonly ended: Set<Tracked>;
  /** Cookies the kernel closed: their remnants in later polls are passed over until no poll lists them. */
  readonly closed: Set<number>;
  /** Cookies the last poll closed: a notification for one came after its close. */
  pollClosed: Set<number>;
}

function cookieMap(lives: Lives): Map<number, Tracked> {
  if (lives.byCookie !== undefined) return lives.byCookie;
  const map = new Map<number, Tracked>();
  for (const t of lives.tracking?.tracked ?? []) if (t.cookie !== undefined) map.set(t.cookie, t);
  return (lives.byCookie = map);
}

/** One poll: the kernel's closed sockets passed over, then the diff against what is still followed. */
function polled(lives: Lives, snapshot: Snapshot, includeExisting: boolean, selects: Selects, told: ((record: SocketRecord) => boolean) | undefined): readonly SocketChange[] {
  const { closed, ended } = lives;
  const { cookieOf } = snapshot;
  let records = snapshot.records;
  // After the baseline, a remnant no followed socket left behind is one whose close was told.
  const remnantsTold = told !== undefined && lives.tracking !== undefined;
  const remnant = (r: SocketRecord): boolean => remnantsTold && r.state === "TIME_WAIT" && told(r);
  if (cookieOf !== undefined && (closed.size > 0 || records.some(remnant))) {
    const listed = new Set<number>();
    records = records.filter((r) => {
      const cookie = cookieOf(r);
      if (cookie === undefined) return true;
      if (closed.has(cookie)) {
        listed.add(cookie);
        return false;
      }
      return !(remnant(r) && !cookieMap(lives).has(cookie));
    });
    for (const cookie of closed) if (!listed.has(cookie)) closed.delete(cookie);
  }
  const next = records === snapshot.records ? snapshot : { ...snapshot, records };
  const last = lives.tracking;
  const diff =
    last === undefined
      ? baseline(next, includeExisting, selects)
      : diffSnapshots(ended.size === 0 ? last : { at: last.at, tracked: last.tracked.filter((t) => !ended.has(t)) }, next, selects);
  ended.clear();
  lives.tracking = diff;
  lives.byCookie = undefined;
  lives.pollClosed = new Set(diff.gone.flatMap((t) => (t.cookie === undefined ? [] : [t.cookie])));
  return diff.events;
}

/** One notification: the close of a followed socket, an inferred open and close, or nothing. */
function notified(lives: Lives, input: Extract<WatchInput, { kind: "closed" }>, selects: Selects): readonly SocketChange[] {
  const { cookie, at, counters } = input;
  if (lives.closed.has(cookie) || lives.pollClosed.has(cookie)) return [];
  lives.closed.add(cookie);
  const kernel = { source: "kernel", ...(counters === undefined ? {} : { counters }) } as const;
  const t = cookieMap(lives).get(cookie);
  if (t !== undefined && !lives.ended.has(t)) {
    lives.ended.add(t);
    if (!t.followed) return [];
    // The last record a poll saw, in the last state a poll saw (as a poll's close says it): an
    // aborted socket's notification has the peer's port zeroed, and every TCP socket ends in CLOSE.
    return [{ event: "close", at, record: t.record, firstSeen: t.firstSeen, lastSeen: at, ...kernel }];
  }
  if (!input.admitted || !(selects?.(input.record, input.record) ?? true)) return [];
  return [
    { event: "open", at, record: input.record, existing: false, inferred: true },
    { event: "close", at, record: input.record, firstSeen: null, lastSeen: at, ...kernel },
  ];
}

/**
 * Turns polls and the kernel's close notifications into one stream of events: the first poll is
 * the silent (or `includeExisting`) baseline; only the sockets `selects` follows are reported.
 */
export function lifecycles(includeExisting: boolean, selects?: Selects): OperatorFunction<WatchInput, SocketEvent> {
  return (source) =>
    defer(() => {
      const lives: Lives = { tracking: undefined, byCookie: undefined, ended: new Set(), closed: new Set(), pollClosed: new Set() };
      return source.pipe(
        mergeMap((input): readonly SocketEvent[] => {
          switch (input.kind) {
            case "poll":
              return polled(lives, input.snapshot, includeExisting, selects, input.told);
            case "closed":
              return notified(lives, input, selects);
            case "gap":
              return [{ event: "gap", at: input.at, lost: input.lost, cause: "kernel" }];
          }
        }),
      );
    });
}
