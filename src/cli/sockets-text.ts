/**
 * netstat's socket listing in text mode: the sections in netstat's order,
 * its messages for missing families and bogus lines, and its exit statuses.
 * Sources, operators and formatters do the work; this file only decides
 * what each outcome means for the user.
 */
import { catchError, concat, defer, EMPTY, from, map, mergeMap, of, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import type { InetLabel, InetSocket, UnixSocket } from "../model/socket.ts";
import type { Parsed } from "../proc/issue.ts";
import { LABEL_PROTO } from "../proc/net-inet.ts";
import { inetHeader, inetRow, type ProcessLookup, type SocketTextOptions } from "../format/netstat-inet.ts";
import { unixHeader, unixRow } from "../format/netstat-unix.ts";
import { sctpAssociationRow, sctpEndpointRow, sctpNumeric } from "../format/netstat-sctp.ts";
import type { SctpAssociation, SctpEndpoint } from "../model/sctp.ts";
import { wantsHostLookup } from "../format/netstat-address.ts";
import { inScope } from "../operators/listing.ts";
import type { NameResolver } from "../resolve/names.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { inetTable$, sctpAssociations$, sctpEndpoints$, unixTable$ } from "../sources/sockets.ts";
import { buildProcessIndex } from "../sources/processes.ts";
import { err, out, status, type Output } from "./output.ts";
import { strerror } from "./strerror.ts";

/** Everything one listing pass needs. */
export interface SocketListingContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
  readonly euid: number;
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

/** Legacy families, each listed only when its /proc file exists. */
const LEGACY_FAMILIES = [
  { flag: "ipx", file: "net/ipx/socket", family: "AF IPX" },
  { flag: "ax25", file: "net/ax25", family: "AF AX25" },
  { flag: "x25", file: "net/x25", family: "AF X25" },
  { flag: "netrom", file: "net/nr", family: "AF NETROM" },
  { flag: "rose", file: "net/rose", family: "AF ROSE" },
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
  if (!(error instanceof ProcReadError)) throw error;
  const { selection, verbose } = ctx.options;
  if (error.code !== "ENOENT" && error.code !== "EACCES") {
    return of(err(`${error.path}: ${strerror(error.code)}\n`), status(255));
  }
  const outputs: Output[] = [];
  if (!selection.noprot && (selection.any || verbose)) outputs.push(err(`netstat: no support for \`${family}' on this system.\n`));
  if (!selection.noprot && selection.any) outputs.push(status(1));
  return from(outputs);
}

/** Loads the program cache once per pass, with netstat's warnings. */
function loadPrograms(ctx: SocketListingContext, state: PassState): Observable<Output> {
  return defer(() => {
    if (!ctx.options.programs || state.processes !== undefined) return EMPTY;
    const index = buildProcessIndex(ctx.root);
    state.processes = (inode) => index.byInode.get(inode);
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
  select: (socket: T) => boolean,
): Observable<Output> {
  const { options, resolver } = ctx;
  // One array filter per table: tens of thousands of rows never travel one by one through operators.
  return of(parsed.records.filter(select)).pipe(
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

/** Bogus-line warnings, then the listed rows, resolved and formatted. */
function tableOutput<T extends Socket>(
  ctx: SocketListingContext,
  parsed: Parsed<T>,
  bogus: string,
  format: (socket: T) => string,
  select: (socket: T) => boolean = () => true,
): Observable<Output> {
  return concat(
    from(parsed.issues.map(() => err(`warning, got bogus ${bogus} line.\n`))),
    resolveThenFormat(ctx, parsed, format, select),
  );
}

function inetFile(ctx: SocketListingContext, state: PassState, label: InetLabel): Observable<Output> {
  const options = textOptions(ctx.options);
  const processes: ProcessLookup = (inode) => state.processes?.(inode);
  return inetTable$(ctx.root, label).pipe(
    mergeMap((parsed) =>
      tableOutput(ctx, parsed, BOGUS_NAME[LABEL_PROTO[label]], (s) => inetRow(s, options, ctx.resolver, processes), (s) => inScope(s, options)),
    ),
  );
}

/**
 * One protocol, as netstat's INFO_GUTS6 reads it: the IPv4 file (when inet is
 * selected), where a missing file is reported, then the IPv6 file (when
 * inet6 is selected), which is silently skipped when missing.
 */
function protocolSection(
  ctx: SocketListingContext,
  family: string,
  v4: Observable<Output>,
  v6: Observable<Output> | undefined,
): Observable<Output> {
  const { selection } = ctx.options;
  const parts: Observable<Output>[] = [];
  if (!selection.any || selection.inet) {
    parts.push(v4.pipe(catchError((error: unknown) => unreadable(ctx, error, family))));
  }
  if (v6 !== undefined && (!selection.any || selection.inet6)) {
    parts.push(
      v6.pipe(
        catchError((error: unknown) => {
          if (error instanceof ProcReadError && (error.code === "ENOENT" || error.code === "EACCES")) return EMPTY;
          return unreadable(ctx, error, family);
        }),
      ),
    );
  }
  return concatUntilFailure(parts);
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
      mergeMap((p) => tableOutput(sctpCtx, p, "sctp eps", (e) => sctpEndpointRow(e, options, numeric, ctx.resolver, processes))),
    );
  const assocs = (file: string) =>
    sctpAssociations$(ctx.root, file).pipe(
      mergeMap((p) => tableOutput(sctpCtx, p, "sctp assoc", (a) => sctpAssociationRow(a, options, numeric, ctx.resolver, processes))),
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
    unixTable$(ctx.root).pipe(
      mergeMap((parsed) => tableOutput(ctx, parsed, "unix", (s) => unixRow(s, options, processes), (s) => inScope(s, options))),
      catchError((error: unknown) => unreadable(ctx, error, "AF UNIX")),
    ),
  );
}

function legacySection(ctx: SocketListingContext, file: string, family: string): Observable<Output> {
  const { selection, verbose } = ctx.options;
  return defer(() => {
    try {
      ctx.root.readText(file);
    } catch (error) {
      if (!(error instanceof ProcReadError)) throw error;
      if (error.code !== "ENOENT") return of(err(`${error.path}: ${strerror(error.code)}\n`), status(255));
      const outputs: Output[] = [];
      if (selection.any || verbose) outputs.push(err(`netstat: no support for \`${family}' on this system.\n`));
      if (selection.any) outputs.push(status(1));
      return from(outputs);
    }
    return of(err(`netstat-stream: ${family} sockets are not supported; ${ctx.root.display(file)} is not read\n`));
  });
}

/** Concatenates sections, stopping after the first one that ends with a nonzero status. */
export function concatUntilFailure(parts: readonly Observable<Output>[]): Observable<Output> {
  return defer(() => {
    let failed = false;
    return concat(
      ...parts.map((part) =>
        defer(() => (failed ? EMPTY : part)).pipe(
          map((o) => {
            if (o.kind === "status" && o.code !== 0) failed = true;
            return o;
          }),
        ),
      ),
    );
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
    if (!selection.any || selection.unix) sections.push(unixSection(ctx, state));
    for (const legacy of LEGACY_FAMILIES) {
      if (!selection.any || selection[legacy.flag]) sections.push(legacySection(ctx, legacy.file, legacy.family));
    }
    if (selection.any && (selection.l2cap || selection.rfcomm)) {
      sections.push(
        of(
          err(
            "netstat: feature `AF BLUETOOTH' not supported.\nPlease recompile `net-tools' with newer kernel source or full configuration.\n",
          ),
          status(1),
        ),
      );
    }
    return concatUntilFailure(sections);
  });
}
