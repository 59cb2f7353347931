/**
 * What netstat lists of the routing tables, as pure predicates: IPv4
 * routes that are up, the IPv6 routing cache by its RTF_CACHE bit, and the
 * addresses netstat looks up by name. Formatters assume selected input.
 */
import { RTF, type Ipv4Route, type Ipv6Route } from "../model/route.ts";
import { ipv4Number } from "../resolve/names.ts";

/** Whether netstat lists an IPv4 route: only routes that are up. */
export function ipv4RouteListed(r: Ipv4Route): boolean {
  return (r.flags & RTF.UP) !== 0;
}

/** Whether an IPv6 route belongs to the routing cache (`-C`) rather than the table. */
export function ipv6RouteIsCache(r: Ipv6Route): boolean {
  return (r.flags & RTF.CACHE) !== 0;
}

/** Whether netstat names an IPv4 route's destination as a host rather than a network. */
export function isHostRoute(r: Ipv4Route): boolean {
  const ad = ipv4Number(r.destination) ?? 0;
  const mask = ipv4Number(r.mask) ?? 0;
  return (ad & ~mask) !== 0 || (r.flags & RTF.HOST) !== 0;
}

/** Addresses of listed IPv4 routes that netstat would pass to gethostbyaddr. */
export function ipv4RouteHostLookups(routes: readonly Ipv4Route[], numeric: boolean): Set<string> {
  const wanted = new Set<string>();
  if (numeric) return wanted;
  for (const r of routes) {
    if (r.destination !== "0.0.0.0" && isHostRoute(r)) wanted.add(r.destination);
    if (r.gateway !== "0.0.0.0") wanted.add(r.gateway);
  }
  return wanted;
}

/** Addresses of IPv6 routes that netstat would look up by name. */
export function ipv6RouteHostLookups(routes: readonly Ipv6Route[], numeric: boolean): Set<string> {
  const wanted = new Set<string>();
  if (numeric) return wanted;
  for (const r of routes) {
    if (r.destination !== "::") wanted.add(r.destination);
    if (r.nextHop !== "::") wanted.add(r.nextHop);
  }
  return wanted;
}
