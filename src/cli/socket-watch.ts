/**
 * `--watch`: the sockets pipeline polled on a timer, each pass's records
 * diffed into socket events (src/operators/socket-events.ts) and written as
 * lines or NDJSON.
 */
import { catchError, concat, concatMap, connect, defer, EMPTY, filter, from, map, merge, mergeMap, take, takeWhile, tap, toArray, type Observable } from "rxjs";
import type { SocketEvent } from "../model/event.ts";
import type { Filters } from "../model/filters.ts";
import type { AnySocket } from "../model/socket.ts";
import type { SocketRecord } from "../model/record.ts";
import { ndjsonLine } from "../format/ndjson.ts";
import { eventLine, eventObject } from "../format/socket-event.ts";
import { hostsOf, namesKnown } from "../operators/names.ts";
import { poll } from "../operators/poll.ts";
import { socketEvents, type Selects, type Snapshot } from "../operators/socket-events.ts";
import { socketItems, type ReadingMemo } from "../pipeline/socket-tables.ts";
import { socketFacts } from "../select/facts.ts";
import { filtersMatch, type SocketFacts } from "../select/filters.ts";
import { socketSelector } from "../select/sockets.ts";
import { err, out, status, type Output } from "./output.ts";
import { unreadOutputs } from "./socket-diagnostics.ts";
import { recordOptions, socketRecord } from "../format/listing-record.ts";
import { bogusWarning, endedWarning, namespaceFailure, otherFamilies$, ownersAt, passOwners, placeEnded, places, type RecordContext } from "./socket-places.ts";

/** One pass: the records, the warnings netstat would print, and the status a failure ends it with. */
interface Pass {
  readonly at: number;
  readonly records: readonly SocketRecord[];
  readonly warnings: readonly string[];
  readonly status?: number | undefined;
}

/**
 * What `--watch` keeps from one pass to the next so that an unchanged socket costs little: the
 * parsed rows of each table, and the record built for each socket object (reused only when
 * records carry no owner, since an owner can change while the row stays the same).
 */
interface WatchMemo {
  readonly rows: ReadingMemo;
  /** Weakly held: a record lives as long as its socket object, which the parse memos keep while the socket is listed. */
  readonly records: WeakMap<AnySocket, SocketRecord>;
  /** The filters' facts of each record built, when filters are applied after the diff. */
  readonly facts: WeakMap<SocketRecord, SocketFacts> | undefined;
}

/**
 * The filters `--watch` applies before the diff: the ports, which are part of a socket's identity
 * and never change while it lives. The others (state, owner, user) are applied after it, so that a
 * socket leaving them is a `state` event rather than a `close`.
 */
function identityFilters(filters: Filters): Filters {
  const { port, sport, dport } = filters;
  return { ...(port === undefined ? {} : { port }), ...(sport === undefined ? {} : { sport }), ...(dport === undefined ? {} : { dport }) };
}

/** The filters `--watch` applies after the diff, as a predicate over a tracked record; undefined when there are none. */
function followedFilters(ctx: RecordContext, facts: WeakMap<SocketRecord, SocketFacts>): Selects {
  const { states, pid, user, program } = ctx.options.filters;
  const later = { ...(states === undefined ? {} : { states }), ...(pid === undefined ? {} : { pid }), ...(program === undefined ? {} : { program }) };
  const match = filtersMatch(later, user === undefined ? undefined : ctx.userUid);
  if (match === undefined) return undefined;
  // The owner is the last one seen (a socket in TIME_WAIT has none of its own).
  return (record, listed) => {
    const f = facts.get(listed);
    return f !== undefined && match({ ...f, pid: record.pid ?? null, program: record.program_name ?? null });
  };
}

