/**
 * The socket listing as records (`--json`, `--format table`) and as a live
 * event stream (`--watch`): read the selected tables, keep what the scope
 * and the filters choose, look names up, and write NDJSON, tables or lines.
 */
import { catchError, concatMap, connect, defer, from, map, merge, mergeMap, of, take, tap, toArray, type Observable } from "rxjs";
import { filtersNeedProcesses } from "../model/filters.ts";
import type { NetnsSelection } from "../model/netns.ts";
import type { Options } from "../model/options.ts";
import type { NetworkRecord, SocketRecord, UnixRecord, WarningRecord } from "../model/record.ts";
import { ndjsonLine } from "../format/ndjson.ts";
import { withNetnsFields } from "../format/netns-fields.ts";
import { wantsHostLookup } from "../format/netstat-address.ts";
import { isoTime, eventLine, eventObject } from "../format/socket-event.ts";
import { networkRecord, sctpRecord, unixRecord, type RecordOptions } from "../format/socket-record.ts";
import { formatTable, networkColumns, unixColumns } from "../format/table.ts";
import { matchingFilters } from "../operators/filters.ts";
import { inScope } from "../operators/listing.ts";
import { poll } from "../operators/poll.ts";
import { socketEvents, type Snapshot, type SocketEvent } from "../operators/socket-events.ts";
import { socketFacts, type AnySocket, type OwnerLookup } from "../operators/socket-facts.ts";
import type { NameResolver } from "../resolve/names.ts";
import { createProcRoot, type ProcRoot } from "../sources/proc-root.ts";
import { attributionOf, readHidepid, type AttributionContext } from "../sources/attribution.ts";
import { NetnsError, planNetns, type NetnsTarget } from "../sources/netns.ts";
import { buildProcessIndex, ownerWithin } from "../sources/processes.ts";
import { readSocketSnapshot, type BogusLine, type SnapshotMemo, type SnapshotScope } from "../sources/snapshot.ts";
import { groupItems$, recordsOutput$ } from "./mode-records.ts";
import { netnsErrorText, netnsNotes } from "./netns-text.ts";
import { concatUntilFailure, err, out, outLines, type Output, status } from "./output.ts";

/** Everything a record pass needs. */
export interface RecordContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly euid: number;
  /** `--user`, resolved to a uid. */
  readonly userUid: number | undefined;
  /** Colour states (a TTY without NO_COLOR). */
  readonly colour: boolean;
  /** The clock, ms since the epoch. */
  readonly now: () => number;
  /** The namespaces `--netns`, `--netns-pid` or `--all-netns` chose; undefined reads the proc root's own. */
  readonly netns?: NetnsSelection | undefined;
  /** Directory of named namespaces; /run/netns by default. */
  readonly netnsDir?: string | undefined;
}

/** One pass: the records, and the warnings netstat would print. */
interface Pass {
  readonly at: number;
  readonly records: readonly SocketRecord[];
  readonly warnings: readonly string[];
}

function recordOptions(options: Options): RecordOptions {
  return {
    numericHosts: options.numericHosts,
    numericPorts: options.numericPorts,
    numericUsers: options.numericUsers,
    symbolic: options.symbolic,
    owners: options.programs || filtersNeedProcesses(options.filters),
  };
}

function hostsOf(s: AnySocket): readonly { readonly address: string; readonly family: "inet" | "inet6" }[] {
  switch (s.kind) {
    case "inet":
      return [
        { address: s.localAddress, family: s.family },
        { address: s.remoteAddress, family: s.family },
      ];
    case "unix":
      return [];
    case "sctp-endpoint":
      return s.localAddresses.slice(0, 1);
    case "sctp-association":
      return [...s.localAddresses.slice(0, 1), ...s.remoteAddresses.slice(0, 1)];
  }
}

