/**
 * The operand of ss's `src`, `dst`, `sport` and `dport` (iproute2's parse_hostcond):
 * `[FAMILY:]ADDR[/PREFIX][:PORT]`, `[V6]:PORT`, `*`, a port as a number or a service
 * name, addresses in iproute2's own IPv4 reading (`10.8` is 10.8.0.0, numbers in C's
 * bases) and a host name from the hosts database.
 */
import type { SsFamily, SsHostCond, SsPrefix } from "../model/ss-filter.ts";
import { parseIpv6 } from "../resolve/address.ts";

/** What an operand may need from the system: services, hosts, and which protocols' services count. */
export interface SsLookups {
  /** The port of a service name for `tcp` or `udp`, as getservbyname gives it. */
  readonly servicePort: (name: string, proto: "tcp" | "udp") => number | undefined;
  /** The addresses of a host name in one family, as gethostbyname2 gives them (none when unknown). */
  readonly hostAddresses: (name: string, family: "inet" | "inet6") => readonly Uint8Array[];
  /** The index of an interface name, or undefined when there is none. */
  readonly interfaceIndex: (name: string) => number | undefined;
  /** Which protocols' service names a port name is looked up in (ss's tcp and udp tables). */
  readonly protocols: { readonly tcp: boolean; readonly udp: boolean };
}

/** An operand that cannot be read, with why. */
export class SsOperandError extends SyntaxError {
  constructor(readonly token: string, why: string) {
    super(why);
  }
}

const FAMILY_PREFIXES: readonly (readonly [string, SsFamily])[] = [
  ["unix:", "unix"], ["link:", "link"], ["netlink:", "netlink"], ["vsock:", "vsock"], ["inet:", "inet"], ["inet6:", "inet6"],
];

const isSpace = (ch: string | undefined): boolean => ch !== undefined && " \t\n\v\f\r".includes(ch);

/** C's strtoul/strtol with base 0 over `text` from `from`: the value (sign applied) and where it stopped (`from` for no digits). */
export function cNumber(text: string, from = 0): { readonly value: number; readonly end: number } {
  let i = from;
  while (isSpace(text[i])) i++;
  const sign = text[i] === "-" ? -1 : 1;
  if (text[i] === "+" || text[i] === "-") i++;
  let base = 10;
  if (text[i] === "0" && (text[i + 1] === "x" || text[i + 1] === "X") && /[0-9a-fA-F]/.test(text[i + 2] ?? "")) {
    base = 16;
    i += 2;
  } else if (text[i] === "0") base = 8;
  const digits = base === 16 ? /[0-9a-fA-F]/ : base === 8 ? /[0-7]/ : /[0-9]/;
  const start = i;
  while (i < text.length && digits.test(text[i]!)) i++;
  if (i === start) return { value: 0, end: from };
  return { value: sign * Number.parseInt(text.slice(start, i), base), end: i };
}

/** iproute2's get_integer: the whole word as a C int in any base, or undefined. */
export function cInteger(word: string): number | undefined {
  const { value, end } = cNumber(word);
  if (word === "" || end !== word.length || value > 2147483647 || value < -2147483648) return undefined;
  return value;
}

/** iproute2's get_unsigned: the whole word as a C unsigned int in any base, or undefined. */
function cUnsigned(word: string): number | undefined {
  const { value, end } = cNumber(word);
  if (word === "" || end !== word.length || value > 4294967295) return undefined;
  // strtoul wraps a negative number to a huge one: only -0 stays in range.
  return value < 0 ? undefined : Math.abs(value);
}

/** iproute2's IPv4 reading: up to four numbers in C's bases, the missing ones 0 (`10.8` is 10.8.0.0). */
function ipv4(text: string): Uint8Array | undefined {
  const bytes = new Uint8Array(4);
  let at = 0;
  for (let i = 0; i < 4; i++) {
    const { value, end } = cNumber(text, at);
    if (end === at || value > 255 || value < 0) return undefined;
    bytes[i] = Math.abs(value);
    if (end === text.length) return bytes;
    if (i === 3 || text[end] !== ".") return undefined;
    at = end + 1;
  }
  return undefined;
}

/** The prefix length of a dotted netmask (ones, then zeros), or undefined (iproute2's mask2bits). */
function maskBits(text: string): number | undefined {
  const bytes = ipv4(text);
  if (bytes === undefined) return undefined;
  const mask = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
  const host = ~mask >>> 0;
  if ((host & (host + 1)) !== 0) return undefined;
  return mask === 0 ? 0 : 32 - Math.log2(host + 1);
}

