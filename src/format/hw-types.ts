/**
 * The hardware types netstat 2.10 names in `-ie`'s hardware line, by ARPHRD
 * number (as a signed 16-bit value): name, title and how the address prints.
 */

/** How a hardware address prints: 6 bytes in colon or dash hex, 16 bytes in dash hex, empty, or not at all. */
export type AddressStyle = "ether" | "fddi" | "hippi" | "unspec" | "empty" | "none";

/** One hardware type netstat knows. */
export interface HardwareType {
  readonly name: string;
  readonly title: string;
  readonly address: AddressStyle;
}

const UNSPEC: HardwareType = { name: "unspec", title: "UNSPEC", address: "unspec" };

/** The types this build of netstat has, keyed by ARPHRD number. */
const TYPES: ReadonlyMap<number, HardwareType> = new Map([
  [772, { name: "loop", title: "Local Loopback", address: "none" }],
  [256, { name: "slip", title: "Serial Line IP", address: "none" }],
  [257, { name: "cslip", title: "VJ Serial Line IP", address: "none" }],
  [258, { name: "slip6", title: "6-bit Serial Line IP", address: "none" }],
  [259, { name: "cslip6", title: "VJ 6-bit Serial Line IP", address: "none" }],
  [264, { name: "adaptive", title: "Adaptive Serial Line IP", address: "none" }],
  [1, { name: "ether", title: "Ethernet", address: "ether" }],
  [512, { name: "ppp", title: "Point-to-Point Protocol", address: "none" }],
  [768, { name: "tunnel", title: "IPIP Tunnel", address: "empty" }],
  [776, { name: "sit", title: "IPv6-in-IPv4", address: "none" }],
  [774, { name: "fddi", title: "Fiber Distributed Data Interface", address: "fddi" }],
  [780, { name: "hippi", title: "HIPPI", address: "hippi" }],
]);

/** The type for an ARPHRD number; netstat falls back to `unspec`. */
export function hardwareType(type: number): HardwareType {
  if (type === -1) return UNSPEC;
  return TYPES.get(type) ?? UNSPEC;
}

function hex2(n: number, upper: boolean): string {
  const s = (n & 0xff).toString(16).padStart(2, "0");
  return upper ? s.toUpperCase() : s;
}

/** The address text after the type name, or undefined when netstat prints the name alone. */
export function hardwareAddressText(type: HardwareType, bytes: readonly number[]): string | undefined {
  switch (type.address) {
    case "ether":
      return bytes.slice(0, 6).map((b) => hex2(b, false)).join(":");
    case "fddi":
      return bytes.slice(0, 6).map((b) => hex2(b, true)).join("-");
    case "hippi":
      return bytes.slice(0, 6).map((b) => hex2(b, true)).join(":");
    case "unspec":
      return Array.from({ length: 16 }, (_, i) => hex2(bytes[i] ?? 0, true)).join("-");
    case "empty":
      return "";
    case "none":
      return undefined;
  }
}
