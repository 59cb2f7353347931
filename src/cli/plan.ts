/**
 * The run plan: for each mode, the pipeline one pass runs and how it is
 * written, in one table. A mode on the common contract runs its pipeline
 * of items (model/pipeline.ts) — in the reader's namespace or across the
 * ones `--netns*` selects (pipeline/namespaces.ts) — into the final stage
 * the registry of formats gives for it.
 */
import { defer, EMPTY, from, ignoreElements, map, of, type Observable } from "rxjs";
import { finalStage, type PipelineMode, type PipelineRecords } from "../format/registry.ts";
import { recordOptions, socketRecord } from "../format/listing-record.ts";
import { sctpNumericOf } from "../format/socket-listing-text.ts";
import type { StageContext } from "../format/stages.ts";
import type { Options } from "../model/options.ts";
import type { SocketEvent } from "../model/event.ts";
import type { Item } from "../model/pipeline.ts";
import { acrossNamespaces, type FanOut, type ProgramSource } from "../pipeline/namespaces.ts";
import { groupItems$ } from "../pipeline/groups.ts";
import { legacyFamiliesOf, legacyItems } from "../pipeline/legacy.ts";
import { interfaceAbsent, interfaceItems$ } from "../pipeline/interfaces.ts";
import { masqueradeItems } from "../pipeline/masquerade.ts";
import { routeItems$ } from "../pipeline/routes.ts";
import { socketListing$ } from "../pipeline/socket-listing.ts";
import { statisticsItems } from "../pipeline/statistics.ts";
import { summaryItems } from "../pipeline/summary.ts";
import { closeListenerFor } from "../pipeline/kernel-closes.ts";
import { watchItems$ } from "../pipeline/watch.ts";
import { topItems$ } from "../pipeline/top.ts";
import type { WatchContext } from "../pipeline/watch-polls.ts";
import type { TopTerminalPort } from "../format/top-view.ts";
import { openDestroyListener } from "../sources/sock-destroy.ts";
import { untilFailure } from "../operators/exit-status.ts";
import { INITIAL_GROUP_STATE, type GroupReaderState } from "../proc/net-igmp.ts";
import type { NameResolver } from "../resolve/names.ts";
import { readEtc } from "../sources/etc.ts";
import { netnsOfPid, type NetnsTarget } from "../sources/netns.ts";
import { createProcRoot, type ProcRoot } from "../sources/proc-root.ts";
import { resolveUserFilter } from "./filter-user.ts";
import { err, out, status, type Output } from "./output.ts";
import { staged$ } from "./staged.ts";
import { toTextfile } from "./textfile.ts";
import type { EventMetrics } from "../format/metric-events.ts";
import { metricsHelpText } from "../format/metrics-help.ts";

/** State one run keeps from pass to pass of `-c`, as netstat keeps it in static storage. */
export interface RunState {
  readonly groupState: { value: GroupReaderState };
  /** The same state for each namespace `--netns*` reads: one namespace's leftovers never reach another's reading. */
  readonly netnsGroupStates: Map<number, { value: GroupReaderState }>;
  /** How many passes have started. */
  passes: number;
  /** `--user`, resolved to uids. */
  userUid: readonly number[] | undefined;
  /** The event metrics a repeated exposition follows (`--format prometheus -c`, `--textfile -c`). */
  events: EventMetrics | undefined;
}

/** A fresh run's state. */
export function runState(): RunState {
  return { groupState: { value: INITIAL_GROUP_STATE }, netnsGroupStates: new Map(), passes: 0, userUid: undefined, events: undefined };
}

/** What one pass knows of the run. */
export interface PassContext {
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly state: RunState;
  readonly euid: number;
  readonly colour: boolean;
  /** Completes once everything written so far has reached the streams. */
  readonly flushed$: Observable<never>;
  /** How many bytes wait for a slow reader. */
  readonly queued: () => number;
  /** `--top`: the terminal it draws on. */
  readonly terminal?: TopTerminalPort | undefined;
}

/** Where one pass reads: the proc root, and with `--netns*` the namespace it stands for. */
interface Place {
  readonly root: ProcRoot;
  readonly target?: NetnsTarget;
  readonly programs?: () => ProgramSource;
}

function groupStateOf(state: RunState, netns: number): { value: GroupReaderState } {
  let found = state.netnsGroupStates.get(netns);
  if (found === undefined) state.netnsGroupStates.set(netns, (found = { value: INITIAL_GROUP_STATE }));
  return found;
}

/** A mode's items at one place. */
type ItemsOf<M extends PipelineMode> = (ctx: PassContext, place: Place) => Observable<Item<PipelineRecords[M]>>;

