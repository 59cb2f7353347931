/**
 * netstat's `-i` text: the short table (one row per interface) and, with
 * `-e`, ifconfig-style blocks. Pure: interfaces in, text out.
 */
import { IFF, type Interface } from "../model/interface.ts";
import { hardwareAddressText, hardwareType } from "./hw-types.ts";
import { terminalSafe } from "./terminal-safe.ts";
import { left, right } from "./_printf.ts";

/** The title printed once per run. */
export const INTERFACES_TITLE = "Kernel Interface table\n";

/** The short table's column header, printed every pass. */
export const INTERFACES_HEADER =
  "Iface             MTU    RX-OK RX-ERR RX-DRP RX-OVR    TX-OK TX-ERR TX-DRP TX-OVR Flg\n";

/** The short table's flag letters, in netstat's order (P appears for PROMISC and for POINTOPOINT). */
const SHORT_FLAGS: readonly (readonly [number, string])[] = [
  [IFF.ALLMULTI, "A"],
  [IFF.BROADCAST, "B"],
  [IFF.DEBUG, "D"],
  [IFF.LOOPBACK, "L"],
  [IFF.MULTICAST, "M"],
  [IFF.DYNAMIC, "d"],
  [IFF.PROMISC, "P"],
  [IFF.NOTRAILERS, "N"],
  [IFF.NOARP, "O"],
  [IFF.POINTOPOINT, "P"],
  [IFF.SLAVE, "s"],
  [IFF.MASTER, "m"],
  [IFF.RUNNING, "R"],
  [IFF.UP, "U"],
];

/** The long block's flag names, in netstat's order. */
const LONG_FLAGS: readonly (readonly [number, string])[] = [
  [IFF.UP, "UP"],
  [IFF.BROADCAST, "BROADCAST"],
  [IFF.DEBUG, "DEBUG"],
  [IFF.LOOPBACK, "LOOPBACK"],
  [IFF.POINTOPOINT, "POINTOPOINT"],
  [IFF.NOTRAILERS, "NOTRAILERS"],
  [IFF.RUNNING, "RUNNING"],
  [IFF.NOARP, "NOARP"],
  [IFF.PROMISC, "PROMISC"],
  [IFF.ALLMULTI, "ALLMULTI"],
  [IFF.SLAVE, "SLAVE"],
  [IFF.MASTER, "MASTER"],
  [IFF.MULTICAST, "MULTICAST"],
  [IFF.DYNAMIC, "DYNAMIC"],
];

/** The short flag letters, or `[NO FLAGS]`. */
export function shortFlags(flags: number): string {
  if (flags === 0) return "[NO FLAGS]";
  return SHORT_FLAGS.filter(([bit]) => (flags & bit) !== 0)
    .map(([, letter]) => letter)
    .join("");
}

/** One row of the short table. */
export function interfaceRow(i: Interface): string {
  let text = `${left(terminalSafe(i.name.slice(0, 15)), 15)} ${right(i.mtu, 5)} `;
  const s = i.stats;
  if (s === undefined) {
    text += left("     - no statistics available -", 56);
  } else {
    text += `${right(String(s.rxPackets), 8)} ${right(String(s.rxErrors), 6)} ${right(String(s.rxDropped), 6)} ${left(String(s.rxFifo), 6)} `;
    text += `${right(String(s.txPackets), 8)} ${right(String(s.txErrors), 6)} ${right(String(s.txDropped), 6)} ${right(String(s.txFifo), 6)} `;
  }
  return `${text}${shortFlags(i.flags)}\n`;
}

/** The long block's flag names, in netstat's order. */
export function longFlagNames(flags: number): string[] {
  return LONG_FLAGS.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name);
}

/** `flags=N<UP,...>` as netstat builds it (flags 0 gives `flags=0<`). */
export function longFlags(flags: number): string {
  let text = `flags=${flags}<`;
  if (flags === 0) text += ">";
  for (const [bit, name] of LONG_FLAGS) if ((flags & bit) !== 0) text += `${name},`;
  return text.endsWith(",") ? `${text.slice(0, -1)}>` : text.slice(0, -1);
}

const UNITS: readonly (readonly [bigint, string])[] = [
  [1n << 60n, "EiB"],
  [1n << 50n, "PiB"],
  [1n << 40n, "TiB"],
  [1n << 30n, "GiB"],
  [1n << 20n, "MiB"],
  [1n << 10n, "KiB"],
];