function toRecord(s: AnySocket, options: RecordOptions, ctx: RecordContext, owners: OwnerLookup): SocketRecord {
  switch (s.kind) {
    case "inet":
      return networkRecord(s, options, ctx.resolver, owners);
    case "unix":
      return unixRecord(s, options, owners);
    default:
      return sctpRecord(s, options, ctx.resolver, owners);
  }
}

function ownerWarnings(ctx: RecordContext, index: ReturnType<typeof buildProcessIndex>): string[] {
  if (!ctx.options.programs) return [];
  const noInfo = `(No info could be read for "-p": geteuid()=${ctx.euid} but you should be root.)\n`;
  if (index.unreadable || (index.permissionDenied && index.byInode.size === 0)) return [noInfo];
  if (index.permissionDenied) {
    return ["(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n"];
  }
  return [];
}

/** One place a pass reads sockets from: the proc root's own namespace, or one chosen by `--netns*`. */
interface Place {
  readonly root: ProcRoot;
  readonly target: NetnsTarget | undefined;
}

/** The namespaces a pass reads, planned afresh each pass so that `--watch` sees namespaces come and go. */
function places(ctx: RecordContext): { readonly places: readonly Place[]; readonly notes: readonly string[] } {
  if (ctx.netns === undefined) return { places: [{ root: ctx.root, target: undefined }], notes: [] };
  const plan = planNetns(ctx.root, ctx.netns, ctx.netnsDir);
  const notes = ctx.netns.kind === "all" ? netnsNotes(plan).map((o) => (o.kind === "stderr" ? o.text : "")) : [];
  return { places: plan.targets.map((target) => ({ root: target.root, target })), notes };
}

/**
 * What `--watch` keeps from one pass to the next so that an unchanged socket costs little: the
 * parsed rows of each table, and the record built for each socket object (reused only when
 * records carry no owner, since an owner can change while the row stays the same).
 */
interface WatchMemo {
  readonly rows: SnapshotMemo;
  /** Weakly held: a record lives as long as its socket object, which the parse memos keep while the socket is listed. */
  readonly records: WeakMap<AnySocket, SocketRecord>;
}

/** The sockets of one place, or undefined when its namespace ended while it was read (`--all-netns` only). */
function readPlace(ctx: RecordContext, place: Place, scope: SnapshotScope, memo?: WatchMemo): ReturnType<typeof readSocketSnapshot> | undefined {
  const { target } = place;
  try {
    const snapshot = readSocketSnapshot(place.root, ctx.options.selection, scope, memo?.rows);
    if (target === undefined || !target.root.vanished()) return snapshot;
  } catch (error) {
    if (target === undefined || !target.root.vanished()) throw error;
  }
  const selection = ctx.netns;
  if (selection?.kind === "pid") throw new NetnsError(`of pid ${selection.pid}`, "ESRCH");
  if (selection?.kind === "name") throw new NetnsError(selection.value, "no-process");
  return undefined;
}

/** netstat's warning for a bogus line; in JSON mode a warning record, so that stderr stays NDJSON too. */
function bogusWarning(ctx: RecordContext, bogus: BogusLine): string {
  const message = `got bogus ${bogus.name} line`;
  if (ctx.options.format !== "json") return `warning, ${message}.\n`;
  const { line, reason, text } = bogus.issue;
  return ndjsonLine({ kind: "warning", file: bogus.file, line, message, reason, text } satisfies WarningRecord);
}