/** One watch pass over every chosen namespace: the pipeline's items collected, names looked up at once, records built or reused. */
function pass$(ctx: RecordContext, memo: WatchMemo): Observable<Pass> {
  return defer(() => {
    const at = ctx.now();
    const { options } = ctx;
    const chosen = places(ctx);
    const record = recordOptions(options);
    const live = chosen.places.map((p) => p.root.display("net/"));
    // Rows remembered for files no longer read (a namespace that ended) are let go.
    for (const path of memo.rows.keys()) if (!live.some((prefix) => path.startsWith(prefix))) memo.rows.delete(path);
    const warnings = [...chosen.notes];
    const scope = { all: !options.listening, listening: options.listening };
    // Only the ports filter here, and they need no owner (see identityFilters).
    const keep = socketSelector(scope, identityFilters(options.filters), undefined, () => () => undefined);
    const plan = { selection: options.selection, verbose: options.verbose, scope, timers: options.timers, part: "all", keep, memo: memo.rows } as const;
    let failed: number | undefined;
    return from(chosen.places).pipe(
      concatMap((place) => {
        const sockets: AnySocket[] = [];
        const said: string[] = [];
        let status: number | undefined;
        for (const item of socketItems(place.root, plan)) {
          if (item.kind === "sockets") for (const s of item.sockets) sockets.push(s);
          else if (item.kind === "bogus") said.push(bogusWarning(options, item));
          else for (const o of unreadOutputs(item)) o.kind === "stderr" ? said.push(o.text) : o.kind === "status" && (status = o.code);
        }
        const others$ = status === undefined ? otherFamilies$(ctx, place) : EMPTY;
        return others$.pipe(
          toArray(),
          map((others) => {
            if (placeEnded(ctx, place)) return { place, sockets: [] as AnySocket[], said: [endedWarning(place)], status: undefined };
            for (const o of others) {
              if (o.kind === "stderr") said.push(o.text);
              else if (o.kind === "status" && o.code !== 0) status ??= o.code;
            }
            return { place, sockets, said, status };
          }),
        );
      }),
      toArray(),
      mergeMap((readings) => {
        for (const r of readings) {
          warnings.push(...r.said);
          failed ??= r.status;
        }
        const all = readings.flatMap((r) => r.sockets);
        const numeric = options.numericHosts;
        return namesKnown(ctx.resolver, function* (sockets: readonly AnySocket[]) {
          if (!numeric) for (const s of sockets) yield* hostsOf(s);
        })(all).pipe(map(() => readings));
      }),
      map((readings): Pass => {
        // Processes are read after the sockets, so that a socket read has its process already in /proc.
        const owners = passOwners(ctx, record);
        warnings.push(...owners.warnings);
        const reuse = !record.owners ? memo.records : undefined;
        const records: SocketRecord[] = [];
        for (const { place, sockets } of readings) {
          const lookup = ownersAt(owners, place);
          for (const socket of sockets) {
            const known = reuse?.get(socket);
            if (known !== undefined) {
              records.push(known);
              continue;
            }
            const built = socketRecord(socket, ctx, record, owners, lookup, place);
            reuse?.set(socket, built);
            memo.facts?.set(built, socketFacts(socket, lookup));
            records.push(built);
          }
        }
        return { at, records, warnings, status: failed };
      }),
    );
  });
}

/** How often `--watch` asks for a full garbage collection, in polls. */
const GC_EVERY_POLLS = 5;

/** `--watch`: polls every interval and prints one line per event until stopped. Warnings print once. */
export function watch$(ctx: RecordContext): Observable<Output> {
  const { options } = ctx;
  const columns = { extend: options.extend > 1, timers: options.timers };
  const line = (e: SocketEvent): string => (options.format === "json" ? ndjsonLine(eventObject(e)) : eventLine(e, ctx.colour, columns));
  const facts = new WeakMap<SocketRecord, SocketFacts>();
  const selects = followedFilters(ctx, facts);
  const memo: WatchMemo = { rows: new Map(), records: new WeakMap(), facts: selects === undefined ? undefined : facts };
  // A full collection every few polls keeps the resident size to what the live tables need: each
  // poll's garbage is the size of whole tables, and left alone it piles up before the collector
  // returns memory (measured: +30 % in a minute without, +1 % with; each costs ~20 ms at 20,000 rows).
  let polls = 0;
  const collect = (): void => {
    if (++polls % GC_EVERY_POLLS === 0) Bun.gc(true);
  };
  const read$ = pass$(ctx, memo).pipe(tap(collect));
  return poll(ctx.flushed$ === undefined ? read$ : concat(ctx.flushed$, read$), options.intervalMs).pipe(
    // A table netstat could not read ends the watch with netstat's message and status.
    takeWhile((p) => p.status === undefined, true),
    connect((passes) =>
      merge(
        passes.pipe(
          take(1),
          mergeMap((p) => from(p.warnings.map(err))),
        ),
        passes.pipe(
          filter((p) => p.status === undefined),
          map((p): Snapshot => ({ at: p.at, records: p.records })),
          socketEvents(options.includeExisting, selects),
          map((e) => out(line(e))),
        ),
        passes.pipe(
          mergeMap((p, i) => (p.status === undefined ? EMPTY : from([...(i === 0 ? [] : p.warnings.map(err)), status(p.status)]))),
        ),
      ),
    ),
    catchError(namespaceFailure),
  );
}
