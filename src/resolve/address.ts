/**
 * Numeric address text handling shared by the resolvers: parsing as
 * `inet_pton` does and canonical (inet_ntop) forms for table keys.
 */
import { formatIpv4, formatIpv6 } from "../proc/hex-address.ts";

/** Parses a strict dotted quad (`inet_pton(AF_INET)`); undefined if invalid. */
export function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i]!;
    if (!/^(0|[1-9][0-9]{0,2})$/.test(p) || Number(p) > 255) return undefined;
    bytes[i] = Number(p);
  }
  return bytes;
}

/** Parses IPv6 text (`inet_pton(AF_INET6)`), including a trailing dotted quad; undefined if invalid. */
export function parseIpv6(text: string): Uint8Array | undefined {
  let head = text;
  let tail: Uint8Array | undefined;
  const lastColon = text.lastIndexOf(":");
  if (text.includes(".")) {
    tail = parseIpv4(text.slice(lastColon + 1));
    if (tail === undefined) return undefined;
    head = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const toWords = (s: string): number[] | undefined => {
    if (s === "") return [];
    const words: number[] = [];
    for (const w of s.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(w)) return undefined;
      words.push(Number.parseInt(w, 16));
    }
    return words;
  };
  const left = toWords(halves[0]!);
  const right = halves.length === 2 ? toWords(halves[1]!) : [];
  if (left === undefined || right === undefined) return undefined;
  const fill = 8 - left.length - right.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const words = [...left, ...new Array<number>(fill).fill(0), ...right];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[i * 2] = w >> 8;
    bytes[i * 2 + 1] = w & 0xff;
  });
  if (tail !== undefined) bytes.set(tail, 12);
  return bytes;
}

/** Canonical text of an IPv4 or IPv6 address, or undefined if it is neither. */
export function canonicalAddress(text: string): string | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return formatIpv4(v4);
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : formatIpv6(v6);
}

/** The reverse-lookup (PTR) name of an address in canonical text. */
export function ptrName(address: string): string | undefined {
  const v4 = parseIpv4(address);
  if (v4 !== undefined) return `${[...v4].reverse().join(".")}.in-addr.arpa`;
  const v6 = parseIpv6(address);
  if (v6 === undefined) return undefined;
  // glibc's DNS backend asks in-addr.arpa for IPv4-mapped and IPv4-compatible addresses.
  const prefix = v6.subarray(0, 12);
  const mapped = prefix.every((b, i) => (i < 10 ? b === 0 : b === 0xff));
  const compatible = prefix.every((b) => b === 0);
  if (mapped || compatible) return `${[...v6.subarray(12)].reverse().join(".")}.in-addr.arpa`;
  const nibbles: string[] = [];
  for (const b of v6) nibbles.push((b >> 4).toString(16), (b & 0xf).toString(16));
  return `${nibbles.reverse().join(".")}.ip6.arpa`;
}
