/**
 * Routing table entries from /proc/net/route (IPv4) and /proc/net/ipv6_route
 * (IPv6). Addresses are numeric text; `flags` is the kernel's RTF_* word.
 */
import * as v from "valibot";

const Int = v.pipe(v.number(), v.integer());

/** One row of /proc/net/route. */
export const Ipv4RouteSchema = v.object({
  kind: v.literal("route"),
  family: v.literal("inet"),
  iface: v.string(),
  destination: v.string(),
  gateway: v.string(),
  mask: v.string(),
  flags: Int,
  refcnt: Int,
  use: Int,
  metric: Int,
  /** The MTU column; netstat's header calls it MSS. */
  mtu: Int,
  window: Int,
  irtt: Int,
});
export type Ipv4Route = v.InferOutput<typeof Ipv4RouteSchema>;

/** One row of /proc/net/ipv6_route. */
export const Ipv6RouteSchema = v.object({
  kind: v.literal("route"),
  family: v.literal("inet6"),
  destination: v.string(),
  prefixLength: Int,
  source: v.string(),
  sourcePrefixLength: Int,
  nextHop: v.string(),
  /** Signed, as netstat prints it: 0xffffffff is -1. */
  metric: Int,
  refcnt: Int,
  use: Int,
  flags: Int,
  iface: v.string(),
});
export type Ipv6Route = v.InferOutput<typeof Ipv6RouteSchema>;

export type Route = Ipv4Route | Ipv6Route;

/** The kernel's RTF_* route flags that netstat decodes. */
export const RTF = {
  UP: 0x0001,
  GATEWAY: 0x0002,
  HOST: 0x0004,
  REINSTATE: 0x0008,
  DYNAMIC: 0x0010,
  MODIFIED: 0x0020,
  MTU: 0x0040,
  WINDOW: 0x0080,
  IRTT: 0x0100,
  REJECT: 0x0200,
  NOTCACHED: 0x0400,
  DEFAULT: 0x0001_0000,
  ALLONLINK: 0x0002_0000,
  ADDRCONF: 0x0004_0000,
  NONEXTHOP: 0x0020_0000,
  EXPIRES: 0x0040_0000,
  CACHE: 0x0100_0000,
  FLOW: 0x0200_0000,
  POLICY: 0x0400_0000,
  LOCAL: 0x8000_0000,
} as const;

/** The IPv4 routing cache layout netstat guessed from /proc/net/rt_cache's header. */
export type CacheFormat = "2.2" | "2.0" | { readonly unknown: number };
