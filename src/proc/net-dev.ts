/**
 * Parsers for per-interface kernel files that netstat's `-i` reads:
 *
 * - /proc/net/dev: two header lines, then `  name: rx... tx...` per device;
 *   the second header line tells the column layout (v3 has `compressed`).
 * - /proc/net/if_inet6: `addr32hex idx plen scope flags name` per address.
 */
import type { InterfaceStats, Ipv6Address } from "../model/interface.ts";
import { fgetsLines } from "./_lines.ts";
import { strtoull } from "./_strtoull.ts";
import { formatIpv6 } from "./hex-address.ts";

/** One /proc/net/dev row: the name as netstat reads it, and its counters. */
export interface DevRow {
  readonly name: string;
  readonly stats: InterfaceStats;
}

const V3 = [
  "rxBytes", "rxPackets", "rxErrors", "rxDropped", "rxFifo", "rxFrame", "rxCompressed", "rxMulticast",
  "txBytes", "txPackets", "txErrors", "txDropped", "txFifo", "collisions", "txCarrier", "txCompressed",
] as const;
const V2 = [
  "rxBytes", "rxPackets", "rxErrors", "rxDropped", "rxFifo", "rxFrame",
  "txBytes", "txPackets", "txErrors", "txDropped", "txFifo", "collisions", "txCarrier",
] as const;
const V1 = [
  "rxPackets", "rxErrors", "rxDropped", "rxFifo", "rxFrame",
  "txPackets", "txErrors", "txDropped", "txFifo", "collisions", "txCarrier",
] as const;

function zeroStats(): Record<(typeof V3)[number], bigint> {
  return Object.fromEntries(V3.map((k) => [k, 0n])) as Record<(typeof V3)[number], bigint>;
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && " \t\n\v\f\r".includes(ch);
}

/**
 * Debian netstat's get_name: skips blanks, copies at most 15 characters up
 * to white space or the `:` ending the name (keeping an `:N:` alias), and
 * returns where the counters start. A 15-character name stops before its
 * `:`, so its counters do not parse and read as zero.
 */
export function devName(line: string): { readonly name: string; readonly rest: number } {
  let p = 0;
  while (isSpace(line[p])) p++;
  let name = "";
  while (p < line.length && !isSpace(line[p]) && name.length < 15) {
    if (line[p] === ":") {
      let q = p + 1;
      while (q < line.length && line[q]! >= "0" && line[q]! <= "9") q++;
      if (line[q] === ":") {
        name += line.slice(p, q);
        p = q;
      }
      p++;
      break;
    }
    name += line[p++];
  }
  return { name, rest: p };
}

/** The counter layout version netstat derives from the second header line. */
export function devVersion(header: string): 1 | 2 | 3 {
  return header.includes("compressed") ? 3 : header.includes("bytes") ? 2 : 1;
}

/** Reads counters as scanf does: in order, stopping at the first that does not convert. */
function readCounters(text: string, from: number, keys: readonly (typeof V3)[number][]): InterfaceStats {
  const stats = zeroStats();
  let at = from;
  for (const key of keys) {
    const n = strtoull(text, at);
    if (n.end === at) break;
    stats[key] = n.value;
    at = n.end;
  }
  return stats;
}

/** Parses /proc/net/dev text (lines of at most 511 bytes, as netstat reads them). */
export function parseNetDev(text: string): DevRow[] {
  const lines = fgetsLines(text, 512);
  const version = devVersion(lines[1] ?? "");
  const keys = version === 3 ? V3 : version === 2 ? V2 : V1;
  return lines.slice(2).map((line) => {
    const { name, rest } = devName(line);
    return { name, stats: readCounters(line, rest, keys) };
  });
}

/** One /proc/net/if_inet6 row with its device name. */
export interface IfInet6Row extends Ipv6Address {
  readonly device: string;
}

const IF_INET6 = /^\s*([0-9A-Fa-f]{32})\s+([0-9A-Fa-f]+)\s+([0-9A-Fa-f]{1,2})\s+([0-9A-Fa-f]{1,2})\s+([0-9A-Fa-f]+)\s+(\S{1,20})/;

/** Parses /proc/net/if_inet6 text; lines that do not match are skipped. */
export function parseIfInet6(text: string): IfInet6Row[] {
  const rows: IfInet6Row[] = [];
  for (const line of text.split("\n")) {
    const m = IF_INET6.exec(line);
    if (m === null) continue;
    const hex = m[1]!;
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    rows.push({
      device: m[6]!,
      address: formatIpv6(bytes),
      prefixLength: Number.parseInt(m[3]!, 16),
      scope: Number.parseInt(m[4]!, 16),
    });
  }
  return rows;
}

/** One /proc/net/dev_mcast row: the interface index and name (the address columns are not needed). */
export interface DevMcastRow {
  readonly ifindex: number;
  readonly name: string;
}

const DEV_MCAST = /^\s*([0-9]+)\s+(\S+)\s/;

/** Parses /proc/net/dev_mcast (`ifindex name users global addr` per multicast address); other lines are skipped. */
export function parseDevMcast(text: string): DevMcastRow[] {
  const rows: DevMcastRow[] = [];
  for (const line of text.split("\n")) {
    const m = DEV_MCAST.exec(line);
    if (m !== null) rows.push({ ifindex: Number(m[1]), name: m[2]! });
  }
  return rows;
}
