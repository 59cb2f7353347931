/**
 * `--watch` as one pipeline: the polls (pipeline/watch-polls.ts) and, in
 * the reader's own namespace, the kernel's socket-destroy notifications
 * (pipeline/kernel-closes.ts), merged into one stream of socket lifecycles
 * (operators/lifecycles.ts). Events and diagnostics are items like every
 * mode's; each diagnostic is said once.
 */
import { concat, concatMap, connect, defer, EMPTY, filter, finalize, from, interval, map, merge, of, Subject, tap, type Observable } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { SocketEvent } from "../model/event.ts";
import { fails } from "../model/exit-status.ts";
import { ownersLookedUp, type Options } from "../model/options.ts";
import { diagnostic, record, type Item } from "../model/pipeline.ts";
import type { SocketRecord } from "../model/record.ts";
import type { InetSocket } from "../model/socket.ts";
import { untilFailure } from "../operators/exit-status.ts";
import { poll } from "../operators/poll.ts";
import { boundedOutput } from "../operators/bounded-output.ts";
import { lifecycles, type WatchInput } from "../operators/lifecycles.ts";
import type { Selects } from "../operators/socket-events.ts";
import type { SocketFacts } from "../select/filters.ts";
import { familySelected, protocolSelected } from "../select/sockets.ts";
import { drainedInputs, kernelCloses$, type CloseListener, type ClosesContext } from "./kernel-closes.ts";
import { namespaceCloses } from "./namespace-closes.ts";
import { followedFilters, poll$, watchScope, type Entering, type Poll, type WatchContext, type WatchMemo } from "./watch-polls.ts";

export type { WatchContext } from "./watch-polls.ts";

/** The most output (in bytes) a watch lets wait for a slow reader before it drops events and counts them. */
const OUTPUT_LIMIT = 1 << 20;

/** How often a watch whose reader was slow checks whether it has caught up, to say what was lost. */
const GAP_CHECK_MS = 100;

/** How much the resident size may grow past its size after the last full garbage collection before a watch asks for another. */
const GC_GROWTH = 1.25;

/** The protocols whose polls carry the kernel's cookie (read over netlink) and whose closes the kernel tells. */
const KERNEL_PROTOCOLS: ReadonlySet<string> = new Set(["tcp", "udp"]);

/** How a watch hears the kernel's closes: its listener, which polls' records had their closes told, and what to do as each namespace is read. */
export interface Hearing {
  readonly listener: CloseListener;
  readonly toldNow: () => (record: SocketRecord) => boolean;
  readonly entering?: Entering;
  readonly settle?: (read: ReadonlySet<number>) => void;
}

/** The watch's listeners for the kernel's closes, or why there are none (undefined: none was asked for). */
export function hearingOf(ctx: WatchContext): Hearing | { readonly unavailable: string } | undefined {
  const { selection } = ctx.options;
  // Only TCP and UDP closes are told: a watch of other sockets has nothing to hear.
  const { listen } = ctx;
  if (listen === undefined || (!protocolSelected(selection, "tcp") && !protocolSelected(selection, "udp"))) return undefined;
  if (typeof listen !== "function") return listen;
  if (ctx.netns !== undefined) {
    const set = namespaceCloses(listen, ctx.ownNetns);
    return { listener: set, toldNow: () => set.toldNow(), entering: (root, label) => set.entering(root, label), settle: (read) => set.settle(read) };
  }
  const opened = listen();
  if ("unavailable" in opened) return opened;
  const all = (): boolean => true;
  return { listener: opened, toldNow: () => all };
}

/**
 * A full collection once the resident size has grown a quarter keeps it to what the live tables
 * need where each poll's garbage is the size of whole tables (a /proc table parsed again, a
 * large one's churn), without paying for one where the collector keeps up by itself: an idle
 * watch of 10,000 pairs reuses its records and stays flat, and a full collection every
 * 5 polls cost it 1.1 % of a core. The function to call after each poll (`--watch` and `--top`).
 */
export function collector(): () => void {
  let floor: number | undefined;
  return () => {
    const rss = process.memoryUsage.rss();
    if (floor !== undefined && rss <= floor * GC_GROWTH) return;
    if (floor !== undefined) Bun.gc(true);
    floor = process.memoryUsage.rss();
  };
}

/** Whether the watch lists a socket the kernel told of: its protocol and family selected, in scope, its ports passing the filters. */
export function admitsOf(options: Options): (socket: InetSocket) => boolean {
  const { selection } = options;
  const { keep } = watchScope(options);
  return (socket) =>
    KERNEL_PROTOCOLS.has(socket.proto) &&
    protocolSelected(selection, socket.proto) &&
    familySelected(selection, socket.family === "inet" ? "v4" : "v6") &&
    keep(socket);
}

/**
 * The diagnostics of a poll that earlier polls have not said (within a poll, each as netstat says
 * it): a later poll that fails is skipped, and the watch goes on.
 */
