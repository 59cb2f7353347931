/**
 * netstat's socket listing as one pipeline of items: the Internet sections,
 * `-g` memberships, unix, the legacy families and the Bluetooth ones, in
 * netstat's order; `-p`'s owners read once per pass, with their warnings;
 * sockets in batches as each chunk of a table is read, named and selected;
 * bogus lines, unreadable tables and where one ends the listing as
 * diagnostics. Every format consumes this one stream (format/registry.ts).
 */
import { concat, concatMap, defer, EMPTY, from, of, type Observable } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Group } from "../model/group.ts";
import { ownersLookedUp, type Options } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import { batch, diagnostic, record, section, type Item } from "../model/pipeline.ts";
import type { AnySocket } from "../model/socket.ts";
import type { GroupReaderState } from "../proc/net-igmp.ts";
import type { NameResolver } from "../resolve/names.ts";
import { socketSelector } from "../select/sockets.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import type { SsNamespaceFacts } from "../model/ss-filter.ts";
import { enteredPortRange } from "../sources/autobound.ts";
import { readHidepid, type AttributionContext } from "../sources/attribution.ts";
import { protocolCounters } from "../sources/statistics.ts";
import type { StatisticSection } from "../model/statistic.ts";
import { buildProcessIndex, type ProcessIndex } from "../sources/processes.ts";
import { groupItems$ } from "./groups.ts";
import { legacyFamiliesOf, legacyItems, legacyRecordItems, type LegacyRecord } from "./legacy.ts";
import type { ProgramSource } from "./namespaces.ts";
import { sockets$ } from "./sockets.ts";
import type { ReadingPlan, SocketItem } from "./socket-tables.ts";

/** A record of the socket listing: a socket, a membership, a legacy family's line, or the owners of the sockets that follow. */
export type ListingRecord =
  | AnySocket
  | Group
  | { readonly kind: "legacy"; readonly record: LegacyRecord }
  /** `-p` (or a filter on owners): the owner of each socket from here on, and what an owner's absence means. */
  | { readonly kind: "owners"; readonly lookup: OwnerLookup; readonly attribution: AttributionContext }
  /** The namespace's protocol counters (/proc/net/snmp, netstat, snmp6), after its sockets, where `counters` asks for them. */
  | { readonly kind: "counters"; readonly sections: readonly StatisticSection[] };

type ListingItem = Item<ListingRecord>;

/** Everything one listing pass needs. */
export interface ListingContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly euid: number;
  /** `--user`, resolved to uids. */
  readonly userUid: readonly number[] | undefined;
  /** netstat's `-g` reader state, carried from pass to pass of `-c`. */
  readonly groupState: { value: GroupReaderState };
  /** The process index and owner lookup for `-p`; by default the whole proc root, first pid wins. */
  readonly programs?: (() => ProgramSource) | undefined;
  /** Whether SCTP rows show hosts as numbers (then none is looked up); other sections follow `-n`. */
  readonly numericSctp: boolean;
  /**
   * Whether the listing is written as records (`--json`, `--format table`): the legacy families
   * have none, so one asked for by name says it is listed in netstat text only.
   */
  readonly records: boolean;
  /** Whether the listing ends with the namespace's protocol counters (the Prometheus exposition carries them). */
  readonly counters?: boolean;
}

/** Whom the filters compare a socket with: `--user`'s uids, and each socket's owner. */
export interface SocketOwners {
  readonly userUid: readonly number[] | undefined;
  readonly lookup: OwnerLookup;
}

/**
 * The sockets of one part of the listing at `root`: kept or dropped by `-l`/`-a` and the filters
 * before anything is built from them, each chunk's hosts named as its rows will show them.
 */
export function listedSockets$(
  root: ProcRoot,
  options: Options,
  part: ReadingPlan["part"],
  owners: SocketOwners,
  naming: { readonly resolver: NameResolver; readonly numericSctp: boolean },
): Observable<SocketItem> {
  const scope = { all: options.all, listening: options.listening };
  const keep = socketSelector(scope, options.filters, owners.userUid, () => owners.lookup, autoboundFacts(root, options));
  const plan = { selection: options.selection, verbose: options.verbose, scope, timers: options.timers, tcpInfo: options.tcpInfo, part, keep };
  const numeric = (section: string): boolean => (section.startsWith("sctp") ? naming.numericSctp : options.numericHosts);
  return sockets$(root, plan, { resolver: naming.resolver, numeric });
}

/**
 * What --filter's `autobound` reads of another namespace: its port range, read by entering it
 * (root; else the reader's own stands in). Its tables come from /proc/PID/net, without the
 * cookies the kernel's own answers are asked by. Undefined for the reader's own namespace, or
 * without `autobound`.
 */
function autoboundFacts(root: ProcRoot, options: Options): SsNamespaceFacts | undefined {
  if (root.ownNetns || options.filters.ss?.autobound !== true) return undefined;
  return { ephemeral: root.enter === undefined ? undefined : enteredPortRange(root.enter) };
}

