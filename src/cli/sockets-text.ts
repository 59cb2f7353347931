/**
 * netstat's socket listing in text mode: the sections in netstat's order,
 * its messages for missing families and bogus lines, and its exit statuses.
 * Sources, operators and formatters do the work; this file only decides
 * what each outcome means for the user.
 */
import { catchError, concat, defer, EMPTY, filter, from, identity, map, mergeMap, of, toArray, type MonoTypeOperatorFunction, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import type { InetLabel, InetSocket, UnixSocket } from "../model/socket.ts";
import type { Parsed } from "../proc/issue.ts";
import { LABEL_PROTO } from "../proc/net-inet.ts";
import { inetHeader, inetRow, type SocketTextOptions } from "../format/netstat-inet.ts";
import type { OwnerLookup as ProcessLookup } from "../model/owner.ts";
import { unixHeader, unixRow } from "../format/netstat-unix.ts";
import { sctpAssociationRow, sctpEndpointRow, sctpNumeric } from "../format/netstat-sctp.ts";
import type { SctpAssociation, SctpEndpoint } from "../model/sctp.ts";
import { wantsHostLookup } from "../format/netstat-address.ts";
import { inTurn } from "../operators/in-turn.ts";
import { inScope } from "../select/scope.ts";
import { filtersNeedProcesses } from "../model/filters.ts";
import { matchingFilters } from "../operators/filters.ts";
import { socketFacts } from "../select/facts.ts";
import type { AnySocket } from "../model/socket.ts";
import type { NameResolver } from "../resolve/names.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { inetChunks, sctpAssociations$, sctpEndpoints$, unixChunks } from "../sources/sockets.ts";
import { buildProcessIndex, type ProcessIndex } from "../sources/processes.ts";
import { concatUntilFailure, err, out, type Output } from "./output.ts";
import { legacySections } from "./legacy-text.ts";
import { BLUETOOTH_UNSUPPORTED, unreadTable } from "./unread-table.ts";
import { GROUPS_HEADER, groupHostLookups, groupRow } from "../format/netstat-groups.ts";
import { INITIAL_GROUP_STATE, type GroupReaderState } from "../proc/net-igmp.ts";
import { groups$ } from "../sources/groups.ts";

/** Everything one listing pass needs. */
export interface SocketListingContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly euid: number;
  /** `--user`, resolved to uids. */
  readonly userUid?: readonly number[] | undefined;
  /** netstat's `-g` reader state, carried from pass to pass of `-c`. */
  readonly groupState?: { value: GroupReaderState };
  /** The process index and owner lookup to use for `-p`; by default the whole proc root, first pid wins. */
  readonly programs?: () => ProgramSource;
}

/** A process index and how a socket's owner is picked from it. */
export interface ProgramSource {
  readonly index: ProcessIndex;
  readonly lookup: ProcessLookup;
}

/** Every record kind of the socket listing. */
type Socket = InetSocket | UnixSocket | SctpEndpoint | SctpAssociation;

/** The addresses of a record that may need a host name. */
function hostsOf(s: Socket): { readonly address: string; readonly family: "inet" | "inet6" }[] {
  switch (s.kind) {
    case "inet":
      return [
        { address: s.localAddress, family: s.family },
        { address: s.remoteAddress, family: s.family },
      ];
    case "unix":
      return [];
    case "sctp-endpoint":
      return [...s.localAddresses];
    case "sctp-association":
      return [...s.localAddresses, ...s.remoteAddresses];
  }
}

/** The per-run state netstat keeps between sections: the program cache. */
interface PassState {
  processes: ProcessLookup | undefined;
}

const BOGUS_NAME: Readonly<Record<InetSocket["proto"], string>> = { tcp: "tcp", udp: "udp", udplite: "udp", raw: "raw" };

