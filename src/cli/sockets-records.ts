/**
 * The socket listing as records (`--json`, `--format table`) and as a live
 * event stream (`--watch`): read the selected tables, keep what the scope
 * and the filters choose, look names up, and write NDJSON, tables or lines.
 */
import { catchError, concat, concatMap, connect, defer, EMPTY, filter, from, map, merge, mergeMap, of, take, takeWhile, tap, toArray, type Observable } from "rxjs";
import { filtersNeedProcesses, type Filters } from "../model/filters.ts";
import type { NetnsSelection } from "../model/netns.ts";
import type { Options } from "../model/options.ts";
import type { NetworkRecord, SocketRecord, UnixRecord, WarningRecord } from "../model/record.ts";
import { ndjsonLine } from "../format/ndjson.ts";
import { withNetnsFields } from "../format/netns-fields.ts";
import { wantsHostLookup } from "../resolve/address.ts";
import { isoTime, eventLine, eventObject } from "../format/socket-event.ts";
import { networkRecord, sctpRecord, unixRecord, type RecordOptions } from "../format/socket-record.ts";
import { formatTable, networkColumns, unixColumns } from "../format/table.ts";
import { matchingFilters } from "../operators/filters.ts";
import { filtersMatch, type SocketFacts } from "../select/filters.ts";
import { inScope } from "../select/scope.ts";
import { poll } from "../operators/poll.ts";
import { socketEvents, type Selects, type Snapshot } from "../operators/socket-events.ts";
import type { SocketEvent } from "../model/event.ts";
import { socketFacts } from "../select/facts.ts";
import type { AnySocket } from "../model/socket.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { NameResolver } from "../resolve/names.ts";
import { createProcRoot, type ProcRoot } from "../sources/proc-root.ts";
import { attributionOf, readHidepid, type AttributionContext } from "../sources/attribution.ts";
import { NetnsError, planNetns, type NetnsTarget } from "../sources/netns.ts";
import { buildProcessIndex, ownerWithin } from "../sources/processes.ts";
import { socketTables, type BogusLine, type SnapshotMemo, type SnapshotScope, type SnapshotSection } from "../sources/snapshot.ts";
import { legacyRecordSections } from "./legacy-text.ts";
import { groupItems$, recordsOutput$ } from "./mode-records.ts";
import { netnsErrorText, netnsNotes } from "./netns-text.ts";
import { concatUntilFailure, err, out, outLines, type Output, status } from "./output.ts";
import { BLUETOOTH_UNSUPPORTED, SECTION_FAMILY, unreadTable } from "./unread-table.ts";

/** Everything a record pass needs. */
export interface RecordContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly euid: number;
  /** `--user`, resolved to uids. */
  readonly userUid: readonly number[] | undefined;
  /** Colour states (a TTY without NO_COLOR). */
  readonly colour: boolean;
  /** The clock, ms since the epoch. */
  readonly now: () => number;
  /** The namespaces `--netns`, `--netns-pid` or `--all-netns` chose; undefined reads the proc root's own. */
  readonly netns?: NetnsSelection | undefined;
  /** Directory of named namespaces; /run/netns by default. */
  readonly netnsDir?: string | undefined;
  /** Completes once the output so far is written: `--watch` reads no new pass before (a tick that falls meanwhile is skipped). */
  readonly flushed$?: Observable<never>;
}

/** One pass: the records, the warnings netstat would print, and the status a failure ends it with. */
interface Pass {
  readonly at: number;
  readonly records: readonly SocketRecord[];
  readonly warnings: readonly string[];
  /** Set when a table could not be read in a way netstat ends its listing with (the first such status). */
  readonly status?: number | undefined;
  /** The failure came after the point where netstat lists `-g` memberships (at unix or a later family). */
  readonly late?: boolean;
}

/** How far a pass reads: everything, or only the Internet sections netstat lists before `-g` memberships. */
type Extent = "all" | "before groups";

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
  /** The filters' facts of each record built, when filters are applied after the diff (see watch$). */
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

