/**
 * netstat's `-r` text: the IPv4 FIB in its three `-e` layouts, the IPv4
 * cache headers, and the IPv6 table. Pure: routes and resolved names in,
 * text out.
 */
import { RTF, type CacheFormat, type Ipv4Route, type Ipv6Route } from "../model/route.ts";
import { isHostRoute } from "../select/routes.ts";
import type { Names } from "../resolve/names.ts";
import { ipv4Number } from "../resolve/names.ts";
import { hostText } from "./netstat-address.ts";
import { left, right } from "./_printf.ts";

/** netstat's route layout number: 0 (title only), 1 (-e), 2 (default), 3 (-ee). */
export type RouteLayout = 0 | 1 | 2 | 3;

/** netstat swaps its first two `-e` levels for routes, then keeps the low two bits. */
export function routeLayout(extend: number): RouteLayout {
  const swapped = extend === 1 ? 2 : extend === 2 ? 1 : extend;
  return (swapped & 3) as RouteLayout;
}

const V4_FLAGS: readonly (readonly [number, string])[] = [
  [RTF.HOST, "H"],
  [RTF.REINSTATE, "R"],
  [RTF.DYNAMIC, "D"],
  [RTF.MODIFIED, "M"],
  [RTF.DEFAULT, "d"],
  [RTF.ALLONLINK, "a"],
  [RTF.ADDRCONF, "c"],
  [RTF.NONEXTHOP, "o"],
  [RTF.EXPIRES, "e"],
  [RTF.CACHE, "c"],
  [RTF.FLOW, "f"],
  [RTF.POLICY, "p"],
  [RTF.LOCAL, "l"],
  [RTF.MTU, "u"],
  [RTF.WINDOW, "w"],
  [RTF.IRTT, "i"],
  [RTF.NOTCACHED, "n"],
];

const V6_FLAGS: readonly (readonly [number, string])[] = [
  [RTF.UP, "U"],
  [RTF.REJECT, "!"],
  [RTF.GATEWAY, "G"],
  [RTF.HOST, "H"],
  [RTF.DEFAULT, "D"],
  [RTF.ADDRCONF, "A"],
  [RTF.CACHE, "C"],
  [RTF.ALLONLINK, "a"],
  [RTF.EXPIRES, "e"],
  [RTF.MODIFIED, "m"],
  [RTF.NONEXTHOP, "n"],
  [RTF.FLOW, "f"],
];

function letters(flags: number, table: readonly (readonly [number, string])[], start = ""): string {
  let text = start;
  for (const [bit, letter] of table) if ((flags & bit) !== 0) text += letter;
  return text;
}

/** The IPv4 flag letters; a reject route's letters restart at `!`. */
export function ipv4RouteFlags(flags: number): string {
  let text = "";
  if (flags & RTF.UP) text += "U";
  if (flags & RTF.GATEWAY) text += "G";
  if (flags & RTF.REJECT) text = "!";
  return letters(flags, V4_FLAGS, text);
}

/** The IPv6 flag letters. */
export function ipv6RouteFlags(flags: number): string {
  return letters(flags, V6_FLAGS);
}

const RTF_NAMES: ReadonlyMap<number, string> = new Map(Object.entries(RTF).map(([name, bit]) => [bit, name]));

function names(flags: number, table: readonly (readonly [number, string])[], start: readonly number[] = []): string[] {
  return [...start, ...table.filter(([bit]) => (flags & bit) !== 0).map(([bit]) => bit)].map((bit) => RTF_NAMES.get(bit)!);
}

/** The IPv4 flags by name, one per letter of ipv4RouteFlags and in its order. */
export function ipv4RouteFlagNames(flags: number): string[] {
  const start = (flags & RTF.REJECT) !== 0 ? [RTF.REJECT] : [RTF.UP, RTF.GATEWAY].filter((bit) => (flags & bit) !== 0);
  return names(flags, V4_FLAGS, start);
}

/** The IPv6 flags by name, one per letter of ipv6RouteFlags and in its order. */
export function ipv6RouteFlagNames(flags: number): string[] {
  return names(flags, V6_FLAGS);
}

/** The IPv4 Destination column, untruncated. */
export function destinationText(r: Ipv4Route, numeric: boolean, names: Names): string {
  if (numeric) return r.destination;
  if (r.destination === "0.0.0.0") return r.mask === "0.0.0.0" ? "default" : "0.0.0.0";
  if (isHostRoute(r)) return names.host(r.destination) ?? r.destination;
  return names.network(ipv4Number(r.destination) ?? 0) ?? r.destination;
}