/** The diagnostic of an unreadable table: `no support` for a missing or hidden one, else the path and errno. */
export function unreadDiagnostic(item: Extract<SocketItem, { kind: "unreadable" }>): Diagnostic {
  const { code, path } = item.error;
  if (code === "ENOENT" || code === "EACCES") return { kind: "no-support", family: item.family, asked: item.asked };
  return { kind: "unreadable", path, errno: code };
}

/** The `-p` diagnostic for a process index read without the right to see every process; undefined when all were seen. */
export function programsDiagnostic(index: ProcessIndex, euid: number): Diagnostic | undefined {
  if (index.unreadable || (index.permissionDenied && index.byInode.size === 0)) return { kind: "programs-partial", euid, extent: "none" };
  return index.permissionDenied ? { kind: "programs-partial", euid, extent: "partial" } : undefined;
}

/** The diagnostic of a bogus line. */
export function bogusDiagnostic(item: Extract<SocketItem, { kind: "bogus" }>): Diagnostic {
  const { line, reason, text } = item.issue;
  return { kind: "bogus-socket-line", reader: item.name, file: item.file, line, reason, text };
}

/** A socket table's item as the listing's: sockets in one batch, the rest as diagnostics. */
export function listingItem(item: SocketItem): readonly ListingItem[] {
  switch (item.kind) {
    case "sockets":
      return [batch<ListingRecord>(item.sockets)];
    case "bogus":
      return [diagnostic(bogusDiagnostic(item))];
    case "unreadable": {
      if (!item.said) return [];
      // A family asked for by name fails the listing only after its IPv6 table: `failed` says where.
      const d = unreadDiagnostic(item);
      return [diagnostic(d.kind === "no-support" ? { ...d, asked: false } : d)];
    }
    case "failed":
      return [diagnostic({ kind: "sockets-failed", status: item.status })];
    case "no-tcp-info":
      return [diagnostic({ kind: "tcp-info-unavailable", path: item.file })];
  }
}

/** One listing pass in netstat's order. */
export function socketListing$(ctx: ListingContext): Observable<ListingItem> {
  return defer(() => {
    const { options } = ctx;
    const { selection } = options;
    let owners: OwnerLookup | undefined;
    // The owners are read once, before the first section that lists sockets, as netstat reads its program cache.
    const programs$ = defer((): Observable<ListingItem> => {
      if (!ownersLookedUp(options) || owners !== undefined) return EMPTY;
      const source = ctx.programs?.() ?? wholeRoot(ctx.root);
      owners = source.lookup;
      const warning = options.programs ? programsDiagnostic(source.index, ctx.euid) : undefined;
      const attribution = { index: source.index, hidepid: source.hidepid, euid: ctx.euid };
      return from([...(warning === undefined ? [] : [diagnostic<ListingRecord>(warning)]), record<ListingRecord>({ kind: "owners", lookup: source.lookup, attribution })]);
    });
    const who: SocketOwners = { userUid: ctx.userUid, lookup: (inode) => owners?.(inode) };
    const naming = { resolver: ctx.resolver, numericSctp: ctx.numericSctp };
    const part = (name: "inet" | "unix"): Observable<ListingItem> =>
      concat(
        programs$,
        of(section<ListingRecord>(name)),
        defer(() => listedSockets$(ctx.root, options, name, who, naming)).pipe(concatMap((item) => from(listingItem(item)))),
      );
    const parts: Observable<ListingItem>[] = [];
    const anyInet = selection.tcp || selection.sctp || selection.udp || selection.udplite || selection.raw;
    if (!selection.any || anyInet) parts.push(part("inet"));
    if (selection.igmp) parts.push(groupItems$({ root: ctx.root, options, resolver: ctx.resolver, state: ctx.groupState }));
    if (!selection.any || selection.unix) parts.push(part("unix"));
    parts.push(otherFamilies$(ctx.root, options, ctx.records));
    if (ctx.counters === true) parts.push(defer(() => of(record<ListingRecord>({ kind: "counters", sections: protocolCounters(ctx.root) }))));
    return concat(...parts);
  });
}

/**
 * The families listed after unix: the legacy ones, then the Bluetooth ones, which this build
 * cannot list. Where records are written (`records`), a legacy family's rows have none.
 */
export function otherFamilies$(root: ProcRoot, options: Options, records: boolean): Observable<ListingItem> {
  const { selection } = options;
  const legacy = records ? legacyRecordItems : legacyItems;
  const parts = legacyFamiliesOf(selection).map((flag) => defer(() => from(legacy(root, options, flag).map(legacyItem))));
  if (selection.any && (selection.l2cap || selection.rfcomm)) parts.push(of(diagnostic<ListingRecord>({ kind: "bluetooth-unsupported" })));
  return concat(...parts);
}

function legacyItem(item: Item<LegacyRecord>): ListingItem {
  return item.kind === "record" ? record<ListingRecord>({ kind: "legacy", record: item.record }) : (item as ListingItem);
}

/** The owners of sockets read in `root`'s own namespace: its every process, the first that holds a socket wins. */
export function wholeRoot(root: ProcRoot): ProgramSource {
  const index = buildProcessIndex(root);
  return { index, lookup: (inode) => index.byInode.get(inode), hidepid: readHidepid(root) };
}
