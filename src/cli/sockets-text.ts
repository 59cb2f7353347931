/**
 * netstat's socket listing in text mode: the sections in netstat's order,
 * its messages for missing families and bogus lines, and its exit statuses.
 * Sources, operators and formatters do the work; this file only decides
 * what each outcome means for the user.
 */
import { concat, concatMap, defer, EMPTY, from, map, of, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import { filtersNeedProcesses } from "../model/filters.ts";
import { inetHeader, type SocketTextOptions } from "../format/netstat-inet.ts";
import { unixHeader } from "../format/netstat-unix.ts";
import { sctpNumeric as sctpNumericHosts } from "../format/netstat-sctp.ts";
import { socketRowsText } from "../format/netstat-sockets.ts";
import { sockets$ } from "../pipeline/sockets.ts";
import type { SocketSection } from "../pipeline/socket-tables.ts";
import { socketSelector } from "../select/sockets.ts";
import type { NameResolver } from "../resolve/names.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { buildProcessIndex } from "../sources/processes.ts";
import type { ProgramSource } from "../pipeline/namespaces.ts";
import type { GroupReaderState } from "../proc/net-igmp.ts";
import { groupsOutput$ } from "./groups.ts";
import { concatUntilFailure, err, out, type Output } from "./output.ts";
import { legacySections } from "./legacy.ts";
import { BLUETOOTH_UNSUPPORTED } from "./unread-table.ts";
import { programWarnings, unreadOutputs } from "./socket-diagnostics.ts";

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

/** The per-run state netstat keeps between sections: the program cache. */
interface PassState {
  processes: OwnerLookup | undefined;
}

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
    state.processes = source.lookup;
    return from(ctx.options.programs ? programWarnings(source.index, ctx.euid) : []).pipe(map(err));
  });
}

/** One part of the listing (the Internet sections, or unix) through the sockets pipeline, as netstat's text. */
function socketPart(ctx: SocketListingContext, state: PassState, part: "inet" | "unix"): Observable<Output> {
  const { options } = ctx;
  const text = textOptions(options);
  const scope = { all: options.all, listening: options.listening };
  const owners: OwnerLookup = (inode) => state.processes?.(inode);
  const sctpNumeric = sctpNumericHosts({ ...text, symbolic: options.symbolic });
  const rows = { text, numericSctp: sctpNumeric, names: ctx.resolver, owners };
  const plan = {
    selection: options.selection,
    verbose: options.verbose,
    scope,
    timers: options.timers,
    part,
    keep: socketSelector(scope, options.filters, ctx.userUid, () => owners),
  };
  const naming = { resolver: ctx.resolver, numeric: (section: SocketSection) => (section.startsWith("sctp") ? sctpNumeric : options.numericHosts) };
  return sockets$(ctx.root, plan, naming).pipe(
    concatMap((item): Observable<Output> => {
      switch (item.kind) {
        case "sockets":
          return of(out(socketRowsText(item.sockets, rows)));
        case "bogus":
          return of(err(`warning, got bogus ${item.name} line.\n`));
        default:
          return from(unreadOutputs(item));
      }
    }),
  );
}

/** The `-g` table: IPv4 memberships, then IPv6 (cli/groups.ts). */
function groupSection(ctx: SocketListingContext): Observable<Output> {
  return groupsOutput$({
    root: ctx.root, options: ctx.options, resolver: ctx.resolver, colour: false, now: Date.now, ...(ctx.groupState === undefined ? {} : { state: ctx.groupState }),
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
      sections.push(concat(loadPrograms(ctx, state), of(out(inetHeader(textOptions(ctx.options)))), socketPart(ctx, state, "inet")));
    }
    if (selection.igmp) sections.push(groupSection(ctx));
    if (!selection.any || selection.unix) {
      const options = { all: ctx.options.all, listening: ctx.options.listening, programs: ctx.options.programs };
      sections.push(concat(loadPrograms(ctx, state), of(out(unixHeader(options))), socketPart(ctx, state, "unix")));
    }
    for (const legacy of legacySections(ctx)) {
      if (!selection.any || selection[legacy.flag]) sections.push(legacy.section);
    }
    if (selection.any && (selection.l2cap || selection.rfcomm)) sections.push(from(BLUETOOTH_UNSUPPORTED));
    return concatUntilFailure(sections);
  });
}