/** The IPv4 Gateway column, untruncated. */
export function gatewayText(r: Ipv4Route, numeric: boolean, names: Names): string {
  if (numeric || r.gateway === "0.0.0.0") return r.gateway;
  return names.host(r.gateway) ?? r.gateway;
}

const V4_HEADERS: Readonly<Record<RouteLayout, string>> = {
  0: "",
  1: "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n",
  2: "Destination     Gateway         Genmask         Flags   MSS Window  irtt Iface\n",
  3: "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface    MSS   Window irtt\n",
};

/** Title and column header of the IPv4 FIB. */
export function ipv4RouteHeader(layout: RouteLayout): string {
  return `Kernel IP routing table\n${V4_HEADERS[layout]}`;
}

/** One listed IPv4 route (select/routes.ts) as netstat prints it in a layout with rows (1 to 3). */
export function ipv4RouteRow(r: Ipv4Route, layout: Exclude<RouteLayout, 0>, numeric: boolean, names: Names): string {
  const dest = left(destinationText(r, numeric, names).slice(0, 15), 15);
  const gw = left(gatewayText(r, numeric, names).slice(0, 15), 15);
  const mask = left(r.mask.slice(0, 15), 15);
  const flags = left(ipv4RouteFlags(r.flags), 5);
  const reject = (r.flags & RTF.REJECT) !== 0;
  switch (layout) {
    case 1:
      return reject
        ? `${dest} -               ${mask} ${flags} ${left(String(r.metric), 6)} -  ${right(r.use, 7)} -\n`
        : `${dest} ${gw} ${mask} ${flags} ${left(String(r.metric), 6)} ${left(String(r.refcnt), 2)} ${right(r.use, 7)} ${r.iface}\n`;
    case 2:
      return reject
        ? `${dest} -               ${mask} ${flags}     - -          - -\n`
        : `${dest} ${gw} ${mask} ${flags} ${right(r.mtu, 5)} ${left(String(r.window), 5)} ${right(r.irtt, 6)} ${r.iface}\n`;
    case 3:
      return reject
        ? `${dest} -               ${mask} ${flags} ${left(String(r.metric), 6)} -  ${right(r.use, 7)} -        -     -      -\n`
        : `${dest} ${gw} ${mask} ${flags} ${left(String(r.metric), 6)} ${left(String(r.refcnt), 3)} ${right(r.use, 6)} ${left(r.iface.slice(0, 6), 6)}   ${left(String(r.mtu), 5)} ${left(String(r.window), 6)} ${r.irtt}\n`;
  }
}

const CACHE_HEADERS: Readonly<Record<RouteLayout, string>> = {
  0: "",
  1: "Source          Destination     Gateway         Flags Metric Ref    Use Iface\n",
  2: "Source          Destination     Gateway         Flags   MSS Window  irtt Iface\n",
  3: "Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  TOS HHRef HHUptod     SpecDst\n",
};


const CACHE_V20_EXT3 = "Source          Destination     Gateway         Flags Metric Ref    Use Iface    MSS   Window irtt  HH  Arp\n";

/** Title and column header of the IPv4 routing cache. */
export function ipv4CacheHeader(layout: RouteLayout, format: CacheFormat): string {
  let text = "Kernel IP routing cache\n";
  if (typeof format === "object") text += `ERROR: proc_guess_fmt(/proc/net/rt_cache,... returned: ${format.unknown}\n`;
  if (layout === 1 || layout === 2) return text + CACHE_HEADERS[layout];
  if (layout === 3 && format === "2.2") return text + CACHE_HEADERS[3];
  if (layout === 3 && format === "2.0") return text + CACHE_V20_EXT3;
  return text;
}

/** Title and header of the IPv6 table or cache. */
export function ipv6RouteHeader(cache: boolean): string {
  const title = cache ? "Kernel IPv6 routing cache\n" : "Kernel IPv6 routing table\n";
  return `${title}Destination                    Next Hop                   Flag Met Ref  Use If\n`;
}

/** One IPv6 route of the table or the cache (select/routes.ts says which). */
export function ipv6RouteRow(r: Ipv6Route, numeric: boolean, names: Names): string {
  const dest = `${hostText(r.destination, "inet6", numeric, names)}/${r.prefixLength}`;
  const hop = hostText(r.nextHop, "inet6", numeric, names);
  return `${left(dest, 30)} ${left(hop, 26)} ${left(ipv6RouteFlags(r.flags), 4)} ${left(String(r.metric), 3)} ${left(String(r.refcnt), 1)} ${right(r.use, 6)} ${r.iface}\n`;
}
