/**
 * `--watch`'s polls: the socket tables read in every chosen namespace
 * (pipeline/namespaces.ts), each poll's sockets named at once, then their
 * owners read (after the sockets, so that a socket read has its process in
 * /proc already), and their records built or reused from the last poll.
 */
import { concat, concatMap, defer, EMPTY, from, map, mergeMap, of, toArray, type Observable } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { TcpCounters } from "../model/event.ts";
import { fails } from "../model/exit-status.ts";
import type { Filters } from "../model/filters.ts";
import type { NetnsLabel, NetnsSelection } from "../model/netns.ts";
import { ownersLookedUp, type Options } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import { diagnostic, record, type Item } from "../model/pipeline.ts";
import type { SocketRecord } from "../model/record.ts";
import type { AnySocket } from "../model/socket.ts";
import { untilFailure } from "../operators/exit-status.ts";
import { hostsOf, namesKnown } from "../operators/names.ts";
import type { Selects } from "../operators/socket-events.ts";
import type { NameResolver } from "../resolve/names.ts";
import { socketFacts } from "../select/facts.ts";
import { filtersMatch, type SocketFacts } from "../select/filters.ts";
import type { ListingScope } from "../select/scope.ts";
import { socketSelector } from "../select/sockets.ts";
import type { AttributionContext } from "../sources/attribution.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import type { OpenCloseListener, RecordOf } from "./kernel-closes.ts";
import { acrossNamespaces, type ProgramSource } from "./namespaces.ts";
import { listingItem, otherFamilies$, programsDiagnostic, wholeRoot } from "./socket-listing.ts";
import { socketItems, type ReadingMemo, type ReadingPlan } from "./socket-tables.ts";

/** Everything a watch needs. */
export interface WatchContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly euid: number;
  /** `--user`, resolved to uids. */
  readonly userUid: readonly number[] | undefined;
  /** The clock, ms since the epoch. */
  readonly now: () => number;
  /** The namespaces `--netns*` chose; undefined reads the proc root's own. */
  readonly netns?: NetnsSelection | undefined;
  readonly netnsDir?: string | undefined;
  /** Completes once the output so far is written: no poll is read before (a tick that falls meanwhile is skipped). */
  /** How many bytes of output wait for a slow reader (the watch reads on meanwhile, within bounds). */
  readonly queued?: (() => number) | undefined;
  readonly recordOf: RecordOf;
  /**
   * Opens a listener for the kernel's close notifications in the caller's namespace (the watch
   * calls it inside each namespace it enters); without it every close comes from polls, silently.
   */
  readonly listen?: OpenCloseListener | { readonly unavailable: string } | undefined;
  /** The reader's own network namespace (nsfs inode), when known. */
  readonly ownNetns?: number | undefined;
}

/** Called before a namespace is read (each poll): what to say about it, if anything. */
export type Entering = (root: ProcRoot, label: NetnsLabel) => Diagnostic | undefined;

/** What one namespace's reading holds: its selected sockets, where they were read, and how their owners are found. */
interface Reading {
  readonly sockets: readonly AnySocket[];
  readonly label: NetnsLabel | undefined;
  /** The prefix of the tables read (rows remembered for tables no longer read are let go). */
  readonly tables: string;
  readonly programs: () => ProgramSource;
}

/** One poll: when it started, its records, its diagnostics, and whether one of them ends the watch. */
export interface Poll {
  readonly at: number;
  /** The namespaces read, with `--netns*`. */
  readonly netns: ReadonlySet<number>;
  readonly records: readonly SocketRecord[];
  readonly diagnostics: readonly Diagnostic[];
  readonly failed: boolean;
}

/**
 * What a watch keeps from one poll to the next so that an unchanged socket costs little: the
 * parsed rows of each table, and the record built for each socket object (reused only when
 * records carry no owner, since an owner can change while the row stays the same).
 */
export interface WatchMemo {
  readonly rows: ReadingMemo;
  /** Weakly held: a record lives as long as its socket object, which the parse memos keep while the socket is listed. */
  readonly records: WeakMap<AnySocket, SocketRecord>;
  /** The filters' facts of each record built, when filters are applied after the diff. */
  readonly facts: WeakMap<SocketRecord, SocketFacts> | undefined;
  /** The kernel's cookie of each record whose socket was read over netlink. */
  readonly cookies: WeakMap<SocketRecord, number>;
  /** `--top`: the tcp_info byte counters of each TCP record read over netlink. */
  readonly counters?: WeakMap<SocketRecord, TcpCounters>;
  /** `--top`: the parsed socket of each record (what `/`'s ss filter expressions look at). */
  readonly sockets?: WeakMap<SocketRecord, AnySocket>;
  /** `--top`: each namespace's last owners (by nsfs inode, 0 for the reader's own), reused while they are fresh enough. */
  readonly owners?: Map<number, KnownOwners>;
  /** `--top`: each socket's last record by cookie, reused while its owners and every field but its counters are the same. */
  readonly byCookie?: Map<number, { readonly socket: AnySocket; readonly source: ProgramSource | undefined; readonly record: SocketRecord; poll: number }>;
}

