/**
 * Decoding of the hex addresses in /proc/net/{tcp,udp,raw}[6] and friends.
 *
 * The kernel prints an IPv4 address as `%08X` of the 32-bit value in host
 * order, and an IPv6 address as four such words. On little-endian machines
 * `0100007F` is therefore 127.0.0.1.
 */

/** Address family of a decoded address. */
export type AddressFamily = "inet" | "inet6";

/** Reads up to 8 hex digits as sscanf `%08X` would; undefined if none. */
function hexWord(hex: string, from: number): number | undefined {
  const part = hex.slice(from, from + 8);
  if (part.length === 0) return undefined;
  return Number.parseInt(part, 16) >>> 0;
}

/** Bytes of a 32-bit word as it lies in little-endian memory. */
function wordBytes(word: number): number[] {
  return [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, (word >>> 24) & 0xff];
}

/** Decodes a kernel IPv4 hex word (`0100007F`) to its four address bytes. */
export function decodeHexIpv4(hex: string): Uint8Array {
  const digits = /^[0-9A-Fa-f]+/.exec(hex)?.[0] ?? "";
  // sscanf("%X") saturates like strtoul, then stores the low 32 bits.
  const max = (1n << 64n) - 1n;
  const wide = digits.length === 0 ? 0n : BigInt(`0x${digits}`);
  const value = Number(BigInt.asUintN(32, wide > max ? max : wide));
  return Uint8Array.from(wordBytes(value));
}

/** Decodes 32 kernel hex digits (four host-order words) to the 16 IPv6 address bytes. */
export function decodeHexIpv6(hex: string): Uint8Array {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) {
    const word = hexWord(hex, w * 8);
    bytes.push(...wordBytes(word ?? 0));
  }
  return Uint8Array.from(bytes);
}

/** Formats four bytes as a dotted quad, as `inet_ntoa` does. */
export function formatIpv4(bytes: Uint8Array): string {
  return `${bytes[0]}.${bytes[1]}.${bytes[2]}.${bytes[3]}`;
}

/** Formats 16 bytes as glibc `inet_ntop(AF_INET6)` does, including its `::a.b.c.d` forms. */
export function formatIpv6(bytes: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 16; i += 2) words.push((bytes[i]! << 8) | bytes[i + 1]!);
  // Longest run of zero words (first one wins a tie), compressed if at least two long.
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (words[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else {
        curLen++;
      }
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
    } else {
      curBase = -1;
      curLen = 0;
    }
  }
  if (bestLen < 2) bestBase = -1;
  let out = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ":";
      continue;
    }
    if (i !== 0) out += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && words[5] === 0xffff))) {
      out += formatIpv4(bytes.subarray(12, 16));
      break;
    }
    out += words[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ":";
  return out;
}

/**
 * Decodes a kernel hex address to numeric text. Like netstat, the family is
 * chosen by length: more than 8 hex digits is IPv6.
 */
export function decodeHexAddress(hex: string): { readonly family: AddressFamily; readonly address: string } {
  return hex.length > 8
    ? { family: "inet6", address: formatIpv6(decodeHexIpv6(hex)) }
    : { family: "inet", address: formatIpv4(decodeHexIpv4(hex)) };
}