/** What one place gave: its sockets, its warnings in netstat's order, and the status that ended it. */
interface PlaceReading {
  readonly place: Place;
  readonly sockets: readonly AnySocket[];
  readonly warnings: readonly string[];
  readonly status: number | undefined;
  readonly late: boolean;
}

/**
 * The socket tables of one place as netstat lists them: in its order, until a table it cannot
 * read ends the listing (with status 1 after that section, any other status at once). Errors
 * on a section's IPv6 table are ignored, as netstat ignores them.
 */
function readTables(ctx: RecordContext, place: Place, scope: SnapshotScope, extent: Extent, memo?: WatchMemo): Omit<PlaceReading, "place"> {
  const sockets: AnySocket[] = [];
  const warnings: string[] = [];
  let failed: number | undefined;
  let endsAfter: SnapshotSection | undefined;
  for (const table of socketTables(place.root, ctx.options.selection, scope, memo?.rows)) {
    if (endsAfter !== undefined && table.section !== endsAfter) break;
    if (extent === "before groups" && table.section === "unix") break;
    if ("error" in table) {
      if (table.ipv6) continue;
      for (const o of unreadTable(ctx.options, table.error, SECTION_FAMILY[table.section])) {
        if (o.kind === "stderr") warnings.push(o.text);
        else if (o.kind === "status" && o.code !== 0) failed = o.code;
      }
      if (failed !== undefined) endsAfter = table.section;
      if (failed !== undefined && failed !== 1) break;
      continue;
    }
    // One by one: a spread of a million records would overflow the call stack.
    for (const record of table.parsed.records) sockets.push(record);
    for (const issue of table.parsed.issues) warnings.push(bogusWarning(ctx, { name: table.bogusName, file: table.file, issue }));
  }
  return { sockets, warnings, status: failed, late: endsAfter === "unix" };
}

/** The legacy and Bluetooth families of one place, after its socket tables: only their failures have something to say. */
function otherFamilies$(ctx: RecordContext, place: Place): Observable<Output> {
  const { selection } = ctx.options;
  const parts = legacyRecordSections({ root: place.root, options: ctx.options, resolver: ctx.resolver })
    .filter((legacy) => !selection.any || selection[legacy.flag])
    .map((legacy) => legacy.section);
  if (selection.any && (selection.l2cap || selection.rfcomm)) parts.push(from(BLUETOOTH_UNSUPPORTED));
  return concatUntilFailure(parts);
}

/** Everything one place gives, or undefined when its namespace ended while it was read (`--all-netns` only). */
function readPlace$(ctx: RecordContext, place: Place, scope: SnapshotScope, extent: Extent, memo?: WatchMemo): Observable<PlaceReading | undefined> {
  return defer(() => {
    const tables = readTables(ctx, place, scope, extent, memo);
    const others$ = tables.status === undefined && extent === "all" ? otherFamilies$(ctx, place) : EMPTY;
    return others$.pipe(
      toArray(),
      map((others): PlaceReading | undefined => {
        const { target } = place;
        if (target !== undefined && target.root.vanished()) {
          const selection = ctx.netns;
          if (selection?.kind === "pid") throw new NetnsError(`of pid ${selection.pid}`, "ESRCH");
          if (selection?.kind === "name") throw new NetnsError(selection.value, "no-process");
          return undefined;
        }
        const warnings = [...tables.warnings];
        let { status, late } = tables;
        for (const o of others) {
          if (o.kind === "stderr") warnings.push(o.text);
          else if (o.kind === "status" && o.code !== 0 && status === undefined) [status, late] = [o.code, true];
        }
        return { place, sockets: tables.sockets, warnings, status, late };
      }),
    );
  });
}

