/**
 * netstat's `-r` in text mode: each requested family in turn, its messages
 * for families without routing or without kernel support, and its exit
 * statuses (3 for a family without routing, 1 for one not configured).
 */
import { catchError, concat, defer, from, map, mergeMap, of, type Observable } from "rxjs";
import type { Options } from "../model/options.ts";
import {
  ipv4CacheHeader,
  ipv4RouteHeader,
  ipv4RouteHostLookups,
  ipv4RouteRow,
  ipv6RouteHeader,
  ipv6RouteHostLookups,
  ipv6RouteRow,
  routeLayout,
  type CacheFormat,
  type RouteLayout,
} from "../format/netstat-route.ts";
import type { NameResolver } from "../resolve/names.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { ipv4CacheFormat$, ipv4Routes$, ipv6Routes$, probe } from "../sources/routes.ts";
import { concatUntilFailure, err, out, type Output, status } from "./output.ts";
import { strerror } from "./strerror.ts";

/** What one `-r` pass needs. */
export interface RouteContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
}

interface RouteView {
  readonly layout: RouteLayout;
  readonly numeric: boolean;
  readonly fib: boolean;
  readonly cache: boolean;
}

function notConfigured(error: unknown, stdoutLine: string): Observable<Output> {
  if (!(error instanceof ProcReadError)) throw error;
  return of(err(`${error.path}: ${strerror(error.code)}\n`), out(stdoutLine), status(1));
}

function ipv4Fib(ctx: RouteContext, view: RouteView): Observable<Output> {
  return ipv4Routes$(ctx.root).pipe(
    mergeMap((parsed) => {
      const header = out(ipv4RouteHeader(view.layout));
      if (parsed.headerless === true) return of(header, status(1));
      if (parsed.missingColumn !== undefined) {
        const path = ctx.root.display("net/route");
        return of(header, err(`warning: ${path} does not contain required field ${parsed.missingColumn}\n`), status(1));
      }
      const lookups = ipv4RouteHostLookups(parsed.records, view.numeric);
      return from(ctx.resolver.resolveHosts(lookups)).pipe(
        map(() => out(parsed.records.map((r) => ipv4RouteRow(r, view.layout, view.numeric, ctx.resolver)).join(""))),
        (rows) => concat(of(header), rows),
      );
    }),
    catchError((error: unknown) => notConfigured(error, "INET (IPv4) not configured in this system.\n")),
  );
}

function cacheFormat(bits: number): CacheFormat {
  return bits === 63 ? "2.2" : bits === 97 ? "2.0" : { unknown: bits };
}

function ipv4Cache(ctx: RouteContext, view: RouteView): Observable<Output> {
  return ipv4CacheFormat$(ctx.root).pipe(
    mergeMap((bits) => {
      if (bits === undefined) {
        // netstat reports the failed header read with perror and exits with -1.
        return of(out("Kernel IP routing cache\n"), err(`${ctx.root.display("net/rt_cache")}: Success\n`), status(255));
      }
      // Kernels since 3.6 list only the header, so there are no rows to show.
      return of(out(ipv4CacheHeader(view.layout, cacheFormat(bits))));
    }),
    catchError((error: unknown) => notConfigured(error, "INET (IPv4) not configured in this system.\n")),
  );
}

function ipv6Table(ctx: RouteContext, view: RouteView, cache: boolean): Observable<Output> {
  return ipv6Routes$(ctx.root).pipe(
    mergeMap((parsed) => {
      const lookups = ipv6RouteHostLookups(
        parsed.records.filter((r) => ((r.flags & 0x0100_0000) !== 0) === cache),
        view.numeric,
      );
      return concat(
        of(out(ipv6RouteHeader(cache))),
        from(ctx.resolver.resolveHosts(lookups)).pipe(
          map(() => out(parsed.records.map((r) => ipv6RouteRow(r, cache, view.numeric, ctx.resolver)).join(""))),
        ),
      );
    }),
    catchError((error: unknown) => notConfigured(error, "INET6 (IPv6) not configured in this system.\n")),
  );
}

