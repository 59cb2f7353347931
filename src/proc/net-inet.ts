/**
 * Parser for /proc/net/{tcp,tcp6,udp,udp6,udplite,udplite6,raw,raw6}.
 *
 * Kernel row format (the fields netstat reads):
 * `sl: local_hex:lport rem_hex:rport st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...`
 */
import type { InetLabel, InetProto, InetSocket } from "../model/socket.ts";
import { compileScan, scan, type ScanFormat } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import { decodeHexAddress, formatIpv4, formatIpv6, decodeHexIpv4, decodeHexIpv6 } from "./hex-address.ts";
import type { LineIssue, Parsed } from "./issue.ts";

const INET_SCAN = "%d: %64[0-9A-Fa-f]:%X %64[0-9A-Fa-f]:%X %X %lX:%lX %X:%lX %lX %d %d %lu %*s\n";
// Compiled on the first line that needs it: most runs never leave the fast path.
let inetFormat: ScanFormat | undefined;

/** Fields netstat needs before it prints a row: tcp needs through `retrnsmt`, the rest through `tm->when`. */
const MIN_FIELDS: Readonly<Record<InetProto, number>> = { tcp: 11, udp: 10, udplite: 10, raw: 10 };

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

// The well-formed kernel line, matched in one go; anything else takes the sscanf emulation.
const FAST_LINE =
  /^ *(\d{1,9}): ([0-9A-F]{8}|[0-9A-F]{32}):([0-9A-F]{4}) ([0-9A-F]{8}|[0-9A-F]{32}):([0-9A-F]{4}) ([0-9A-F]{2}) ([0-9A-F]{8}):([0-9A-F]{8}) ([0-9A-F]{2}):([0-9A-F]{8}) ([0-9A-F]{8}) +(\d{1,9}) +(\d{1,9}) (\d{1,15})[ \n]/;

function remoteWithFamily(hex: string, family: "inet" | "inet6"): string {
  return family === "inet6" ? formatIpv6(decodeHexIpv6(hex)) : formatIpv4(decodeHexIpv4(hex));
}

function fromFields(label: InetLabel, f: readonly (number | string | undefined)[]): InetSocket {
  const num = (i: number): number => (typeof f[i] === "number" ? (f[i] as number) : 0);
  const localHex = String(f[1] ?? "");
  const local = decodeHexAddress(localHex);
  return {
    kind: "inet",
    proto: LABEL_PROTO[label],
    label,
    family: local.family,
    localAddress: local.address,
    // netstat passes ports through htons(), keeping the low 16 bits.
    localPort: num(2) & 0xffff,
    remoteAddress: remoteWithFamily(String(f[3] ?? ""), local.family),
    remotePort: num(4) & 0xffff,
    state: num(5),
    txQueue: num(6),
    rxQueue: num(7),
    timerActive: num(8),
    timerTicks: num(9),
    retransmits: num(10),
    uid: num(11),
    timeout: num(12),
    inode: num(13),
  };
}

/**
 * Parses one data line (not the header). Returns the socket, or the number of
 * fields found when there are fewer than netstat requires.
 */
export function parseNetInetLine(line: string, label: InetLabel): InetSocket | number {
  const m = FAST_LINE.exec(line);
  if (m !== null) {
    const hex = (i: number): number => Number.parseInt(m[i]!, 16);
    return fromFields(label, [
      Number(m[1]),
      m[2],
      hex(3),
      m[4],
      hex(5),
      hex(6),
      hex(7),
      hex(8),
      hex(9),
      hex(10),
      hex(11),
      Number(m[12]),
      Number(m[13]),
      Number(m[14]),
    ]);
  }
  const fields = scan(line, (inetFormat ??= compileScan(INET_SCAN)));
  if (fields.length < MIN_FIELDS[LABEL_PROTO[label]]) return fields.length;
  return fromFields(label, fields);
}

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
interface AddressCache {
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
const COLON = 58;
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
function digitsEnd(text: string, at: number): number {
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
function spacesEnd(text: string, at: number): number {
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
function parseWellFormed(text: string, start: number, label: InetLabel, cache: AddressCache): InetSocket | undefined {
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

/**
 * The rows of one file's last reading, by their text after the `sl:` number (which shifts as
 * rows come and go and is not part of a record). `--watch` reads mostly unchanged tables; a row
 * seen last time is the same record object again, which spares parsing it and lets later
 * stages recognise it by identity.
 */
export interface InetRowMemo {
  rows: Map<string, InetSocket>;
}

/** An empty memo for {@linkcode parseNetInet}. */
export function createInetRowMemo(): InetRowMemo {
  return { rows: new Map() };
}

/** Where a row's text after its `sl:` number starts, or -1 when the line does not start that way. */
function afterSlot(line: string): number {
  const sl = spacesEnd(line, 0);
  const end = digitsEnd(line, sl);
  return end > sl && line.charCodeAt(end) === COLON ? end + 1 : -1;
}

/**
 * Parses data lines (fgets pieces after the header) of an inet socket file; `firstLine` is the
 * line number of the first of them, so that issues name their place in the whole file.
 * Well-formed rows take the fast path; anything else goes through the sscanf emulation.
 * With a `memo`, well-formed rows seen in its last reading are reused, and the memo then holds
 * this reading's rows.
 */
export function parseNetInetLines(lines: readonly string[], label: InetLabel, firstLine: number, memo?: InetRowMemo): Parsed<InetSocket> {
  const min = MIN_FIELDS[LABEL_PROTO[label]];
  const cache: AddressCache = { v4: new Map(), v6: new Map() };
  const records: InetSocket[] = [];
  const issues: LineIssue[] = [];
  const seen = memo === undefined ? undefined : new Map<string, InetSocket>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const at = seen === undefined || !line.endsWith("\n") ? -1 : afterSlot(line);
    const key = at === -1 ? undefined : line.slice(at);
    if (key !== undefined) {
      const known = memo!.rows.get(key);
      if (known !== undefined) {
        seen!.set(key, known);
        records.push(known);
        continue;
      }
    }
    const fast = line.endsWith("\n") ? parseWellFormed(line, 0, label, cache) : undefined;
    if (fast !== undefined) {
      if (key !== undefined) seen!.set(key, fast);
      records.push(fast);
      continue;
    }
    const parsed = parseNetInetLine(line, label);
    if (typeof parsed === "number") {
      issues.push({ line: firstLine + i, text: line.replace(/\n$/, ""), reason: `expected at least ${min} fields, got ${parsed}` });
    } else {
      records.push(parsed);
    }
  }
  if (memo !== undefined) memo.rows = seen!;
  return { records, issues };
}

/**
 * Parses a whole /proc/net inet socket file; `label` names the file (`tcp6` for /proc/net/tcp6).
 * A `memo` carries rows from one reading of the same file to the next (see {@linkcode InetRowMemo}).
 */
export function parseNetInet(text: string, label: InetLabel, memo?: InetRowMemo): Parsed<InetSocket> {
  return parseNetInetLines(fgetsLines(text).slice(1), label, 1, memo);
}