/** netstat's warning for a bogus line; in JSON mode a warning record, so that stderr stays NDJSON too. */
function bogusWarning(ctx: RecordContext, bogus: BogusLine): string {
  const message = `got bogus ${bogus.name} line`;
  if (ctx.options.format !== "json") return `warning, ${message}.\n`;
  const { line, reason, text } = bogus.issue;
  return ndjsonLine({ kind: "warning", file: bogus.file, line, message, reason, text } satisfies WarningRecord);
}

/** Reads, filters, resolves and builds the records of one pass, over every chosen namespace. */
function pass$(
  ctx: RecordContext,
  scope: SnapshotScope & { readonly all: boolean; readonly listening: boolean },
  memo?: WatchMemo,
  extent: Extent = "all",
): Observable<Pass> {
  return defer(() => {
    const at = ctx.now();
    const chosen = places(ctx);
    const options = recordOptions(ctx.options);
    const listed = (s: AnySocket): boolean => (s.kind === "inet" || s.kind === "unix" ? inScope(s, scope) : true);
    return from(chosen.places).pipe(
      concatMap((place) => readPlace$(ctx, place, scope, extent, memo)),
      toArray(),
      mergeMap((readings) => {
        const warnings: string[] = [...chosen.notes];
        const read: { readonly place: Place; readonly sockets: readonly AnySocket[] }[] = [];
        let failed: number | undefined;
        let late = false;
        chosen.places.forEach((place, i) => {
          const reading = readings[i];
          if (reading === undefined) {
            warnings.push(`netstat-stream: network namespace ${place.target?.label.netns} ended while it was read; it is not shown\n`);
            return;
          }
          for (const w of reading.warnings) warnings.push(w);
          if (failed === undefined && reading.status !== undefined) [failed, late] = [reading.status, reading.late];
          read.push({ place, sockets: reading.sockets.filter(listed) });
        });
        return records$(ctx, chosen.places, read, { at, options, warnings, status: failed, late }, memo);
      }),
    );
  });
}

