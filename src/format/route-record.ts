/**
 * Parsed routes as the records of `--json` and `--format table`: jc's
 * `--netstat` route fields with the texts netstat would show (never
 * truncated), plus the numbers. Pure: a route and resolved names in, a
 * record out.
 */
import type { Ipv4RouteRecord, Ipv6RouteRecord } from "../model/mode-records.ts";
import { RTF, type Ipv4Route, type Ipv6Route } from "../model/route.ts";
import { ipv4Number, type Names } from "../resolve/names.ts";
import { ipv6RouteIsCache } from "../select/routes.ts";
import { hostText } from "./netstat-address.ts";
import { destinationText, gatewayText, ipv4RouteFlagNames, ipv4RouteFlags, ipv6RouteFlagNames, ipv6RouteFlags } from "./netstat-route.ts";

/** The prefix length of a contiguous IPv4 mask, or null. */
export function maskPrefixLength(mask: string): number | null {
  const n = ipv4Number(mask);
  if (n === undefined) return null;
  const bits = n >>> 0;
  let length = 0;
  while (length < 32 && (bits & (0x8000_0000 >>> length)) !== 0) length++;
  const rest = length === 32 ? 0 : (bits << length) >>> 0;
  return rest === 0 ? length : null;
}

/** One IPv4 route as a `kind: "route"` record. */
export function ipv4RouteRecord(r: Ipv4Route, numeric: boolean, names: Names): Ipv4RouteRecord {
  const reject = (r.flags & RTF.REJECT) !== 0;
  return {
    kind: "route",
    family: "inet",
    table: "fib",
    destination: destinationText(r, numeric, names),
    destination_ip: r.destination,
    prefix_length: maskPrefixLength(r.mask),
    // A reject route shows `-` for its gateway and interface, as netstat prints it.
    gateway: reject ? "-" : gatewayText(r, numeric, names),
    gateway_ip: r.gateway,
    genmask: r.mask,
    route_flags: ipv4RouteFlags(r.flags),
    route_flags_pretty: ipv4RouteFlagNames(r.flags),
    route_flags_num: r.flags,
    metric: r.metric,
    route_refs: r.refcnt,
    use: r.use,
    iface: reject ? "-" : r.iface,
    mss: r.mtu,
    window: r.window,
    irtt: r.irtt,
  };
}

/** One IPv6 route as a `kind: "route"` record. */
export function ipv6RouteRecord(r: Ipv6Route, numeric: boolean, names: Names): Ipv6RouteRecord {
  return {
    kind: "route",
    family: "inet6",
    table: ipv6RouteIsCache(r) ? "cache" : "fib",
    destination: `${hostText(r.destination, "inet6", numeric, names)}/${r.prefixLength}`,
    destination_ip: r.destination,
    prefix_length: r.prefixLength,
    gateway: hostText(r.nextHop, "inet6", numeric, names),
    gateway_ip: r.nextHop,
    route_flags: ipv6RouteFlags(r.flags),
    route_flags_pretty: ipv6RouteFlagNames(r.flags),
    route_flags_num: r.flags,
    metric: r.metric,
    route_refs: r.refcnt,
    use: r.use,
    iface: r.iface,
    source_ip: r.source,
    source_prefix_length: r.sourcePrefixLength,
  };
}
