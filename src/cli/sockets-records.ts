/**
 * The socket listing as records (`--json`, `--format table`) and as a live
 * event stream (`--watch`): read the selected tables, keep what the scope
 * and the filters choose, look names up, and write NDJSON, tables or lines.
 */
import { connect, defer, from, map, merge, mergeMap, take, toArray, type Observable } from "rxjs";
import { filtersNeedProcesses } from "../model/filters.ts";
import type { Options } from "../model/options.ts";
import type { NetworkRecord, SocketRecord, UnixRecord } from "../model/record.ts";
import { ndjsonLine } from "../format/ndjson.ts";
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
import { buildProcessIndex } from "../sources/processes.ts";
import { readSocketSnapshot, type SnapshotScope } from "../sources/snapshot.ts";
import { groupItems$, recordsOutput$ } from "./mode-records.ts";
import { err, out, type Output } from "./output.ts";
import { concatUntilFailure } from "./sockets-text.ts";

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

/** Reads, filters, resolves and builds the records of one pass. */
function pass$(ctx: RecordContext, scope: SnapshotScope & { readonly all: boolean; readonly listening: boolean }): Observable<Pass> {
  return defer(() => {
    const at = ctx.now();
    const snapshot = readSocketSnapshot(ctx.root, ctx.options.selection, scope);
    const options = recordOptions(ctx.options);
    const index = options.owners ? buildProcessIndex(ctx.root) : undefined;
    const owners: OwnerLookup = (inode) => index?.byInode.get(inode);
    const listed = (s: AnySocket): boolean => (s.kind === "inet" || s.kind === "unix" ? inScope(s, scope) : true);
    const warnings = [...snapshot.bogus.map((name) => `warning, got bogus ${name} line.\n`), ...(index === undefined ? [] : ownerWarnings(ctx, index))];
    return from(snapshot.sockets.filter(listed)).pipe(
      matchingFilters(ctx.options.filters, ctx.userUid, (s: AnySocket) => socketFacts(s, owners)),
      toArray(),
      mergeMap(async (sockets) => {
        if (!ctx.options.numericHosts) {
          const addresses = new Set<string>();
          for (const { address, family } of sockets.flatMap(hostsOf)) if (wantsHostLookup(address, family)) addresses.add(address);
          if (addresses.size > 0) await ctx.resolver.resolveHosts(addresses);
        }
        return { at, records: sockets.map((s) => toRecord(s, options, ctx, owners)), warnings };
      }),
    );
  });
}

function listingScope(options: Options): SnapshotScope & { readonly all: boolean; readonly listening: boolean } {
  return { all: options.all, listening: options.listening, servers: options.all || options.listening, connections: options.all || !options.listening };
}

function tables(ctx: RecordContext, records: readonly SocketRecord[]): string {
  const { options } = ctx;
  const columns = { extend: options.extend > 1, owners: recordOptions(options).owners, timers: options.timers };
  const network = records.filter((r): r is NetworkRecord => r.kind === "network");
  const unix = records.filter((r): r is UnixRecord => r.kind === "socket");
  const { selection } = options;
  const parts: string[] = [];
  const anyInet = selection.tcp || selection.udp || selection.udplite || selection.raw || selection.sctp;
  if (!selection.any || anyInet) parts.push(formatTable(networkColumns(columns), network, ctx.colour));
  if (!selection.any || selection.unix) parts.push(formatTable(unixColumns(columns), unix, ctx.colour));
  return parts.join("\n");
}

/** One listing pass as NDJSON (with `ts` on every record under -c) or as tables; `-g` memberships follow the sockets. */
export function recordListing$(ctx: RecordContext): Observable<Output> {
  const { selection, continuous } = ctx.options;
  const groups = selection.igmp;
  const sockets = pass$(ctx, listingScope(ctx.options)).pipe(
    mergeMap((p) => {
      const warnings = p.warnings.map(err);
      if (ctx.options.format === "table") {
        const text = tables(ctx, p.records);
        // With -g the group table follows after a blank line, and ends the pass.
        const tail = text === "" ? "" : groups ? "\n" : continuous ? "\n" : "";
        return from([...warnings, ...(text === "" ? [] : [out(text + tail)])]);
      }
      const stamp = continuous ? { ts: isoTime(p.at) } : {};
      return from([...warnings, ...p.records.map((r) => out(ndjsonLine({ ...r, ...stamp })))]);
    }),
  );
  if (!groups) return sockets;
  const modeCtx = { root: ctx.root, sys: createProcRoot("/sys"), options: ctx.options, resolver: ctx.resolver, colour: ctx.colour, now: ctx.now };
  return concatUntilFailure([sockets, recordsOutput$(modeCtx, groupItems$(modeCtx))]);
}

/** `--watch`: polls every interval and prints one line per event until stopped. Warnings print once. */
export function watch$(ctx: RecordContext): Observable<Output> {
  const { options } = ctx;
  const scope = { all: !options.listening, listening: options.listening, servers: true, connections: !options.listening };
  const line = (e: SocketEvent): string => (options.format === "json" ? ndjsonLine(eventObject(e)) : eventLine(e, ctx.colour));
  return poll(pass$(ctx, scope), options.intervalMs).pipe(
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
  );
}
