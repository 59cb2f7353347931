/**
 * The interface list netstat's `-i` walks: names from /proc/net/dev (with
 * counters) and from SIOCGIFCONF (alias labels), in nstrcmp order; per name
 * the ioctl data, or /sys attributes when ioctls are unavailable; IPv6
 * addresses from /proc/net/if_inet6.
 */
import type { Interface, InterfaceStats } from "../model/interface.ts";
import { insertInterfaceName } from "../proc/nstrcmp.ts";
import { parseIfInet6, parseNetDev, type IfInet6Row } from "../proc/net-dev.ts";
import { parseSysAddress, parseSysNumber, sysInterfaceFlags } from "../proc/sys-net.ts";
import { openInterfaceIoctls, type IfreqData, type InterfaceIoctls } from "./ifreq.ts";
import { ProcReadError, type ProcRoot } from "./proc-root.ts";

/** One step of the walk: an interface, or the name whose ioctl failed (netstat stops there). */
export type InterfaceEntry =
  | { readonly kind: "interface"; readonly value: Interface }
  | { readonly kind: "failure"; readonly name: string; readonly errno: string };

/** One pass's view of the interfaces, plus the warnings netstat would print. */
export interface InterfaceWalk {
  /** /proc/net/dev could not be read (errno name); netstat warns and goes on. */
  readonly devError?: string;
  /** Why ioctls are unavailable, when /sys stood in for them. */
  readonly ioctlsUnavailable?: string;
  readonly entries: readonly InterfaceEntry[];
}

function fromSys(sys: ProcRoot, name: string): IfreqData | { readonly errno: string } {
  const base = name.split(":")[0]!;
  const attr = (file: string): string => sys.readText(`class/net/${base}/${file}`);
  try {
    const flags = parseSysNumber(attr("flags")) ?? 0;
    let operstate = "";
    try {
      operstate = attr("operstate");
    } catch {
      // Older kernels lack operstate; treat the device as not running.
    }
    const type = parseSysNumber(attr("type")) ?? 0;
    const address = parseSysAddress(attr("address"));
    const qlen = parseSysNumber(attr("tx_queue_len"));
    return {
      flags: sysInterfaceFlags(flags, operstate),
      mtu: parseSysNumber(attr("mtu")) ?? 0,
      txQueueLength: qlen ?? -1,
      hardwareType: type >= 0x8000 ? type - 0x10000 : type,
      hardwareAddress: [...address.slice(0, 8), ...new Array<number>(16).fill(0)].slice(0, 16),
      map: { memStart: 0n, memEnd: 0n, baseAddress: 0, irq: 0, dma: 0 },
    };
  } catch (error) {
    if (error instanceof ProcReadError) return { errno: error.code === "ENOENT" ? "ENODEV" : error.code };
    throw error;
  }
}

function build(name: string, data: IfreqData, stats: InterfaceStats | undefined, ipv6: readonly IfInet6Row[]): Interface {
  const base: Interface = {
    kind: "interface",
    name,
    flags: data.flags,
    mtu: data.mtu,
    txQueueLength: data.txQueueLength,
    hardwareType: data.hardwareType,
    hardwareAddress: [...data.hardwareAddress],
    map: { ...data.map },
    ipv6: ipv6.filter((a) => a.device === name).map(({ address, prefixLength, scope }) => ({ address, prefixLength, scope })),
  };
  const withStats = stats === undefined ? base : { ...base, stats };
  return data.ipv4 === undefined ? withStats : { ...withStats, ipv4: { ...data.ipv4 } };
}

/**
 * Walks the interfaces once, as netstat does, stopping at the first name whose ioctl fails.
 * With `useIoctls` false (another namespace's interfaces), `sys` alone answers.
 */
export async function walkInterfaces(root: ProcRoot, sys: ProcRoot, only?: string, useIoctls = true): Promise<InterfaceWalk> {
  const names: string[] = [];
  const stats = new Map<string, InterfaceStats>();
  let devError: string | undefined;
  try {
    for (const row of parseNetDev(root.readText("net/dev"))) {
      insertInterfaceName(names, row.name);
      stats.set(row.name, row.stats);
    }
  } catch (error) {
    if (!(error instanceof ProcReadError)) throw error;
    devError = error.code;
  }
  const opened = useIoctls ? await openInterfaceIoctls() : { unavailable: "" };
  const ioctls: InterfaceIoctls | undefined = "unavailable" in opened ? undefined : opened;
  try {
    if (ioctls !== undefined) for (const name of ioctls.names()) insertInterfaceName(names, name);
    let ipv6: IfInet6Row[] = [];
    try {
      ipv6 = parseIfInet6(root.readText("net/if_inet6"));
    } catch (error) {
      if (!(error instanceof ProcReadError)) throw error;
    }
    const entries: InterfaceEntry[] = [];
    for (const name of names) {
      if (only !== undefined && name !== only) continue;
      const data = ioctls === undefined ? fromSys(sys, name) : ioctls.fetch(name);
      if ("errno" in data) {
        entries.push({ kind: "failure", name, errno: data.errno });
        break;
      }
      entries.push({ kind: "interface", value: build(name, data, stats.get(name), ipv6) });
    }
    const walk: InterfaceWalk = { entries };
    const withDev = devError === undefined ? walk : { ...walk, devError };
    return "unavailable" in opened && useIoctls ? { ...withDev, ioctlsUnavailable: opened.unavailable } : withDev;
  } finally {
    ioctls?.close();
  }
}

