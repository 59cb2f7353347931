/**
 * `--top` as one pipeline: `--watch`'s polls (pipeline/watch-polls.ts), each
 * TCP socket read over netlink with its cookie and tcp_info byte counters,
 * and the kernel's closes as `--watch` hears them, with each closed socket's
 * last counters (pipeline/kernel-closes.ts), as the inputs of the
 * live view's model (operators/top-model.ts). The filters that need owners
 * are applied to each reading; each diagnostic is said once.
 */
import { concat, concatMap, defer, EMPTY, finalize, from, merge, tap, type Observable } from "rxjs";
import { ownersLookedUp } from "../model/options.ts";
import { diagnostic, record, type Item } from "../model/pipeline.ts";
import type { NetworkRecord, SocketRecord } from "../model/record.ts";
import { untilFailure } from "../operators/exit-status.ts";
import type { WatchInput } from "../operators/lifecycles.ts";
import { poll } from "../operators/poll.ts";
import type { TopInput, TopSocket } from "../operators/top-model.ts";
import { filtersMatch, type SocketFacts } from "../select/filters.ts";
import { drainedInputs, kernelCloses$, type ClosesContext } from "./kernel-closes.ts";
import { admitsOf, collector, hearingOf, pollDiagnostics } from "./watch.ts";
import { poll$, type Poll, type WatchContext, type WatchMemo } from "./watch-polls.ts";

/**
 * How often the kernel's closes are drained between readings: the view needs them only at the
 * next reading, so less often than --watch, which prints each at once (each drain wakes the
 * process); the listener holds thousands between two drains.
 */
const DRAIN_MS = 250;

/** A kernel close as the model's input: only TCP and UDP sockets the view lists. */
function closedInput(input: WatchInput): readonly TopInput[] {
  if (input.kind !== "closed" || !input.admitted || input.record.kind !== "network") return [];
  return [{ kind: "closed", at: input.at, cookie: input.cookie, record: input.record, counters: input.counters }];
}

/** `--top`'s inputs: a reading at once and every interval, and the kernel's closes as they are heard. */
export function topItems$(ctx: WatchContext): Observable<Item<TopInput>> {
  return defer(() => {
    const { options } = ctx;
    // The ports and --filter's expression choose the sockets read (watchScope); these need owners or ss's states.
    const { states, ssStates, pid, user, program } = options.filters;
    const later = {
      ...(states === undefined ? {} : { states }), ...(ssStates === undefined ? {} : { ssStates }),
      ...(pid === undefined ? {} : { pid }), ...(program === undefined ? {} : { program }),
    };
    const match = filtersMatch(later, user === undefined ? undefined : ctx.userUid);
    const facts = new WeakMap<SocketRecord, SocketFacts>();
    const memo: WatchMemo = { rows: new Map(), records: new WeakMap(), facts: match === undefined ? undefined : facts, cookies: new WeakMap(), counters: new WeakMap(), sockets: new WeakMap(), owners: new Map(), byCookie: new Map() };
    // The closes of every namespace read, as --watch hears them (a listener made inside each, root only).
    const opened = hearingOf(ctx);
    const hearing = opened === undefined || "unavailable" in opened ? undefined : opened;
    const listener = hearing?.listener;
    const note = opened !== undefined && "unavailable" in opened ? [diagnostic<TopInput>({ kind: "kernel-closes-unavailable", why: opened.unavailable })] : [];
    const closes: ClosesContext = {
      ownNetns: ctx.ownNetns,
      options,
      resolver: ctx.resolver,
      now: ctx.now,
      recordOf: ctx.recordOf,
      admits: admitsOf(options),
      owners: ownersLookedUp(options),
    };
    let first = true;
    const said = new Set<string>();
    const kept = (r: SocketRecord): r is NetworkRecord => {
      if (r.kind !== "network") return false;
      const f = facts.get(r);
      return match === undefined || (f !== undefined && match(f));
    };
    // A record's input is made again only when its counters changed (most sockets are idle).
    const made = new WeakMap<NetworkRecord, TopSocket>();
    const topSocketOf = (r: NetworkRecord): TopSocket => {
      const counters = memo.counters?.get(r);
      const last = made.get(r);
      if (last !== undefined && last.counters === counters) return last;
      const input: TopSocket = { record: r, cookie: memo.cookies.get(r), counters, socket: memo.sockets?.get(r) };
      made.set(r, input);
      return input;
    };
    const itemsOf = (p: Poll): readonly Item<TopInput>[] => {
      const notes = pollDiagnostics(p, first, said).map((d) => diagnostic<TopInput>(d));
      first = false;
      if (p.failed) return notes;
      const sockets = p.records.filter(kept).map((r) => topSocketOf(r));
      return [...notes, record<TopInput>({ kind: "reading", at: p.at, sockets })];
    };
    const resync = (): void => undefined;
    const closed = (inputs: Observable<WatchInput>): Observable<Item<TopInput>> => inputs.pipe(concatMap((i) => from(closedInput(i).map((c) => record(c)))));
    // Closes told while a reading was made go first, so that the reading settles them.
    const collect = collector();
    const read$ = poll$(ctx, memo, hearing?.entering).pipe(
      tap((p) => hearing?.settle?.(p.netns)),
      tap(collect),
      concatMap((p) => concat(listener === undefined ? EMPTY : closed(drainedInputs(listener.drain(), closes, resync)), from(itemsOf(p)))),
    );
    const kernel$ = listener === undefined ? EMPTY : closed(kernelCloses$(listener, closes, resync, DRAIN_MS));
    return concat(from(note), merge(poll(read$, options.intervalMs), kernel$)).pipe(
      untilFailure(),
      finalize(() => listener?.close()),
    );
  });
}