/** Reads, filters, resolves and builds the records of one pass, over every chosen namespace. */
function pass$(ctx: RecordContext, scope: SnapshotScope & { readonly all: boolean; readonly listening: boolean }, memo?: WatchMemo): Observable<Pass> {
  return defer(() => {
    const at = ctx.now();
    const chosen = places(ctx);
    const options = recordOptions(ctx.options);
    const listed = (s: AnySocket): boolean => (s.kind === "inet" || s.kind === "unix" ? inScope(s, scope) : true);
    const warnings: string[] = [...chosen.notes];
    const read: { readonly place: Place; readonly sockets: readonly AnySocket[] }[] = [];
    for (const place of chosen.places) {
      const snapshot = readPlace(ctx, place, scope, memo);
      if (snapshot === undefined) {
        warnings.push(`netstat-stream: network namespace ${place.target?.label.netns} ended while it was read; it is not shown\n`);
        continue;
      }
      for (const b of snapshot.bogus) warnings.push(bogusWarning(ctx, b));
      read.push({ place, sockets: snapshot.sockets.filter(listed) });
    }
    if (memo !== undefined) {
      // Rows remembered for files no longer read (a namespace that ended) are let go.
      const live = chosen.places.map((p) => p.root.display("net/"));
      for (const path of memo.rows.keys()) if (!live.some((prefix) => path.startsWith(prefix))) memo.rows.delete(path);
    }
    // Processes are read after the sockets, so that a socket read has its process already in /proc.
    const index = options.owners ? buildProcessIndex(ctx.root) : undefined;
    const attribution: AttributionContext | undefined =
      index === undefined ? undefined : { index, hidepid: readHidepid(ctx.root), euid: ctx.euid };
    if (index !== undefined) warnings.push(...ownerWarnings(ctx, index));
    const groups = read.map(({ place, sockets }) => {
      // Within a namespace, its own processes come first among a socket's holders.
      const owners: OwnerLookup =
        index === undefined ? () => undefined : place.target === undefined ? (inode) => index.byInode.get(inode) : ownerWithin(index, place.target.pids);
      return { label: place.target?.label, owners, sockets };
    });
    return from(groups).pipe(
      concatMap((group) =>
        from(group.sockets).pipe(
          matchingFilters(ctx.options.filters, ctx.userUid, (s: AnySocket) => socketFacts(s, group.owners)),
          toArray(),
          map((sockets) => ({ group, sockets })),
        ),
      ),
      toArray(),
      mergeMap(async (kept) => {
        if (!ctx.options.numericHosts) {
          const addresses = new Set<string>();
          for (const { sockets } of kept) {
            for (const socket of sockets) for (const { address, family } of hostsOf(socket)) if (wantsHostLookup(address, family)) addresses.add(address);
          }
          if (addresses.size > 0) await ctx.resolver.resolveHosts(addresses);
        }
        const reuse = memo !== undefined && !options.owners ? memo.records : undefined;
        const records: SocketRecord[] = [];
        for (const { group, sockets } of kept) {
          for (const socket of sockets) {
            const known = reuse?.get(socket);
            if (known !== undefined) {
              records.push(known);
              continue;
            }
            const record = toRecord(socket, options, ctx, group.owners);
            const why = attribution === undefined ? {} : { attribution: attributionOf(socket.inode, group.owners(socket.inode ?? 0), attribution) };
            const labelled = withNetnsFields({ ...record, ...why }, group.label);
            reuse?.set(socket, labelled);
            records.push(labelled);
          }
        }
        return { at, records, warnings };
      }),
    );
  });
}

function listingScope(options: Options): SnapshotScope & { readonly all: boolean; readonly listening: boolean } {
  return {
    all: options.all,
    listening: options.listening,
    servers: options.all || options.listening,
    connections: options.all || !options.listening,
    timers: options.timers,
  };
}

function tables(ctx: RecordContext, records: readonly SocketRecord[]): string {
  const { options } = ctx;
  const columns = { extend: options.extend > 1, owners: recordOptions(options).owners, timers: options.timers, netns: ctx.netns !== undefined };
  const network = records.filter((r): r is NetworkRecord => r.kind === "network");
  const unix = records.filter((r): r is UnixRecord => r.kind === "socket");
  const { selection } = options;
  const parts: string[] = [];
  const anyInet = selection.tcp || selection.udp || selection.udplite || selection.raw || selection.sctp;
  if (!selection.any || anyInet) parts.push(formatTable(networkColumns(columns), network, ctx.colour));
  if (!selection.any || selection.unix) parts.push(formatTable(unixColumns(columns), unix, ctx.colour));
  return parts.join("\n");
}