/** The ordered protocol sections of the Internet part, with the names netstat's messages use. */
const INET_SECTIONS = [
  { flag: "tcp", labels: ["tcp", "tcp6"], family: "AF INET (tcp)" },
  { flag: "sctp", labels: undefined, family: "AF INET (sctp)" },
  { flag: "udp", labels: ["udp", "udp6"], family: "AF INET (udp)" },
  { flag: "udplite", labels: ["udpl", "udpl6"], family: "AF INET (udplite)" },
  { flag: "raw", labels: ["raw", "raw6"], family: "AF INET (raw)" },
] as const;

function textOptions(options: Options): SocketTextOptions {
  return {
    all: options.all,
    listening: options.listening,
    numericHosts: options.numericHosts,
    numericPorts: options.numericPorts,
    numericUsers: options.numericUsers,
    wide: options.wide,
    extend: options.extend,
    programs: options.programs,
    timers: options.timers,
  };
}

/** netstat's INFO_GUTS for a file it could not open. */
function unreadable(ctx: SocketListingContext, error: unknown, family: string): Observable<Output> {
  return from(unreadTable(ctx.options, error, family));
}

function wholeRoot(root: ProcRoot): ProgramSource {
  const index = buildProcessIndex(root);
  return { index, lookup: (inode) => index.byInode.get(inode) };
}

/** Loads the program cache once per pass, with netstat's warnings. */
function loadPrograms(ctx: SocketListingContext, state: PassState): Observable<Output> {
  return defer(() => {
    const forFilters = filtersNeedProcesses(ctx.options.filters);
    if (!(ctx.options.programs || forFilters) || state.processes !== undefined) return EMPTY;
    const source = ctx.programs?.() ?? wholeRoot(ctx.root);
    const index = source.index;
    state.processes = source.lookup;
    if (!ctx.options.programs) return EMPTY;
    const noInfo = `(No info could be read for "-p": geteuid()=${ctx.euid} but you should be root.)\n`;
    if (index.unreadable) return of(err(noInfo));
    if (!index.permissionDenied) return EMPTY;
    if (index.byInode.size === 0) return of(err(noInfo));
    return of(
      err(
        "(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n",
      ),
    );
  });
}

function resolveThenFormat<T extends Socket>(
  ctx: SocketListingContext,
  parsed: Parsed<T>,
  format: (socket: T) => string,
  keep: (socket: T) => boolean,
  filters: MonoTypeOperatorFunction<T>,
): Observable<Output> {
  const { options, resolver } = ctx;
  // The scope is a plain test; only the optional filters go through operators, row by row.
  const listed = parsed.records.filter(keep);
  const selected = filters === identity ? of(listed) : from(listed).pipe(filters, toArray());
  return selected.pipe(
    mergeMap((rows) => {
      if (options.numericHosts) return of(rows);
      const addresses = new Set<string>();
      for (const { address, family } of rows.flatMap(hostsOf)) {
        if (wantsHostLookup(address, family)) addresses.add(address);
      }
      return addresses.size === 0 ? of(rows) : from(resolver.resolveHosts(addresses)).pipe(map(() => rows));
    }),
    map((rows) => out(rows.map(format).join(""))),
  );
}

const everything = (): boolean => true;

/** Bogus-line warnings, then the listed rows, resolved and formatted. */
function tableOutput<T extends Socket>(
  ctx: SocketListingContext,
  parsed: Parsed<T>,
  bogus: string,
  format: (socket: T) => string,
  keep: (socket: T) => boolean = everything,
  owners: ProcessLookup = () => undefined,
): Observable<Output> {
  const filters = matchingFilters<T>(ctx.options.filters, ctx.userUid, (s: AnySocket) => socketFacts(s, owners));
  return concat(
    from(parsed.issues.map(() => err(`warning, got bogus ${bogus} line.\n`))),
    resolveThenFormat(ctx, parsed, format, keep, filters),
  );
}

