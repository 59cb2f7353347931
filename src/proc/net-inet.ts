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
import { COLON, digitsEnd, LABEL_PROTO, parseWellFormed, spacesEnd, type AddressCache } from "./_inet-row.ts";
import type { LineIssue, Parsed } from "./issue.ts";

const INET_SCAN = "%d: %64[0-9A-Fa-f]:%X %64[0-9A-Fa-f]:%X %X %lX:%lX %X:%lX %lX %d %d %lu %*s\n";
// Compiled on the first line that needs it: most runs never leave the fast path.
let inetFormat: ScanFormat | undefined;

/** Fields netstat needs before it prints a row: tcp needs through `retrnsmt`, the rest through `tm->when`. */
const MIN_FIELDS: Readonly<Record<InetProto, number>> = { tcp: 11, udp: 10, udplite: 10, raw: 10 };

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