/** A mode's items of one pass. */
type PassOf<M extends PipelineMode> = (ctx: PassContext, root: ProcRoot) => Observable<Item<PipelineRecords[M]>>;

/**
 * A mode read in one place, as one pass: in the reader's namespace, or across the ones `--netns*`
 * selects, leaving out under `--all-netns` the namespaces `absent` says lack what was asked for.
 */
function fannedOut<M extends PipelineMode>(items: ItemsOf<M>, absent?: (options: Options) => FanOut<PipelineRecords[M]>["absent"]): PassOf<M> {
  return (ctx, root) => {
    const { options } = ctx;
    if (options.netns === undefined) return items(ctx, { root }).pipe(untilFailure());
    const left = absent?.(options);
    return acrossNamespaces({
      root,
      selection: options.netns,
      netnsDir: options.netnsDir,
      pass: (target, programs) => items(ctx, { root: target.root, target, programs }),
      ...(left === undefined ? {} : { absent: left }),
    });
  };
}

/** What `--all-netns -I=IF` leaves out: the namespaces without IF; it fails only when none has it. */
function interfaceAbsent$(options: Options): FanOut<PipelineRecords["interfaces"]>["absent"] {
  const name = options.interfaceName;
  return name === undefined ? undefined : { in: interfaceAbsent, none: { kind: "no-such-interface", name, anyNamespace: true } };
}

/** The socket listing's pass; `records`: whether its sockets become records (every format but netstat text). */
function socketsPass<M extends "sockets" | "count">(records: (options: Options) => boolean): PassOf<M> {
  return fannedOut((ctx, place) =>
    socketListing$({
      root: place.root,
      options: ctx.options,
      resolver: ctx.resolver,
      euid: ctx.euid,
      userUid: ctx.state.userUid,
      groupState: place.target === undefined ? ctx.state.groupState : groupStateOf(ctx.state, place.target.label.netns),
      programs: place.programs,
      numericSctp: sctpNumericOf(ctx.options),
      records: records(ctx.options),
      counters: ctx.options.format === "prometheus",
    }),
  );
}

/** Each mode's pipeline: one pass's items. */
const PIPELINES: { readonly [M in PipelineMode]: PassOf<M> } = {
  sockets: socketsPass((options) => options.format !== "text"),
  // `--count-by` counts the records every record format builds, in every format.
  count: socketsPass(() => true),
  masquerade: fannedOut((_ctx, place) => from(masqueradeItems(place.root))),
  route: fannedOut((ctx, place) => routeItems$({ root: place.root, options: ctx.options, resolver: ctx.resolver })),
  statistics: fannedOut((ctx, place) => defer(() => from(statisticsItems(place.root, ctx.options)))),
  summary: fannedOut((_ctx, place) => defer(() => from(summaryItems(place.root)))),
  groups: fannedOut((ctx, place) =>
    groupItems$({
      root: place.root,
      options: ctx.options,
      resolver: ctx.resolver,
      state: place.target === undefined ? ctx.state.groupState : groupStateOf(ctx.state, place.target.label.netns),
    }),
  ),
  legacy: fannedOut((ctx, place) =>
    defer(() => {
      const { selection } = ctx.options;
      return from(legacyFamiliesOf(selection).flatMap((flag) => legacyItems(place.root, ctx.options, flag)));
    }),
  ),
  interfaces: fannedOut(
    (ctx, place) =>
      interfaceItems$({
        root: place.root,
        sys: createProcRoot("/sys"),
        options: ctx.options,
        netns: place.target === undefined ? undefined : { inode: place.target.label.netns, pids: pidsOf(place.target) },
      }),
    interfaceAbsent$,
  ),
  // The watch polls on its own timer, across the namespaces of each poll (pipeline/watch.ts).
  watch: (ctx, root) => watchPass$(ctx, root),
  closes: (ctx, root) => watchPass$(ctx, root),
  top: (ctx, root) => topItems$(watchContext(ctx, root)),
};

/** The socket listing's items of one reading (what `--serve` renders for each scrape). */
export function socketItems$(ctx: PassContext, root: ProcRoot): Observable<Item<PipelineRecords["sockets"]>> {
  return PIPELINES.sockets(ctx, root);
}

/** `--watch`'s items, with the kernel's close notifications where they can be heard (and `--serve`'s shared watch). */
export function watchPass$(ctx: PassContext, root: ProcRoot): Observable<Item<SocketEvent>> {
  return watchItems$(watchContext(ctx, root));
}