/** The records of one pass's sockets: owners read, filters applied, names looked up. */
function records$(
  ctx: RecordContext,
  places: readonly Place[],
  read: readonly { readonly place: Place; readonly sockets: readonly AnySocket[] }[],
  pass: { readonly at: number; readonly options: RecordOptions; readonly warnings: string[]; readonly status: number | undefined; readonly late: boolean },
  memo?: WatchMemo,
): Observable<Pass> {
  return defer(() => {
    const { at, options, warnings } = pass;
    if (memo !== undefined) {
      // Rows remembered for files no longer read (a namespace that ended) are let go.
      const live = places.map((p) => p.root.display("net/"));
      for (const path of memo.rows.keys()) if (!live.some((prefix) => path.startsWith(prefix))) memo.rows.delete(path);
    }
    // Processes are read after the sockets, so that a socket read has its process already in /proc.
    const index = options.owners ? buildProcessIndex(ctx.root) : undefined;
    const attribution: AttributionContext | undefined =
      index === undefined ? undefined : { index, hidepid: readHidepid(ctx.root), euid: ctx.euid };
    if (index !== undefined) for (const w of ownerWarnings(ctx, index)) warnings.push(w);
    const groups = read.map(({ place, sockets }) => {
      // Within a namespace, its own processes come first among a socket's holders.
      const owners: OwnerLookup =
        index === undefined ? () => undefined : place.target === undefined ? (inode) => index.byInode.get(inode) : ownerWithin(index, place.target.pids);
      return { label: place.target?.label, owners, sockets };
    });
    return from(groups).pipe(
      concatMap((group) =>
        from(group.sockets).pipe(
          memo === undefined
            ? matchingFilters(ctx.options.filters, ctx.userUid, (s: AnySocket) => socketFacts(s, group.owners))
            : matchingFilters(identityFilters(ctx.options.filters), undefined, (s: AnySocket) => socketFacts(s, group.owners)),
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
            memo?.facts?.set(labelled, socketFacts(socket, group.owners));
            records.push(labelled);
          }
        }
        return { at, records, warnings, status: pass.status, late: pass.late };
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

/** The socket tables of a pass; one that ended before unix (a `-g` failure) has no unix table. */
function tables(ctx: RecordContext, records: readonly SocketRecord[], extent: Extent): string {
  const { options } = ctx;
  const columns = { extend: options.extend > 1, owners: recordOptions(options).owners, timers: options.timers, netns: ctx.netns !== undefined };
  const network = records.filter((r): r is NetworkRecord => r.kind === "network");
  const unix = records.filter((r): r is UnixRecord => r.kind === "socket");
  const { selection } = options;
  const parts: string[] = [];
  const anyInet = selection.tcp || selection.udp || selection.udplite || selection.raw || selection.sctp;
  if (!selection.any || anyInet) parts.push(formatTable(networkColumns(columns), network, ctx.colour));
  if ((!selection.any || selection.unix) && extent === "all") parts.push(formatTable(unixColumns(columns), unix, ctx.colour));
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
  /** The pass's output, and the status a failure ends it with (kept apart so that `-g` can place it). */
  const sockets = (extent: Extent): Observable<{ readonly outputs: readonly Output[]; readonly late: boolean }> =>
    pass$(ctx, listingScope(ctx.options), undefined, extent).pipe(
      map((p) => {
        const warnings = p.warnings.map(err);
        // A table netstat could not read ends the pass with netstat's status, after what was read.
        const failed = p.status === undefined ? [] : [status(p.status)];
        if (ctx.options.format === "table") {
          const text = tables(ctx, p.records, extent);
          // With -g the group table follows after a blank line, and ends the pass.
          const tail = text === "" ? "" : groups ? "\n" : continuous ? "\n" : "";
          return { outputs: [...warnings, ...(text === "" ? [] : [out(text + tail)]), ...failed], late: p.late === true };
        }
        const stamp = continuous ? { ts: isoTime(p.at) } : {};
        return { outputs: [...warnings, ...outLines(p.records.map((r) => ndjsonLine({ ...r, ...stamp }))), ...failed], late: p.late === true };
      }),
    );
  if (!groups) return sockets("all").pipe(mergeMap((s) => from(s.outputs)), catchError(namespaceFailure));
  const modeCtx = { root: ctx.root, sys: createProcRoot("/sys"), options: ctx.options, resolver: ctx.resolver, colour: ctx.colour, now: ctx.now };
  const { netns } = ctx;
  const memberships =
    netns === undefined
      ? recordsOutput$(modeCtx, groupItems$(modeCtx))
      : // Each namespace's memberships, read through its own processes and labelled with it.
        defer(() =>
          concatUntilFailure(
            planNetns(ctx.root, netns, ctx.netnsDir).targets.map((t) => {
              const one = { ...modeCtx, root: t.root, label: t.label };
              return recordsOutput$(one, groupItems$(one));
            }),
          ),
        );
  // netstat lists memberships after the Internet sections and before unix: a failure reading
  // them ends the listing before unix, and one at unix or later comes after them.
  return memberships.pipe(
    toArray(),
    mergeMap((members) => {
      const membersFail = members.some((o) => o.kind === "status" && o.code !== 0);
      return sockets(membersFail ? "before groups" : "all").pipe(
        mergeMap(({ outputs, late }) => {
          const failing = outputs.filter((o) => o.kind === "status" && o.code !== 0);
          if (failing.length === 0) return from([...outputs, ...members]);
          if (!late) return from(outputs);
          return from([...outputs.filter((o) => !failing.includes(o)), ...members, ...failing]);
        }),
      );
    }),
    catchError(namespaceFailure),
  );
}

/** How often `--watch` asks for a full garbage collection, in polls. */
const GC_EVERY_POLLS = 5;

/** `--watch`: polls every interval and prints one line per event until stopped. Warnings print once. */
export function watch$(ctx: RecordContext): Observable<Output> {
  const { options } = ctx;
  const scope = { all: !options.listening, listening: options.listening, servers: true, connections: !options.listening, timers: options.timers };
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
  const read$ = pass$(ctx, scope, memo).pipe(tap(collect));
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