/** iproute2's get_prefix_1: `ADDR[/LEN]` or `ADDR/MASK`, `any`, `all`, `default`; undefined when it is not one. */
function prefixOf(text: string, family: SsFamily | undefined): { readonly family: "inet" | "inet6" | undefined; readonly bits: number; readonly bytes: Uint8Array } | undefined {
  const slash = text.indexOf("/");
  const address = slash === -1 ? text : text.slice(0, slash);
  if (address === "default" || address === "all" || address === "any") {
    // A named family keeps its name (ss puts it in the kernel's condition); the length is 0.
    if (slash !== -1) return undefined;
    return { family: family === "inet" || family === "inet6" ? family : undefined, bits: 0, bytes: new Uint8Array(16) };
  }
  const v6 = address.includes(":");
  if (family !== undefined && family !== (v6 ? "inet6" : "inet")) return undefined;
  const bytes = v6 ? parseIpv6(address) : ipv4(address);
  if (bytes === undefined) return undefined;
  const full = v6 ? 128 : 32;
  if (slash === -1) return { family: v6 ? "inet6" : "inet", bits: full, bytes };
  const word = text.slice(slash + 1);
  const bits = cUnsigned(word) ?? maskBits(word);
  if (bits === undefined || bits > full) return undefined;
  return { family: v6 ? "inet6" : "inet", bits, bytes };
}

/** A port word: a number in any C base, or a service name of the protocols looked in. */
function portOf(word: string, lookups: SsLookups): number {
  const number = cInteger(word);
  if (number !== undefined) return number;
  const udp = lookups.protocols.udp ? lookups.servicePort(word, "udp") : undefined;
  const tcp = lookups.protocols.tcp ? lookups.servicePort(word, "tcp") : undefined;
  if (udp !== undefined && tcp !== undefined && udp !== tcp) throw new SsOperandError(word, `'${word}' names port ${tcp} for tcp and ${udp} for udp`);
  const port = udp ?? tcp;
  if (port === undefined || port <= 0) throw new SsOperandError(word, `'${word}' is not a port number or service name`);
  return port;
}

/** The host names' addresses as conditions, IPv4 first as gethostbyname2 asks for them. */
function hostPrefixes(name: string, family: SsFamily | undefined, lookups: SsLookups): SsPrefix[] {
  const families: readonly ("inet" | "inet6")[] = family === "inet6" ? ["inet6"] : family === "inet" ? ["inet"] : ["inet", "inet6"];
  return families.flatMap((f) => lookups.hostAddresses(name, f).map((bytes) => ({ family: f, bytes, bits: bytes.length * 8 })));
}

/**
 * One operand as ss reads it. `preferred` is the family in force (a named family, or the one
 * -4 or -6 chose); `isPort` for the operands of `sport` and `dport`, which are ports only.
 */
export function parseHostCond(token: string, isPort: boolean, preferred: SsFamily | undefined, lookups: SsLookups): SsHostCond {
  let text = token;
  let family = preferred;
  const named = FAMILY_PREFIXES.find(([prefix]) => text.startsWith(prefix));
  if (named !== undefined) {
    family = named[1];
    text = text.slice(named[0].length);
  }
  if (family === "unix") return { family, port: -1, prefixes: [], bits: 0, addressFamily: undefined, pattern: text };
  if (family === "link" || family === "netlink" || family === "vsock") {
    // No listing holds such sockets: the family alone decides (see SsFilter.family).
    return { family, port: -1, prefixes: [], bits: 0, addressFamily: undefined };
  }
  let address = text;
  let port: string | undefined;
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) throw new SsOperandError(token, `'${token}' has no ] after its address`);
    address = text.slice(1, close);
    port = text.slice(close + 1);
  } else if (text.startsWith("*")) {
    port = text.slice(1);
  } else {
    const slash = text.indexOf("/");
    const colon = text.lastIndexOf(":");
    if (colon !== -1 && colon > slash) {
      address = text.slice(0, colon);
      port = text.slice(colon);
    }
  }
  // A port operand is all port, whatever its colons.
  if (isPort) port = text.startsWith("[") ? address : text;
  let number = -1;
  if (port !== undefined && port !== "") {
    const word = port.startsWith(":") ? port.slice(1) : port;
    if (word !== "" && !word.startsWith("*")) number = portOf(word, lookups);
  }
  if (isPort || address === "" || address.startsWith("*")) return { family, port: number, prefixes: [], bits: 0, addressFamily: undefined };
  const prefix = prefixOf(address, family);
  if (prefix !== undefined) {
    const prefixes = prefix.family === undefined ? [] : [{ family: prefix.family, bytes: prefix.bytes, bits: prefix.bits }];
    return { family, port: number, prefixes, bits: prefix.bits, addressFamily: prefix.family };
  }
  const prefixes = address.includes("/") ? [] : hostPrefixes(address, family, lookups);
  if (prefixes.length === 0) throw new SsOperandError(token, `'${address}' is not an address, a prefix or a known host name`);
  return { family, port: number, prefixes, bits: prefixes[0]!.bits, addressFamily: prefixes[0]!.family };
}
