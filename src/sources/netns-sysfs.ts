/**
 * The /sys of another network namespace, for `-i`: interface flags and MTU
 * come from ioctls or /sys/class/net, and both answer for the reader's own
 * namespace. A process of the namespace may have a sysfs of its own
 * (`ip netns exec` and container engines mount one) under /proc/PID/root/sys;
 * it is used only when it verifiably shows that namespace's interfaces.
 */
import { parseDevMcast, parseNetDev, type DevRow } from "../proc/net-dev.ts";
import { parseSysNumber } from "../proc/sys-net.ts";
import { createProcRoot, ProcReadError, type ProcRoot } from "./proc-root.ts";

/** A namespace's own /sys, or why none was found. */
export type NamespaceSysfs = { readonly sys: ProcRoot; readonly pid: number } | { readonly missing: string };

function devRows(net: ProcRoot, pid: number): readonly DevRow[] {
  return parseNetDev(net.readText(`${pid}/net/dev`));
}

function optional(read: () => string): string | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof ProcReadError) return undefined;
    throw error;
  }
}

/**
 * Whether `sys` shows the interfaces /proc/PID/net/dev lists: the same names, the same
 * interface indexes as /proc/PID/net/dev_mcast, and packet counters that lie between two
 * readings of /proc/PID/net/dev taken around the /sys reading.
 */
export function sysfsMatches(root: ProcRoot, pid: number, sys: ProcRoot): boolean {
  const before = devRows(root, pid);
  const inSys = new Map<string, number>();
  for (const name of sys.list("class/net")) {
    const index = parseSysNumber(optional(() => sys.readText(`class/net/${name}/ifindex`)) ?? "");
    if (index !== undefined) inSys.set(name, index);
  }
  const names = new Set(before.map((r) => r.name));
  if (names.size !== inSys.size || [...names].some((n) => !inSys.has(n))) return false;
  const mcast = parseDevMcast(optional(() => root.readText(`${pid}/net/dev_mcast`)) ?? "");
  if (mcast.some((row) => inSys.get(row.name) !== row.ifindex)) return false;
  const counter = (name: string, file: string): bigint | undefined => {
    const text = optional(() => sys.readText(`class/net/${name}/statistics/${file}`))?.trim();
    return text === undefined || !/^[0-9]+$/.test(text) ? undefined : BigInt(text);
  };
  const middle = new Map(before.map((r) => [r.name, { rx: counter(r.name, "rx_packets"), tx: counter(r.name, "tx_packets") }]));
  const after = new Map(devRows(root, pid).map((r) => [r.name, r.stats]));
  // netstat's reading of /proc/net/dev zeroes the counters of a 15-character name: not comparable.
  return before.every(({ name, stats }) => {
    if (name.length >= 15) return true;
    const seen = middle.get(name);
    const later = after.get(name);
    if (seen?.rx === undefined || seen.tx === undefined || later === undefined) return false;
    return stats.rxPackets <= seen.rx && seen.rx <= later.rxPackets && stats.txPackets <= seen.tx && seen.tx <= later.txPackets;
  });
}

/** The first of `pids` whose /proc/PID/root/sys is the namespace's own, checked with {@linkcode sysfsMatches}. */
export function namespaceSysfs(root: ProcRoot, pids: readonly number[]): NamespaceSysfs {
  for (const pid of pids) {
    const sys = createProcRoot(`${root.path}/${pid}/root/sys`);
    try {
      if (sysfsMatches(root, pid, sys)) return { sys, pid };
    } catch (error) {
      // A process that exits, or whose root is not ours to enter: try the next one.
      if (!(error instanceof ProcReadError)) throw error;
    }
  }
  return { missing: "none of its processes has a /sys mounted from inside it" };
}