/** Families whose routing tables netstat reads from kernels that no longer have them. */
function legacyFamily(ctx: RouteContext, family: string): Observable<Output> {
  const { root } = ctx;
  const missing = (relative: string): string | undefined => probe(root, relative);
  const unsupported = (name: string): Observable<Output> =>
    of(err(`netstat-stream: ${name} routing tables are not supported\n`), status(1));
  return defer(() => {
    switch (family) {
      case "ax25": {
        const code = missing("net/ax25_route");
        if (code === undefined) return unsupported("AX.25");
        return of(err(`${root.display("net/ax25_route")}: ${strerror(code)}\n`), out("AX.25 not configured in this system.\n"), status(1));
      }
      case "ipx": {
        const first = missing("net/ipx/route");
        const code = first === undefined ? undefined : missing("net/ipx_route");
        if (code === undefined) return unsupported("IPX");
        return of(
          err(`${strerror(code)}\n`),
          out(`IPX routing not in file ${root.display("net/ipx/route")} or ${root.display("net/ipx_route")} found.\n`),
          status(1),
        );
      }
      case "netrom": {
        const nodes = missing("net/nr_nodes");
        const neigh = missing("net/nr_neigh");
        if (nodes === undefined && neigh === undefined) return unsupported("NET/ROM");
        const outputs: Output[] = [];
        // netstat's first perror shows the errno of the later open; the second sees the errno perror left.
        if (nodes !== undefined) outputs.push(err(`${root.display("net/nr_nodes")}: ${strerror(neigh ?? nodes)}\n`));
        if (neigh !== undefined) outputs.push(err(`${root.display("net/nr_neigh")}: ${strerror(nodes !== undefined ? "EINVAL" : neigh)}\n`));
        outputs.push(out("NET/ROM not configured in this system.\n"), status(1));
        return from(outputs);
      }
      case "rose": {
        const code = missing("net/rose_nodes");
        if (code === undefined) return unsupported("ROSE");
        return of(err(`${root.display("net/rose_nodes")}: ${strerror(code)}\nROSE not configured in this system.\n`), status(1));
      }
      case "x25": {
        if (missing("net/x25/route") === undefined || missing("net/x25_routes") === undefined) return unsupported("X.25");
        return of(out("X.25 not configured in this system.\n"), status(1));
      }
      default: {
        const code = missing("net/atalk_route");
        if (code === undefined) return unsupported("AppleTalk");
        return of(
          err(`Error opening ${root.display("net/atalk_route")}: ${strerror(code)}\nDDP (AppleTalk) not configured on this system.\n`),
          status(1),
        );
      }
    }
  });
}

const NO_ROUTING = new Set(["unix", "ec", "ash"]);
const LEGACY = new Set(["ax25", "ipx", "netrom", "rose", "x25", "ddp"]);

/** One `-r` pass over every requested family, stopping at the first failure. */
export function routes$(ctx: RouteContext): Observable<Output> {
  return defer(() => {
    const { options } = ctx;
    const view: RouteView = {
      layout: routeLayout(options.extend),
      numeric: options.numericHosts || options.symbolic,
      fib: options.fib || !options.cache,
      cache: options.cache,
    };
    const families = (options.selection.families === "" ? "inet" : options.selection.families).split(",").filter((f) => f !== "");
    const parts = families.map((family): Observable<Output> => {
      if (family === "inet") {
        const both: Observable<Output>[] = [];
        if (view.fib) both.push(ipv4Fib(ctx, view));
        if (view.cache) both.push(ipv4Cache(ctx, view));
        return concatUntilFailure(both);
      }
      if (family === "inet6") {
        const both: Observable<Output>[] = [];
        if (view.fib) both.push(ipv6Table(ctx, view, false));
        if (view.cache) both.push(ipv6Table(ctx, view, true));
        return concatUntilFailure(both);
      }
      if (NO_ROUTING.has(family)) return of(err(`No routing for address family \`${family}'.\n`), status(3));
      if (LEGACY.has(family)) return legacyFamily(ctx, family);
      return of(err(`Address family \`${family}' not supported.\n`), status(3));
    });
    return concatUntilFailure(parts);
  });
}
