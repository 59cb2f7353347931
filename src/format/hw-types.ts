/**
 * The hardware types netstat 2.10 names in `-ie`'s hardware line, by ARPHRD number (as a signed
 * 16-bit value): name, title and address printer. These are the types Debian's netstat is built
 * with; Token Ring, STRIP and InfiniBand are not among them, so they show as `unspec` like every
 * other number netstat does not know.
 */
import type { InterfaceStats } from "../model/interface.ts";
import {
  arcnetAddress,
  ashAddress,
  callsignAddress,
  dlciAddress,
  emptyAddress,
  etherAddress,
  eui64Address,
  fddiAddress,
  hippiAddress,
  irdaAddress,
  roseAddress,
  unspecAddress,
  x25Address,
  type AddressPrinter,
} from "./hw-address.ts";

/** One hardware type netstat knows; `print` is null when netstat prints the name alone. */
export interface HardwareType {
  readonly type: number;
  readonly name: string;
  readonly title: string;
  readonly print: AddressPrinter | null;
}

const UNSPEC: HardwareType = { type: -1, name: "unspec", title: "UNSPEC", print: unspecAddress };

/** Every type, in netstat's own search order. */
export const HARDWARE_TYPES: readonly HardwareType[] = [
  { type: 772, name: "loop", title: "Local Loopback", print: null },
  { type: 256, name: "slip", title: "Serial Line IP", print: null },
  { type: 257, name: "cslip", title: "VJ Serial Line IP", print: null },
  { type: 258, name: "slip6", title: "6-bit Serial Line IP", print: null },
  { type: 259, name: "cslip6", title: "VJ 6-bit Serial Line IP", print: null },
  { type: 264, name: "adaptive", title: "Adaptive Serial Line IP", print: null },
  { type: 781, name: "ash", title: "Ash", print: ashAddress },
  { type: 1, name: "ether", title: "Ethernet", print: etherAddress },
  { type: 3, name: "ax25", title: "AMPR AX.25", print: callsignAddress },
  { type: 0, name: "netrom", title: "AMPR NET/ROM", print: callsignAddress },
  { type: 270, name: "rose", title: "AMPR ROSE", print: roseAddress },
  { type: 768, name: "tunnel", title: "IPIP Tunnel", print: emptyAddress },
  { type: 512, name: "ppp", title: "Point-to-Point Protocol", print: null },
  { type: 513, name: "hdlc", title: "(Cisco)-HDLC", print: null },
  { type: 516, name: "lapb", title: "LAPB", print: null },
  { type: 7, name: "arcnet", title: "ARCnet", print: arcnetAddress },
  { type: 15, name: "dlci", title: "Frame Relay DLCI", print: dlciAddress },
  { type: 770, name: "frad", title: "Frame Relay Access Device", print: null },
  { type: 776, name: "sit", title: "IPv6-in-IPv4", print: null },
  { type: 774, name: "fddi", title: "Fiber Distributed Data Interface", print: fddiAddress },
  { type: 780, name: "hippi", title: "HIPPI", print: hippiAddress },
  { type: 783, name: "irda", title: "IrLAP", print: irdaAddress },
  { type: 782, name: "ec", title: "Econet", print: null },
  { type: 271, name: "x25", title: "generic X.25", print: x25Address },
  { type: 27, name: "eui64", title: "Generic EUI-64", print: eui64Address },
  UNSPEC,
];

const BY_NUMBER: ReadonlyMap<number, HardwareType> = new Map(HARDWARE_TYPES.map((t) => [t.type, t]));

/** The type for an ARPHRD number (signed 16-bit); netstat falls back to `unspec`. */
export function hardwareType(type: number): HardwareType {
  return BY_NUMBER.get(type) ?? UNSPEC;
}

function littleEndian64(n: bigint): number[] {
  return Array.from({ length: 8 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn));
}

/**
 * The 64 bytes a printer may read: netstat's 32-byte address buffer (the kernel's first 8 bytes,
 * then zeros), then what follows it in netstat's interface record on x86-64 — a 4-byte "counters
 * read" flag, 4 bytes of padding, and the RX packets, TX packets and RX bytes counters. Only Ash
 * reads that far.
 */
export function hardwareMemory(address: readonly number[], stats: InterfaceStats | undefined): number[] {
  const buffer = Array.from({ length: 32 }, (_, i) => (i < 8 ? (address[i] ?? 0) & 0xff : 0));
  if (stats === undefined) return [...buffer, ...new Array<number>(32).fill(0)];
  return [
    ...buffer,
    ...[1, 0, 0, 0, 0, 0, 0, 0],
    ...littleEndian64(stats.rxPackets),
    ...littleEndian64(stats.txPackets),
    ...littleEndian64(stats.rxBytes),
  ];
}

/** The address text after the type name, or undefined when netstat prints the name alone. */
export function hardwareAddressText(
  type: HardwareType,
  address: readonly number[],
  stats?: InterfaceStats,
): string | undefined {
  return type.print === null ? undefined : type.print(hardwareMemory(address, stats));
}
