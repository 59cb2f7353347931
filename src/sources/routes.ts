/**
 * Routing tables under a proc root, as observables: each subscription reads
 * its file once and emits the parse, or errors with ProcReadError.
 */
import { defer, of, type Observable } from "rxjs";
import type { Ipv6Route } from "../model/route.ts";
import type { Parsed } from "../proc/issue.ts";
import { guessRtCacheFormat, parseIpv6Route, parseNetRoute, type RouteParse } from "../proc/net-route.ts";
import type { ProcRoot } from "./proc-root.ts";

/** /proc/net/route, parsed. */
export function ipv4Routes$(root: ProcRoot): Observable<RouteParse> {
  return defer(() => of(parseNetRoute(root.readText("net/route"))));
}

/** /proc/net/rt_cache's layout guess (undefined for an empty file). */
export function ipv4CacheFormat$(root: ProcRoot): Observable<number | undefined> {
  return defer(() => of(guessRtCacheFormat(root.readText("net/rt_cache"))));
}

/** /proc/net/ipv6_route, parsed. */
export function ipv6Routes$(root: ProcRoot): Observable<Parsed<Ipv6Route>> {
  return defer(() => of(parseIpv6Route(root.readText("net/ipv6_route"))));
}

/** Whether a file exists under the proc root (for families netstat only probes). */
export function probe(root: ProcRoot, relative: string): string | undefined {
  try {
    root.readHead(relative, 1);
    return undefined;
  } catch (error) {
    return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "EIO";
  }
}
