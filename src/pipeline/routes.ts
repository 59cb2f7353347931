/**
 * `-r` as one pipeline for every format: each requested family in turn —
 * the IPv4 table and cache, the IPv6 table and cache, and netstat's answers
 * for families without routing — as sections, the routes netstat lists
 * (select/routes.ts) with their names resolved, and diagnostics. A table
 * whose file opened is said by an `opened` record (netstat text prints its
 * header then), so a failure to open one leaves no header.
 */
import { concat, defer, from, mergeMap, of, type Observable } from "rxjs";
import type { Diagnostic } from "../model/diagnostic.ts";
import type { Options } from "../model/options.ts";
import { diagnostic, record, section, type Item } from "../model/pipeline.ts";
import type { CacheFormat, Ipv4Route, Ipv6Route } from "../model/route.ts";
import { guessRtCacheFormat, parseIpv6Route, parseNetRoute } from "../proc/net-route.ts";
import type { NameResolver } from "../resolve/names.ts";
import { ipv4RouteHostLookups, ipv4RouteListed, ipv6RouteHostLookups, ipv6RouteIsCache } from "../select/routes.ts";
import { ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { probe } from "../sources/routes.ts";

/** What `-r` emits: a table that opened, or a listed route. */
export type RouteRecord =
  | { readonly kind: "opened"; readonly table: "ipv4" | "ipv6" | "ipv6-cache" }
  /** The IPv4 cache opened; its layout, or undefined when its header could not be read. */
  | { readonly kind: "opened"; readonly table: "ipv4-cache"; readonly format: CacheFormat | undefined }
  | { readonly kind: "ipv4"; readonly route: Ipv4Route }
  | { readonly kind: "ipv6"; readonly route: Ipv6Route };

type RouteItem = Item<RouteRecord>;

/** What one `-r` pass needs. */
export interface RouteContext {
  readonly root: ProcRoot;
  readonly options: Options;
  readonly resolver: NameResolver;
}

/** Reads a file, or says why netstat calls the family not configured. */
function readOr(ctx: RouteContext, relative: string, family: "INET (IPv4)" | "INET6 (IPv6)"): string | Diagnostic {
  try {
    return ctx.root.readText(relative);
  } catch (error) {
    if (!(error instanceof ProcReadError)) throw error;
    return { kind: "not-configured", family, path: error.path, errno: error.code };
  }
}

/** The routes, once their names are known. */
function resolved<R>(ctx: RouteContext, lookups: Set<string>, records: readonly R[], wrap: (r: R) => RouteRecord): Observable<RouteItem> {
  const items = records.map((r) => record(wrap(r)));
  return lookups.size === 0 ? from(items) : from(ctx.resolver.resolveHosts(lookups)).pipe(mergeMap(() => from(items)));
}

function numericOf(options: Options): boolean {
  return options.numericHosts || options.symbolic;
}

function ipv4Fib(ctx: RouteContext): Observable<RouteItem> {
  return defer(() => {
    const text = readOr(ctx, "net/route", "INET (IPv4)");
    if (typeof text !== "string") return of(diagnostic(text));
    const parsed = parseNetRoute(text);
    const opened = record<RouteRecord>({ kind: "opened", table: "ipv4" });
    const path = ctx.root.display("net/route");
    // An empty file (a namespace without IPv4 routes): netstat ends with status 1 and says nothing.
    if (parsed.headerless === true) return of(opened, diagnostic({ kind: "route-headerless", path }));
    if (parsed.missingColumn !== undefined) return of(opened, diagnostic({ kind: "route-missing-column", path, column: parsed.missingColumn }));
    const listed = parsed.records.filter(ipv4RouteListed);
    return concat(of(opened), resolved(ctx, ipv4RouteHostLookups(listed, numericOf(ctx.options)), listed, (route) => ({ kind: "ipv4", route })));
  });
}

function cacheFormat(bits: number): CacheFormat {
  return bits === 63 ? "2.2" : bits === 97 ? "2.0" : { unknown: bits };
}

/** The IPv4 cache: kernels since 3.6 list only its header, so it never has routes. */
function ipv4Cache(ctx: RouteContext): RouteItem[] {
  const text = readOr(ctx, "net/rt_cache", "INET (IPv4)");
  if (typeof text !== "string") return [diagnostic(text)];
  const bits = guessRtCacheFormat(text);
  const opened = record<RouteRecord>({ kind: "opened", table: "ipv4-cache", format: bits === undefined ? undefined : cacheFormat(bits) });
  // netstat reports the failed header read with perror and exits with -1.
  return bits === undefined ? [opened, diagnostic({ kind: "route-cache-unread", path: ctx.root.display("net/rt_cache") })] : [opened];
}

/** The IPv6 table, then its cache, as asked; netstat lists the table, then the cache. */
function ipv6Routes(ctx: RouteContext, fib: boolean, cache: boolean): Observable<RouteItem> {
  return defer(() => {
    const text = readOr(ctx, "net/ipv6_route", "INET6 (IPv6)");
    if (typeof text !== "string") return of(diagnostic(text));
    const routes = parseIpv6Route(text).records;
    const numeric = numericOf(ctx.options);
    const part = (isCache: boolean): Observable<RouteItem> => {
      const chosen = routes.filter((r) => ipv6RouteIsCache(r) === isCache);
      const opened = record<RouteRecord>({ kind: "opened", table: isCache ? "ipv6-cache" : "ipv6" });
      return concat(of(opened), resolved(ctx, ipv6RouteHostLookups(chosen, numeric), chosen, (route) => ({ kind: "ipv6", route })));
    };
    return concat(fib ? part(false) : from([]), cache ? part(true) : from([]));
  });
}

/** A legacy family netstat's `-r` probes: its files are absent (not configured), or present and not read here. */
export function legacyRouting(root: ProcRoot, family: string): Diagnostic {
  const at = (relative: string, errno: string): { readonly path: string; readonly errno: string } => ({ path: root.display(relative), errno });
  const unsupported = (name: string): Diagnostic => ({ kind: "legacy-routing-unsupported", name });
  switch (family) {
    case "ax25": {
      const code = probe(root, "net/ax25_route");
      return code === undefined ? unsupported("AX.25") : { kind: "legacy-routing", family, missing: [at("net/ax25_route", code)] };
    }
    case "ipx": {
      const first = probe(root, "net/ipx/route");
      const code = first === undefined ? undefined : probe(root, "net/ipx_route");
      if (first === undefined || code === undefined) return unsupported("IPX");
      return { kind: "legacy-routing", family, missing: [at("net/ipx/route", first), at("net/ipx_route", code)] };
    }
    case "netrom": {
      const nodes = probe(root, "net/nr_nodes");
      const neigh = probe(root, "net/nr_neigh");
      if (nodes === undefined && neigh === undefined) return unsupported("NET/ROM");
      const missing = [...(nodes === undefined ? [] : [at("net/nr_nodes", nodes)]), ...(neigh === undefined ? [] : [at("net/nr_neigh", neigh)])];
      return { kind: "legacy-routing", family, missing };
    }
    case "rose": {
      const code = probe(root, "net/rose_nodes");
      return code === undefined ? unsupported("ROSE") : { kind: "legacy-routing", family, missing: [at("net/rose_nodes", code)] };
    }
    case "x25":
      if (probe(root, "net/x25/route") === undefined || probe(root, "net/x25_routes") === undefined) return unsupported("X.25");
      return { kind: "legacy-routing", family, missing: [] };
    default: {
      const code = probe(root, "net/atalk_route");
      return code === undefined ? unsupported("AppleTalk") : { kind: "legacy-routing", family: "ddp", missing: [at("net/atalk_route", code)] };
    }
  }
}

const NO_ROUTING = new Set(["unix", "ec", "ash"]);
const LEGACY = new Set(["ax25", "ipx", "netrom", "rose", "x25", "ddp"]);

/** One `-r` pass over every requested family (the run ends at the first failure: operators/exit-status.ts). */
export function routeItems$(ctx: RouteContext): Observable<RouteItem> {
  return defer(() => {
    const { options } = ctx;
    const fib = options.fib || !options.cache;
    const families = (options.selection.families === "" ? "inet" : options.selection.families).split(",").filter((f) => f !== "");
    const parts = families.map((family): Observable<RouteItem> => {
      if (family === "inet") {
        return concat(of(section("route4")), fib ? ipv4Fib(ctx) : from([]), options.cache ? defer(() => from(ipv4Cache(ctx))) : from([]));
      }
      if (family === "inet6") return concat(of(section("route6")), ipv6Routes(ctx, fib, options.cache));
      if (NO_ROUTING.has(family)) return of(diagnostic({ kind: "no-routing", family }));
      if (LEGACY.has(family)) return defer(() => of(diagnostic(legacyRouting(ctx.root, family))));
      return of(diagnostic({ kind: "family-unsupported", family }));
    });
    return concat(...parts);
  });
}