const U64 = (1n << 64n) - 1n;

/** Bytes as netstat abbreviates them: `(726.0 B)`, `(1.5 KiB)`; a strict `>` picks the unit. */
export function byteUnits(bytes: bigint): string {
  let tenths = (bytes * 10n) & U64;
  let unit = "B";
  for (const [size, name] of UNITS) {
    if (bytes > size) {
      // netstat divides by a tenth of an EiB for EiB, and divides the tenths otherwise.
      tenths = name === "EiB" ? bytes / 115292150460684697n : tenths / size;
      unit = name;
      break;
    }
  }
  return `${tenths / 10n}.${tenths % 10n} ${unit}`;
}

/** The `<global>`-style scope text of `-ie`'s inet6 line (empty when no scope bit is known). */
export function scopeText(scope: number): string {
  let text = "<";
  let s = scope;
  if (s & 0x0080) {
    text += "compat,";
    s -= 0x0080;
  }
  if (s === 0) text += "global,";
  if (s & 0x0020) text += "link,";
  if (s & 0x0040) text += "site,";
  if (s & 0x0010) text += "host,";
  return text.endsWith(",") ? `${text.slice(0, -1)}>` : text.slice(0, -1);
}

/** One ifconfig-style block, ending with a blank line. */
export function interfaceBlock(i: Interface): string {
  let text = `${terminalSafe(i.name)}: ${longFlags(i.flags)}  mtu ${i.mtu}\n`;
  if (i.ipv4 !== undefined) {
    text += `        inet ${i.ipv4.address}  netmask ${i.ipv4.netmask}`;
    if (i.flags & IFF.BROADCAST) text += `  broadcast ${i.ipv4.broadcast}`;
    if (i.flags & IFF.POINTOPOINT) text += `  destination ${i.ipv4.destination}`;
    text += "\n";
  }
  for (const a of i.ipv6) {
    text += `        inet6 ${a.address}  prefixlen ${a.prefixLength}  scopeid 0x${a.scope.toString(16)}${scopeText(a.scope)}\n`;
  }
  const hw = hardwareType(i.hardwareType);
  // Callsigns and X.25 addresses are bytes the administrator set: shown terminal-safe (difference 2).
  const raw = hardwareAddressText(hw, i.hardwareAddress, i.stats);
  const address = raw === undefined ? undefined : terminalSafe(raw);
  text += address === undefined ? `        ${hw.name}` : `        ${hw.name} ${address}`;
  if (i.txQueueLength !== -1) text += `  txqueuelen ${i.txQueueLength}`;
  text += `  (${hw.title})\n`;
  const s = i.stats;
  if (s !== undefined) {
    const compressed = i.hardwareType === 257 || i.hardwareType === 259;
    text += `        RX packets ${s.rxPackets}  bytes ${s.rxBytes} (${byteUnits(s.rxBytes)})\n`;
    if (compressed) text += `        RX compressed:${s.rxCompressed}\n`;
    text += `        RX errors ${s.rxErrors}  dropped ${s.rxDropped}  overruns ${s.rxFifo}  frame ${s.rxFrame}\n`;
    text += `        TX packets ${s.txPackets}  bytes ${s.txBytes} (${byteUnits(s.txBytes)})\n`;
    if (compressed) text += `        TX compressed ${s.txCompressed}\n`;
    text += `        TX errors ${s.txErrors}  dropped ${s.txDropped} overruns ${s.txFifo}  carrier ${s.txCarrier}  collisions ${s.collisions}\n`;
  }
  const m = i.map;
  if (m.irq !== 0 || m.memStart !== 0n || m.dma !== 0 || m.baseAddress >= 0x100) {
    text += "        device ";
    if (m.irq !== 0) text += `interrupt ${m.irq}  `;
    if (m.baseAddress >= 0x100) text += `base 0x${m.baseAddress.toString(16)}  `;
    if (m.memStart !== 0n) text += `memory 0x${m.memStart.toString(16)}-${m.memEnd.toString(16)}  `;
    if (m.dma !== 0) text += `  dma 0x${m.dma.toString(16)}`;
    text += "\n";
  }
  return `${text}\n`;
}