/** What a record is made of besides the ends and the counters. */
const RECORD_FIELDS = ["state", "txQueue", "rxQueue", "timerActive", "timerTicks", "retransmits", "uid", "timeout", "inode"] as const;

function sameButCounters(a: AnySocket, b: AnySocket): boolean {
  return a.kind === "inet" && b.kind === "inet" && RECORD_FIELDS.every((k) => a[k] === b[k]);
}

/** Owners read once, with the socket inodes listed when they were read, and how many polls have used them. */
export interface KnownOwners {
  readonly source: ProgramSource;
  readonly inodes: ReadonlySet<number>;
  polls: number;
}

/**
 * How many polls may reuse one reading of the owners: every process's descriptors are read
 * again at least this often, and at once when a socket appears that was not listed then.
 */
const OWNERS_POLLS = 30;

function inodeOf(socket: AnySocket): number {
  const inode = (socket as { readonly inode?: unknown }).inode;
  return typeof inode === "number" ? inode : 0;
}

/**
 * The owners of a reading: read now, or (with a memo of owners) the last ones while no socket is
 * new since they were read. A socket nobody owned then (another user's, as non-root) is not new.
 */
function ownersOf(memo: WatchMemo, reading: Reading): ProgramSource {
  const known = memo.owners;
  if (known === undefined) return reading.programs();
  const key = reading.label?.netns ?? 0;
  const last = known.get(key);
  if (last !== undefined && last.polls < OWNERS_POLLS && reading.sockets.every((s) => inodeOf(s) === 0 || last.inodes.has(inodeOf(s)))) {
    last.polls++;
    return last.source;
  }
  const source = reading.programs();
  known.set(key, { source, inodes: new Set(reading.sockets.map(inodeOf)), polls: 1 });
  return source;
}

/**
 * The filters applied before the diff: the ports and the rest of a --filter expression, which
 * are part of a socket's identity and never change while it lives. The others (state, owner, user) are applied after it, so that a socket
 * leaving them is a `state` event rather than a `close`.
 */
function identityFilters(filters: Filters): Filters {
  // A --filter expression looks at addresses, ports and the bound interface; its states are in `ssStates`.
  const { port, sport, dport, ss } = filters;
  return {
    ...(port === undefined ? {} : { port }), ...(sport === undefined ? {} : { sport }), ...(dport === undefined ? {} : { dport }),
    ...(ss === undefined ? {} : { ss }),
  };
}

/**
 * What a watch follows: every socket, servers and connections, unless `-l` asks for servers only;
 * of those, the ones whose ports pass the filters (the only filters applied before the diff; they
 * need no owner).
 */
export function watchScope(options: Options): { readonly scope: ListingScope; readonly keep: (socket: AnySocket) => boolean } {
  const scope = { all: !options.listening, listening: options.listening };
  return { scope, keep: socketSelector(scope, identityFilters(options.filters), undefined, () => () => undefined) };
}

/** The filters applied after the diff, as a predicate over a tracked record; undefined when there are none. */
export function followedFilters(ctx: WatchContext, facts: WeakMap<SocketRecord, SocketFacts>): Selects {
  const { states, ssStates, pid, user, program } = ctx.options.filters;
  const later = {
    ...(states === undefined ? {} : { states }), ...(ssStates === undefined ? {} : { ssStates }),
    ...(pid === undefined ? {} : { pid }), ...(program === undefined ? {} : { program }),
  };
  const match = filtersMatch(later, user === undefined ? undefined : ctx.userUid);
  if (match === undefined) return undefined;
  // The owner is the last one seen (a socket in TIME_WAIT has none of its own).
  return (tracked, listed) => {
    const f = facts.get(listed);
    return f !== undefined && match({ ...f, pid: tracked.pid ?? null, program: tracked.program_name ?? null });
  };
}

/** One namespace's reading as items: its sockets as one record, its tables' and the other families' diagnostics. */
function reading$(root: ProcRoot, ctx: WatchContext, plan: ReadingPlan, label: NetnsLabel | undefined, programs: () => ProgramSource, entering?: Entering): Observable<Item<Reading>> {
  return defer(() => {
    const sockets: AnySocket[] = [];
    const said: Item<Reading>[] = [];
    const note = label === undefined ? undefined : entering?.(root, label);
    if (note !== undefined) said.push(diagnostic(note));
    for (const item of socketItems(root, plan)) {
      if (item.kind === "sockets") for (const s of item.sockets) sockets.push(s);
      else for (const i of listingItem(item)) if (i.kind === "diagnostic") said.push(diagnostic(i.diagnostic));
    }
    const others$ = otherFamilies$(root, ctx.options, true).pipe(concatMap((i) => (i.kind === "diagnostic" ? of(diagnostic<Reading>(i.diagnostic)) : EMPTY)));
    const reading = record<Reading>({ sockets, label, tables: root.display("net/"), programs });
    return concat(from(said), others$, of(reading));
  });
}