export function pollDiagnostics(p: Poll, first: boolean, said: Set<string>): readonly Diagnostic[] {
  const told = first || !p.failed ? p.diagnostics : p.diagnostics.filter((d) => d.kind !== "sockets-failed").map((cause): Diagnostic => (fails(cause) ? { kind: "poll-skipped", cause } : cause));
  // How many processes hide their namespace changes from poll to poll: said once, not at every change.
  const keys = told.map((d) => (d.kind === "namespaces-hidden" ? d.kind : JSON.stringify(d)));
  const fresh = told.filter((_, i) => !said.has(keys[i]!));
  for (const key of keys) said.add(key);
  return fresh;
}

/**
 * `--watch`: polls every interval and, where the kernel tells, hears every close as it happens;
 * emits one record per socket event until stopped. A poll's diagnostics are said once each; a
 * first poll that fails ends the watch, a later one is skipped.
 */
export function watchItems$(ctx: WatchContext): Observable<Item<SocketEvent>> {
  return defer(() => {
    const { options } = ctx;
    const facts = new WeakMap<SocketRecord, SocketFacts>();
    const selects = followedFilters(ctx, facts);
    const memo: WatchMemo = { rows: new Map(), records: new WeakMap(), facts: selects === undefined ? undefined : facts, cookies: new WeakMap() };
    const collect = collector();
    const opened = hearingOf(ctx);
    const hearing = opened === undefined || "unavailable" in opened ? undefined : opened;
    const listener = hearing?.listener;
    const note = opened !== undefined && "unavailable" in opened ? [diagnostic<WatchInput>({ kind: "kernel-closes-unavailable", why: opened.unavailable })] : [];
    const closes: ClosesContext = {
      ownNetns: ctx.ownNetns,
      options,
      resolver: ctx.resolver,
      now: ctx.now,
      recordOf: ctx.recordOf,
      admits: admitsOf(options),
      owners: ownersLookedUp(options),
    };
    const resync$ = new Subject<void>();
    const resync = (): void => resync$.next();
    const cookieOf = (r: SocketRecord): number | undefined => memo.cookies.get(r);
    let first = true;
    const said = new Set<string>();
    /** A poll's items: its diagnostics said once each, then its snapshot unless it failed. */
    const itemsOf = (p: Poll, told: ((record: SocketRecord) => boolean) | undefined): readonly Item<WatchInput>[] => {
      const notes = pollDiagnostics(p, first, said).map((d) => diagnostic<WatchInput>(d));
      first = false;
      const input: WatchInput = { kind: "poll", snapshot: { at: p.at, records: p.records, cookieOf }, told };
      return p.failed ? notes : [...notes, record(input)];
    };
    // Closes the kernel told of while the poll was read go first, so that the poll does not close them itself.
    const read$ = defer(() => {
      // Which namespaces' closes were told since before this poll, decided as it starts.
      const told = hearing?.toldNow();
      return poll$(ctx, memo, hearing?.entering).pipe(
        tap((p) => hearing?.settle?.(p.netns)),
        map((p) => ({ p, told })),
      );
    }).pipe(
      tap(collect),
      concatMap(({ p, told }) => concat(listener === undefined ? EMPTY : drainedInputs(listener.drain(), closes, resync).pipe(map((i) => record(i))), from(itemsOf(p, told)))),
    );
    // Reading goes on while a slow reader catches up: what it cannot take is a gap (boundedOutput).
    const polled$ = poll(read$, options.intervalMs, undefined, resync$);
    const kernel$ = listener === undefined ? EMPTY : kernelCloses$(listener, closes, resync).pipe(map((i) => record(i)));
    return concat(from(note), merge(polled$, kernel$)).pipe(
      // A first poll that could not read a table netstat needs ends the watch with netstat's message and status.
      untilFailure(),
      (items) => eventsOf(items, options.includeExisting, selects),
      boundedOutput<SocketEvent>(ctx.queued ?? (() => 0), OUTPUT_LIMIT, (lost) => ({ event: "gap", at: ctx.now(), lost, cause: "reader" }), interval(GAP_CHECK_MS)),
      finalize(() => listener?.close()),
    );
  });
}

/** The inputs merged into events; diagnostics pass through in their place. */
function eventsOf(items: Observable<Item<WatchInput>>, includeExisting: boolean, selects: Selects): Observable<Item<SocketEvent>> {
  return items.pipe(
    connect((shared) =>
      merge(
        shared.pipe(filter((i): i is Extract<Item<WatchInput>, { readonly kind: "diagnostic" }> => i.kind === "diagnostic")),
        shared.pipe(
          concatMap((i) => (i.kind === "record" ? of(i.record) : EMPTY)),
          lifecycles(includeExisting, selects),
          map((e) => record(e)),
        ),
      ),
    ),
  );
}
