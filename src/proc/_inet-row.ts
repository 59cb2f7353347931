/**
 * The in-place reader of well-formed /proc/net inet rows: the kernel's
 * fixed-width layout checked and decoded character by character, with
 * addresses decoded once per distinct value. Anything else is left to the
 * sscanf emulation in net-inet.ts.
 */
import type { InetLabel, InetProto, InetSocket } from "../model/socket.ts";
import { decodeHexIpv4, decodeHexIpv6, formatIpv4, formatIpv6 } from "./hex-address.ts";

/** Which protocol a Proto label reads. */
export const LABEL_PROTO: Readonly<Record<InetLabel, InetProto>> = {
  tcp: "tcp",
  tcp6: "tcp",
  udp: "udp",
  udp6: "udp",
  udpl: "udplite",
  udpl6: "udplite",
  raw: "raw",
  raw6: "raw",
};

/** The value of an upper-case hex digit's character code (the kernel prints %X); -1 for anything else. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  return c >= 65 && c <= 70 ? c - 55 : -1;
}

/** `len` upper-case hex digits of `text` at `at` (already checked) as a number. */
function hexAt(text: string, at: number, len: number): number {
  let value = 0;
  for (let i = at; i < at + len; i++) value = value * 16 + hexValue(text.charCodeAt(i));
  return value;
}

/** Numeric address text per kernel hex, shared by every row of one file: IPv4 by word, IPv6 by text. */
export interface AddressCache {
  readonly v4: Map<number, string>;
  readonly v6: Map<string, string>;
}

function cachedAddress(cache: AddressCache, text: string, at: number, width: number): string {
  if (width === 8) {
    const word = hexAt(text, at, 8);
    let address = cache.v4.get(word);
    if (address === undefined) {
      address = formatIpv4(decodeHexIpv4(text.slice(at, at + 8)));
      cache.v4.set(word, address);
    }
    return address;
  }
  const hex = text.slice(at, at + width);
  let address = cache.v6.get(hex);
  if (address === undefined) {
    address = formatIpv6(decodeHexIpv6(hex));
    cache.v6.set(hex, address);
  }
  return address;
}

const SPACE = 32;
const NEWLINE = 10;
export const COLON = 58;
const HEX_SLOT = 72; // "H" in a layout stands for one upper-case hex digit

/** The fixed-width part of a well-formed row after `sl: `, per address width. */
const LAYOUT: Readonly<Record<8 | 32, string>> = {
  8: "HHHHHHHH:HHHH HHHHHHHH:HHHH HH HHHHHHHH:HHHHHHHH HH:HHHHHHHH HHHHHHHH ",
  32: "HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH:HHHH HHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH:HHHH HH HHHHHHHH:HHHHHHHH HH:HHHHHHHH HHHHHHHH ",
};

/** Whether `text` at `at` has the layout's hex digits and separators, one character each. */
function matchesLayout(text: string, at: number, layout: string): boolean {
  for (let k = 0; k < layout.length; k++) {
    const want = layout.charCodeAt(k);
    const c = text.charCodeAt(at + k);
    if (want === HEX_SLOT ? hexValue(c) < 0 : c !== want) return false;
  }
  return true;
}

/** Where the run of decimal digits starting at `at` ends. */
export function digitsEnd(text: string, at: number): number {
  let i = at;
  for (let c = text.charCodeAt(i); c >= 48 && c <= 57; c = text.charCodeAt(++i));
  return i;
}

/** The decimal value of `text` from `at` to `end` (at most 15 digits, so exact). */
function decimalAt(text: string, at: number, end: number): number {
  let value = 0;
  for (let i = at; i < end; i++) value = value * 10 + (text.charCodeAt(i) - 48);
  return value;
}

/** Past the spaces starting at `at`. */
export function spacesEnd(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === SPACE) i++;
  return i;
}

/**
 * The same lines FAST_LINE matches, read in place with small character loops
 * (small, so the JIT compiles them quickly in a short run): no regex, no line
 * copy, addresses decoded once per distinct value. Anything unusual, such as
 * a local and a remote address of different widths, returns undefined and
 * takes the general path.
 */
export function parseWellFormed(text: string, start: number, label: InetLabel, cache: AddressCache): InetSocket | undefined {
  const sl = spacesEnd(text, start);
  const slEnd = digitsEnd(text, sl);
  if (slEnd === sl || slEnd - sl > 9 || text.charCodeAt(slEnd) !== COLON || text.charCodeAt(slEnd + 1) !== SPACE) return undefined;
  const local = slEnd + 2;
  const width = text.charCodeAt(local + 8) === COLON ? 8 : text.charCodeAt(local + 32) === COLON ? 32 : 0;
  if (width === 0) return undefined;
  const layout = LAYOUT[width];
  if (!matchesLayout(text, local, layout)) return undefined;
  // uid and timeout: spaces, then 1 to 9 digits; inode: one space, 1 to 15 digits, then a space or newline.
  const uid = spacesEnd(text, local + layout.length);
  const uidEnd = digitsEnd(text, uid);
  const timeout = spacesEnd(text, uidEnd);
  const timeoutEnd = digitsEnd(text, timeout);
  const inode = timeoutEnd + 1;
  const inodeEnd = digitsEnd(text, inode);
  const after = text.charCodeAt(inodeEnd);
  if (
    uid === local + layout.length ||
    uidEnd === uid ||
    uidEnd - uid > 9 ||
    timeout === uidEnd ||
    timeoutEnd === timeout ||
    timeoutEnd - timeout > 9 ||
    text.charCodeAt(timeoutEnd) !== SPACE ||
    inodeEnd === inode ||
    inodeEnd - inode > 15 ||
    (after !== SPACE && after !== NEWLINE)
  ) {
    return undefined;
  }
  const remote = local + width + 6;
  const st = remote + width + 6;
  return {
    kind: "inet",
    proto: LABEL_PROTO[label],
    label,
    family: width === 8 ? "inet" : "inet6",
    localAddress: cachedAddress(cache, text, local, width),
    localPort: hexAt(text, local + width + 1, 4),
    remoteAddress: cachedAddress(cache, text, remote, width),
    remotePort: hexAt(text, remote + width + 1, 4),
    state: hexAt(text, st, 2),
    txQueue: hexAt(text, st + 3, 8),
    rxQueue: hexAt(text, st + 12, 8),
    timerActive: hexAt(text, st + 21, 2),
    timerTicks: hexAt(text, st + 24, 8),
    retransmits: hexAt(text, st + 33, 8),
    uid: decimalAt(text, uid, uidEnd),
    timeout: decimalAt(text, timeout, timeoutEnd),
    inode: decimalAt(text, inode, inodeEnd),
  };
}