/** One poll's readings, in the reader's namespace or in every chosen one. */
function readings$(ctx: WatchContext, plan: ReadingPlan, entering: Entering | undefined): Observable<Item<Reading>> {
  if (ctx.netns === undefined) {
    let source: ProgramSource | undefined;
    const programs = (): ProgramSource => (source ??= wholeRoot(ctx.root));
    return reading$(ctx.root, ctx, plan, undefined, programs).pipe(untilFailure());
  }
  return acrossNamespaces({
    root: ctx.root,
    selection: ctx.netns,
    netnsDir: ctx.netnsDir,
    pass: (target, programs) => reading$(target.root, ctx, plan, target.label, programs, entering),
  });
}

/** One poll over every chosen namespace: the readings collected, names looked up at once, then owners read and records built or reused. */
export function poll$(ctx: WatchContext, memo: WatchMemo, entering?: Entering): Observable<Poll> {
  return defer(() => {
    const at = ctx.now();
    const { options } = ctx;
    const { scope, keep } = watchScope(options);
    const plan = { selection: options.selection, verbose: options.verbose, scope, timers: options.timers, part: options.live ? "inet" : "all", keep, memo: memo.rows, counters: options.live } as const;
    return readings$(ctx, plan, entering).pipe(
      toArray(),
      mergeMap((items) => {
        const readings = items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
        const diagnostics = items.flatMap((i) => (i.kind === "diagnostic" ? [i.diagnostic] : []));
        for (const path of memo.rows.keys()) if (!readings.some((r) => path.startsWith(r.tables))) memo.rows.delete(path);
        const numeric = options.numericHosts;
        return namesKnown(ctx.resolver, function* (all: readonly Reading[]) {
          if (!numeric) for (const r of all) for (const s of r.sockets) yield* hostsOf(s);
        })(readings).pipe(map(() => built(ctx, memo, at, readings, diagnostics)));
      }),
    );
  });
}

/** A poll's records, its owners read now; `-p`'s warning joins its diagnostics. */
function built(ctx: WatchContext, memo: WatchMemo, at: number, readings: readonly Reading[], diagnostics: readonly Diagnostic[]): Poll {
  const { options } = ctx;
  const owners = ownersLookedUp(options);
  const said = [...diagnostics];
  const records: SocketRecord[] = [];
  let warned = false;
  const { byCookie } = memo;
  let seen = 0;
  for (const reading of readings) {
    let lookup: OwnerLookup = () => undefined;
    let attribution: AttributionContext | undefined;
    let source: ProgramSource | undefined;
    if (owners) {
      source = ownersOf(memo, reading);
      const warning = options.programs && !warned ? programsDiagnostic(source.index, ctx.euid) : undefined;
      if (warning !== undefined) said.push(warning);
      warned = true;
      lookup = source.lookup;
      attribution = { index: source.index, hidepid: source.hidepid, euid: ctx.euid };
    }
    const reuse = owners ? undefined : memo.records;
    for (const socket of reading.sockets) {
      const known = reuse?.get(socket);
      if (known !== undefined) {
        records.push(known);
        continue;
      }
      const cookie = cookieOfSocket(socket);
      const last = cookie === undefined ? undefined : byCookie?.get(cookie);
      if (last !== undefined) last.poll = at;
      seen++;
      // The same socket object (the dump's memo found its message unchanged) under the same owners: nothing to redo.
      if (last !== undefined && last.socket === socket && last.source === source) {
        records.push(last.record);
        continue;
      }
      const r = last !== undefined && last.source === source && sameButCounters(last.socket, socket) ? last.record : ctx.recordOf(socket, attribution, lookup, reading.label);
      if (cookie !== undefined) byCookie?.set(cookie, { socket, source, record: r, poll: at });
      reuse?.set(socket, r);
      if (cookie !== undefined) memo.cookies.set(r, cookie);
      if (memo.counters !== undefined && socket.kind === "inet" && socket.counters !== undefined) memo.counters.set(r, socket.counters);
      memo.sockets?.set(r, socket);
      memo.facts?.set(r, socketFacts(socket, lookup));
      records.push(r);
    }
  }
  // Sockets gone since are let go once they would double the memo.
  if (byCookie !== undefined && byCookie.size > 2 * seen + 1024) for (const [cookie, last] of byCookie) if (last.poll !== at) byCookie.delete(cookie);
  const netns = new Set(readings.flatMap((r) => (r.label === undefined ? [] : [r.label.netns])));
  return { at, netns, records, diagnostics: said, failed: said.some(fails) };
}

/** The kernel's cookie of a socket read over netlink. */
export function cookieOfSocket(socket: AnySocket): number | undefined {
  const cookie = (socket as { readonly cookie?: unknown }).cookie;
  return typeof cookie === "number" ? cookie : undefined;
}