function inetFile(ctx: SocketListingContext, state: PassState, label: InetLabel): Observable<Output> {
  const options = textOptions(ctx.options);
  const processes: ProcessLookup = (inode) => state.processes?.(inode);
  // One chunk of the file at a time: the next is read only once this one is printed.
  return inTurn(
    () => inetChunks(ctx.root, label, { timers: ctx.options.timers }),
    (parsed) =>
      tableOutput(ctx, parsed, BOGUS_NAME[LABEL_PROTO[label]], (s) => inetRow(s, options, ctx.resolver, processes), (s) => inScope(s, options), processes),
  );
}

/**
 * One protocol, as netstat's INFO_GUTS6 reads it: the IPv4 file (when inet is selected), then
 * the IPv6 file (when inet6 is selected). A missing IPv4 file is reported but the IPv6 file is
 * still read, and the status comes after both; any error opening the IPv6 file is silent. Only
 * a hard error on the IPv4 file (status 255) stops there.
 */
function protocolSection(
  ctx: SocketListingContext,
  family: string,
  v4: Observable<Output>,
  v6: Observable<Output> | undefined,
): Observable<Output> {
  const { selection } = ctx.options;
  return defer(() => {
    let rc: Output | undefined;
    let fatal = false;
    const parts: Observable<Output>[] = [];
    if (!selection.any || selection.inet) {
      parts.push(
        v4.pipe(
          catchError((error: unknown) => unreadable(ctx, error, family)),
          filter((o) => {
            if (o.kind !== "status" || o.code === 0) return true;
            if (o.code === 1) rc = o;
            else fatal = true;
            return fatal;
          }),
        ),
      );
    }
    if (v6 !== undefined && (!selection.any || selection.inet6)) {
      parts.push(
        defer(() =>
          fatal
            ? EMPTY
            : v6.pipe(
                catchError((error: unknown) => {
                  if (error instanceof ProcReadError) return EMPTY;
                  throw error;
                }),
              ),
        ),
      );
    }
    parts.push(defer(() => (rc === undefined ? EMPTY : of(rc))));
    return concat(...parts);
  });
}

function inetProtocol(
  ctx: SocketListingContext,
  state: PassState,
  labels: readonly [InetLabel, InetLabel],
  family: string,
): Observable<Output> {
  return protocolSection(ctx, family, inetFile(ctx, state, labels[0]), inetFile(ctx, state, labels[1]));
}

/** SCTP: endpoints with -a or -l, associations with -a or without -l; netstat reads sctp6 files that kernels lack. */
function sctpSection(ctx: SocketListingContext, state: PassState): Observable<Output> {
  const { all, listening } = ctx.options;
  const options = textOptions(ctx.options);
  const numeric = sctpNumeric({ ...options, symbolic: ctx.options.symbolic });
  const processes: ProcessLookup = (inode) => state.processes?.(inode);
  const sctpCtx: SocketListingContext = { ...ctx, options: { ...ctx.options, numericHosts: numeric } };
  const eps = (file: string) =>
    sctpEndpoints$(ctx.root, file).pipe(
      mergeMap((p) => tableOutput(sctpCtx, p, "sctp eps", (e) => sctpEndpointRow(e, options, numeric, ctx.resolver, processes), everything, processes)),
    );
  const assocs = (file: string) =>
    sctpAssociations$(ctx.root, file).pipe(
      mergeMap((p) => tableOutput(sctpCtx, p, "sctp assoc", (a) => sctpAssociationRow(a, options, numeric, ctx.resolver, processes), everything, processes)),
    );
  const parts: Observable<Output>[] = [];
  if (all || listening) parts.push(protocolSection(ctx, "AF INET (sctp)", eps("net/sctp/eps"), eps("net/sctp6/eps")));
  if (all || !listening) parts.push(protocolSection(ctx, "AF INET (sctp)", assocs("net/sctp/assocs"), assocs("net/sctp6/assocs")));
  return concatUntilFailure(parts);
}