/** A namespace that cannot be read ends the run with its one-sentence message. */
function namespaceFailure(error: unknown): Observable<Output> {
  if (error instanceof NetnsError) return of(err(netnsErrorText(error)), status(1));
  throw error;
}

/** One listing pass as NDJSON (with `ts` on every record under -c) or as tables; `-g` memberships follow the sockets. */
export function recordListing$(ctx: RecordContext): Observable<Output> {
  const { selection, continuous } = ctx.options;
  const groups = selection.igmp;
  const sockets = pass$(ctx, listingScope(ctx.options)).pipe(
    catchError(namespaceFailure),
    mergeMap((p) => {
      if (!("records" in p)) return of(p);
      const warnings = p.warnings.map(err);
      if (ctx.options.format === "table") {
        const text = tables(ctx, p.records);
        // With -g the group table follows after a blank line, and ends the pass.
        const tail = text === "" ? "" : groups ? "\n" : continuous ? "\n" : "";
        return from([...warnings, ...(text === "" ? [] : [out(text + tail)])]);
      }
      const stamp = continuous ? { ts: isoTime(p.at) } : {};
      return from([...warnings, ...outLines(p.records.map((r) => ndjsonLine({ ...r, ...stamp })))]);
    }),
  );
  if (!groups) return sockets;
  const modeCtx = { root: ctx.root, sys: createProcRoot("/sys"), options: ctx.options, resolver: ctx.resolver, colour: ctx.colour, now: ctx.now };
  const { netns } = ctx;
  if (netns === undefined) return concatUntilFailure([sockets, recordsOutput$(modeCtx, groupItems$(modeCtx))]);
  // Each namespace's memberships, read through its own processes and labelled with it.
  const memberships = defer(() =>
    concatUntilFailure(
      planNetns(ctx.root, netns, ctx.netnsDir).targets.map((t) => {
        const one = { ...modeCtx, root: t.root, label: t.label };
        return recordsOutput$(one, groupItems$(one));
      }),
    ),
  ).pipe(catchError(namespaceFailure));
  return concatUntilFailure([sockets, memberships]);
}

/** How often `--watch` asks for a full garbage collection, in polls. */
const GC_EVERY_POLLS = 5;

/** `--watch`: polls every interval and prints one line per event until stopped. Warnings print once. */
export function watch$(ctx: RecordContext): Observable<Output> {
  const { options } = ctx;
  const scope = { all: !options.listening, listening: options.listening, servers: true, connections: !options.listening, timers: options.timers };
  const columns = { extend: options.extend > 1, timers: options.timers };
  const line = (e: SocketEvent): string => (options.format === "json" ? ndjsonLine(eventObject(e)) : eventLine(e, ctx.colour, columns));
  const memo: WatchMemo = { rows: new Map(), records: new WeakMap() };
  // A full collection every few polls keeps the resident size to what the live tables need: each
  // poll's garbage is the size of whole tables, and left alone it piles up before the collector
  // returns memory (measured: +30 % in a minute without, +1 % with; each costs ~20 ms at 20,000 rows).
  let polls = 0;
  const collect = (): void => {
    if (++polls % GC_EVERY_POLLS === 0) Bun.gc(true);
  };
  return poll(pass$(ctx, scope, memo).pipe(tap(collect)), options.intervalMs).pipe(
    connect((passes) =>
      merge(
        passes.pipe(
          take(1),
          mergeMap((p) => from(p.warnings.map(err))),
        ),
        passes.pipe(
          map((p): Snapshot => ({ at: p.at, records: p.records })),
          socketEvents(options.includeExisting),
          map((e) => out(line(e))),
        ),
      ),
    ),
    catchError(namespaceFailure),
  );
}