/** What a watch (and `--top`) reads with. */
function watchContext(ctx: PassContext, root: ProcRoot): WatchContext {
  return {
    root,
    options: ctx.options,
    resolver: ctx.resolver,
    euid: ctx.euid,
    userUid: ctx.state.userUid,
    now: Date.now,
    netns: ctx.options.netns,
    netnsDir: ctx.options.netnsDir,
    queued: ctx.queued,
    recordOf: (socket, attribution, lookup, label) => socketRecord(socket, ctx, recordOptions(ctx.options), attribution, lookup, label),
    listen: closeListenerFor(root, () => openDestroyListener()),
    ownNetns: ownNetnsOf(root, ctx.options.netns !== undefined),
  };
}

/** The reader's own network namespace, which a watch of `--netns*` listens in without entering it. */
function ownNetnsOf(root: ProcRoot, namespaces: boolean): number | undefined {
  if (!namespaces || !root.ownNetns) return undefined;
  try {
    return netnsOfPid(root, process.pid);
  } catch {
    // Unreadable: the own namespace is then entered like any other.
    return undefined;
  }
}

/** A mode's pass through its format's final stage, looked up once in the registry. */
function modePass$<M extends PipelineMode>(mode: M, ctx: PassContext, root: ProcRoot): Observable<Output> {
  const { options } = ctx;
  const events = ctx.state.events;
  const stage: StageContext = {
    options,
    resolver: ctx.resolver,
    colour: ctx.colour,
    now: Date.now,
    pass: ctx.state.passes,
    terminal: ctx.terminal,
    ...(events === undefined ? {} : { eventFamilies: () => events.families() }),
  };
  const outputs = staged$((PIPELINES[mode] as PassOf<M>)(ctx, root), finalStage(mode, options.format), stage);
  return options.textfile === undefined ? outputs : toTextfile(options.textfile, outputs);
}

/** Interface ioctls answer for the reader's namespace: -i reads the namespace's own /sys through these, the label's first. */
function pidsOf(target: NetnsTarget): readonly number[] {
  return [target.label.pid, ...[...target.pids].filter((p) => p !== target.label.pid)];
}

/** The pipeline of a socket listing: counted (a fresh count each `--watch` interval), the live view, watched, or listed. */
function socketMode(options: Options): "count" | "top" | "closes" | "watch" | "sockets" {
  if (options.countBy !== undefined) return "count";
  if (options.live) return "top";
  return options.watch ? (options.closes ? "closes" : "watch") : "sockets";
}

/** The run plan: each mode's pass. */
const PLAN: Readonly<Record<Options["mode"], (ctx: PassContext, root: ProcRoot) => Observable<Output>>> = {
  sockets: (ctx, root) => modePass$(socketMode(ctx.options), ctx, root),
  route: (ctx, root) => modePass$("route", ctx, root),
  interfaces: (ctx, root) => modePass$("interfaces", ctx, root),
  statistics: (ctx, root) => modePass$("statistics", ctx, root),
  masquerade: (ctx, root) => modePass$("masquerade", ctx, root),
  summary: (ctx, root) => modePass$("summary", ctx, root),
};

/** One pass of the chosen mode, in the reader's namespace or in the ones `--netns*` selects. */
export function pass$(ctx: PassContext): Observable<Output> {
  return defer(() => {
    const { options, state } = ctx;
    const root = createProcRoot(options.procRoot);
    state.passes++;
    // Every record's schema and their JSON Schema conversion are loaded for --schema alone: ~1 ms of every other run's start.
    if (options.schema) return from(import("../format/json-schema.ts")).pipe(map((m) => out(m.jsonSchemaText())));
    if (options.metricsHelp) return of(out(metricsHelpText()));
    const users = userUids(options);
    if ("error" in users) return of(err(users.error), status(2));
    state.userUid = users.uids;
    return PLAN[options.mode](ctx, root);
  });
}

/** `--user`'s names as uids (undefined: no `--user`), or the complaint about one that names nobody. */
export function userUids(options: Options): { readonly uids: readonly number[] | undefined } | { readonly error: string } {
  if (options.filters.user === undefined) return { uids: undefined };
  const uids: number[] = [];
  for (const name of options.filters.user) {
    const user = resolveUserFilter(name, () => readEtc("passwd"));
    if ("error" in user) return { error: user.error };
    if (user.uid !== undefined) uids.push(user.uid);
  }
  return { uids };
}

/** Completes once `flushed` has resolved; fails with what stopped stdout. */
export function flushedOf(flushed: (() => Promise<void>) | undefined): Observable<never> {
  return flushed === undefined ? EMPTY : defer(() => from(flushed())).pipe(ignoreElements());
}