function unixSection(ctx: SocketListingContext, state: PassState): Observable<Output> {
  const options = { all: ctx.options.all, listening: ctx.options.listening, programs: ctx.options.programs };
  const processes: ProcessLookup = (inode) => state.processes?.(inode);
  return concat(
    loadPrograms(ctx, state),
    of(out(unixHeader(options))),
    inTurn(
      () => unixChunks(ctx.root),
      (parsed) => tableOutput(ctx, parsed, "unix", (s) => unixRow(s, options, processes), (s) => inScope(s, options), processes),
    ).pipe(
      catchError((error: unknown) => unreadable(ctx, error, "AF UNIX")),
    ),
  );
}

function groupFile(ctx: SocketListingContext, holder: { value: GroupReaderState }, family: "inet" | "inet6"): Observable<Output> {
  const numeric = ctx.options.numericHosts;
  return defer(() => groups$(ctx.root, family, holder.value)).pipe(
    mergeMap((read) => {
      holder.value = read.state;
      const warnings = read.issues.map((i) => err(`warning, got bogus ${i.reader} line ${i.line}.\n`));
      const rows = from(ctx.resolver.resolveHosts(groupHostLookups(read.records, numeric))).pipe(
        map(() => out(read.records.map((g) => groupRow(g, numeric, ctx.resolver)).join(""))),
      );
      return concat(from(warnings), rows);
    }),
  );
}

/** The `-g` table: IPv4 memberships, then IPv6; a missing IPv4 file still lets IPv6 print before the status. */
function groupSection(ctx: SocketListingContext): Observable<Output> {
  return defer(() => {
    const { selection } = ctx.options;
    const holder = ctx.groupState ?? { value: INITIAL_GROUP_STATE };
    let deferredStatus: Output | undefined;
    const parts: Observable<Output>[] = [of(out(GROUPS_HEADER))];
    if (!selection.any || selection.inet) {
      parts.push(
        groupFile(ctx, holder, "inet").pipe(
          catchError((error: unknown) =>
            unreadable(ctx, error, "AF INET (igmp)").pipe(
              mergeMap((o) => {
                if (o.kind === "status" && o.code === 1) {
                  deferredStatus = o;
                  return EMPTY;
                }
                return of(o);
              }),
            ),
          ),
        ),
      );
    }
    if (!selection.any || selection.inet6) {
      parts.push(
        groupFile(ctx, holder, "inet6").pipe(
          catchError((error: unknown) => {
            if (error instanceof ProcReadError && (error.code === "ENOENT" || error.code === "EACCES")) return EMPTY;
            return unreadable(ctx, error, "AF INET (igmp)");
          }),
        ),
      );
    }
    parts.push(defer(() => (deferredStatus === undefined ? EMPTY : of(deferredStatus))));
    return concatUntilFailure(parts);
  });
}

/** One full pass of the socket listing, as netstat prints it. */
export function socketListing$(ctx: SocketListingContext): Observable<Output> {
  return defer(() => {
    const { selection } = ctx.options;
    const state: PassState = { processes: undefined };
    const sections: Observable<Output>[] = [];
    const anyInet = selection.tcp || selection.sctp || selection.udp || selection.udplite || selection.raw;
    if (!selection.any || anyInet) {
      sections.push(concat(loadPrograms(ctx, state), of(out(inetHeader(textOptions(ctx.options))))));
    }
    for (const section of INET_SECTIONS) {
      if (selection.any && !selection[section.flag]) continue;
      sections.push(
        section.labels === undefined ? sctpSection(ctx, state) : inetProtocol(ctx, state, section.labels, section.family),
      );
    }
    if (selection.igmp) sections.push(groupSection(ctx));
    if (!selection.any || selection.unix) sections.push(unixSection(ctx, state));
    for (const legacy of legacySections(ctx)) {
      if (!selection.any || selection[legacy.flag]) sections.push(legacy.section);
    }
    if (selection.any && (selection.l2cap || selection.rfcomm)) sections.push(from(BLUETOOTH_UNSUPPORTED));
    return concatUntilFailure(sections);
  });
}
