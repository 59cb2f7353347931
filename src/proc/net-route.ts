/**
 * Parsers for the routing tables: /proc/net/route (IPv4, columns found by
 * their header names, as netstat does), /proc/net/rt_cache (only its layout
 * matters on kernels since 3.6) and /proc/net/ipv6_route (fixed columns of
 * hex words).
 */
import type { Ipv4Route, Ipv6Route } from "../model/route.ts";
import { compileScan, scan, type ScanValue } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import { procGenFmt } from "./_proc-gen-fmt.ts";
import { formatIpv4, formatIpv6 } from "./hex-address.ts";
import type { LineIssue, Parsed } from "./issue.ts";

/** The columns netstat asks /proc/net/route for, with their conversions. */
const ROUTE_COLUMNS = [
  ["Iface", "%15s"],
  ["Destination", "%127s"],
  ["Gateway", "%127s"],
  ["Flags", "%X"],
  ["RefCnt", "%d"],
  ["Use", "%d"],
  ["Metric", "%d"],
  ["Mask", "%127s"],
  ["MTU", "%d"],
  ["Window", "%d"],
  ["IRTT", "%d"],
] as const;

/** Fields a row needs before netstat prints it. */
export const ROUTE_MIN_FIELDS = 10;

/**
 * A /proc/net/route parse, the column its header lacks, or `headerless`: an empty file (a
 * namespace without IPv4 routes), on which netstat fails without a word.
 */
export type RouteParse =
  | (Parsed<Ipv4Route> & { readonly missingColumn?: undefined; readonly headerless?: undefined })
  | { readonly missingColumn: string; readonly headerless?: undefined }
  | { readonly headerless: true; readonly missingColumn?: undefined };

/**
 * net-tools' INET_getsock: eight hex digits, byte pairs in kernel order.
 * Undefined when the text is not eight hex digits (netstat then keeps the previous address).
 */
export function routeHexToIpv4(hex: string): string | undefined {
  if (!/^[0-9A-Fa-f]{8}/.test(hex)) return undefined;
  const bytes = Uint8Array.from([6, 4, 2, 0].map((i) => Number.parseInt(hex.slice(i, i + 2), 16)));
  return formatIpv4(bytes);
}

/** Parses /proc/net/route text; rows with fewer than 10 fields are issues. */
export function parseNetRoute(text: string): RouteParse {
  const header = fgetsLines(text, 511)[0];
  if (header === undefined) return { headerless: true };
  const fmt = procGenFmt(header, ROUTE_COLUMNS);
  if ("missing" in fmt) return { missingColumn: fmt.missing };
  const compiled = compileScan(fmt.format);
  const records: Ipv4Route[] = [];
  const issues: LineIssue[] = [];
  const previous = { destination: "0.0.0.0", gateway: "0.0.0.0", mask: "0.0.0.0" };
  fgetsLines(text.slice(header.length), 1023).forEach((line, i) => {
    const f = scan(line, compiled);
    if (f.length < ROUTE_MIN_FIELDS) {
      issues.push({ line: i + 1, text: line.replace(/\n$/, ""), reason: `expected ${ROUTE_MIN_FIELDS} fields, got ${f.length}` });
      return;
    }
    const s = (k: number): string => String(f[k] ?? "");
    const n = (k: number): number => (typeof f[k] === "number" ? (f[k] as number) : 0);
    // netstat converts the addresses only of rows it prints (RTF_UP); a bad one keeps the last converted value.
    if ((n(3) & 1) !== 0) {
      previous.destination = routeHexToIpv4(s(1)) ?? previous.destination;
      previous.gateway = routeHexToIpv4(s(2)) ?? previous.gateway;
      previous.mask = routeHexToIpv4(s(7)) ?? previous.mask;
    }
    records.push({
      kind: "route",
      family: "inet",
      iface: s(0),
      destination: previous.destination,
      gateway: previous.gateway,
      mask: previous.mask,
      flags: n(3) >>> 0,
      refcnt: n(4),
      use: n(5),
      metric: n(6),
      mtu: n(8),
      window: n(9),
      irtt: n(10),
    });
  });
  return { records, issues };
}

const IPV6_ROUTE_FORMAT = compileScan("%32[0-9A-Fa-f] %x %32[0-9A-Fa-f] %x %32[0-9A-Fa-f] %x %x %x %x %15s");

function hex128(hex: ScanValue | undefined): string {
  const digits = String(hex ?? "").padEnd(32, "0");
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(digits.slice(i * 2, i * 2 + 2), 16);
  return formatIpv6(bytes);
}

/** Parses one /proc/net/ipv6_route line; the field count when it is too short. */
export function parseIpv6RouteLine(line: string): Ipv6Route | number {
  const f = scan(line, IPV6_ROUTE_FORMAT);
  if (f.length < 10) return f.length;
  const n = (k: number): number => (typeof f[k] === "number" ? (f[k] as number) : 0);
  return {
    kind: "route",
    family: "inet6",
    destination: hex128(f[0]),
    prefixLength: n(1),
    source: hex128(f[2]),
    sourcePrefixLength: n(3),
    nextHop: hex128(f[4]),
    metric: n(5) | 0,
    refcnt: n(6) | 0,
    use: n(7) | 0,
    flags: n(8) >>> 0,
    iface: String(f[9]),
  };
}

/** Parses /proc/net/ipv6_route text (no header line). */
export function parseIpv6Route(text: string): Parsed<Ipv6Route> {
  const records: Ipv6Route[] = [];
  const issues: LineIssue[] = [];
  fgetsLines(text, 1023).forEach((line, i) => {
    const r = parseIpv6RouteLine(line);
    if (typeof r === "number") issues.push({ line: i, text: line.replace(/\n$/, ""), reason: `expected 10 fields, got ${r}` });
    else records.push(r);
  });
  return { records, issues };
}

const CACHE_MARKERS = [
  ["IRTT", 1],
  ["TOS", 2],
  ["HHRef", 4],
  ["HHUptod", 8],
  ["SpecDst", 16],
  ["HH", 32],
  ["ARP", 64],
] as const;

/**
 * net-tools' proc_guess_fmt for /proc/net/rt_cache: a bit per column name
 * found anywhere in the header (63 is the 2.2 layout, 97 the 2.0 one);
 * undefined for an empty file.
 */
export function guessRtCacheFormat(text: string): number | undefined {
  const header = fgetsLines(text, 511)[0];
  if (header === undefined) return undefined;
  let bits = 0;
  for (const [name, bit] of CACHE_MARKERS) if (header.includes(name)) bits |= bit;
  return bits;
}
