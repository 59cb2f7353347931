/**
 * Parser for /proc/net/ax25.
 *
 * Kernel format since 2.1 (ax25_info_show): no header; per socket
 * `magic dev src[*] dest[,digi[*]...]` separated by single spaces, then
 * st vs vr va, t1 timer and limit, t2, t3, idle, n2count n2, rtt window
 * paclen, and Snd-Q Rcv-Q inode, or `* * *` when no socket owns the link.
 * Kernel 2.0 printed a header starting with `dest_addr`, fixed 10-column
 * callsigns and `timer/limit` pairs; netstat still reads that layout.
 *
 * netstat finds the four words by walking to each space, writing NULs into its
 * buffer, and strips digipeaters from the destination. A line with too few
 * spaces walks on into stale bytes of the buffer (emulated) and beyond it
 * (undefined in C; reported here as a line netstat cannot read).
 */
import type { Ax25Socket } from "../model/legacy.ts";
import { cBlock, cStore, cString, trimSpaces } from "./_cbytes.ts";
import { compileScan, scan } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import type { Entry, Ordered } from "./issue.ts";

const OLD_FORMAT = compileScan(
  "%s %d %d %d %*d %*d/%*d %*d/%*d %*d/%*d %*d/%*d %*d/%*d %*d %*d %*d %d %d %*d",
);
const NEW_FORMAT = compileScan("%d %d %d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %*d %d %d %*d");

/** netstat's `fgets(buffer, 256, f)`. */
export const AX25_LINE_BUFFER = 256;
/** Offsets in netstat's stack: `buf[16]` (the old layout's device), then `buffer[256]`. */
const DEV = 0;
const BUF = 16;
const SPACE = 0x20;
const COMMA = 0x2c;

/** Which layout the file has: netstat decides on its first line. */
export type Ax25Layout = "old" | "new";

/** The reason netstat prints for a line it cannot read; its two layouts word it differently. */
export const AX25_PROBLEM: Readonly<Record<Ax25Layout, "Problem" | "problem">> = { old: "Problem", new: "problem" };

type Outcome = Ax25Socket | string;

function oldLine(block: Uint8Array): Outcome {
  block[BUF + 9] = 0;
  block[BUF + 19] = 0;
  const f = scan(cString(block, BUF + 20), OLD_FORMAT);
  if (typeof f[0] === "string") cStore(block, DEV, f[0]);
  if (f.length !== 4 && f.length !== 6) return `expected 4 or 6 fields, got ${f.length}`;
  const n = f as [string, number, number, number, number?, number?];
  return record(trimSpaces(cString(block, BUF)), trimSpaces(cString(block, BUF + 10)), cString(block, DEV), n.slice(1) as number[]);
}

function newLine(block: Uint8Array): Outcome {
  let p = BUF;
  const toSpace = (): boolean => {
    while (p < block.length && block[p] !== SPACE) p++;
    return p < block.length;
  };
  const word = (): number | undefined => {
    if (!toSpace()) return undefined;
    block[p++] = 0;
    return p;
  };
  if (!toSpace()) return "no space after the magic number";
  const dev = ++p;
  const src = word();
  const dst = src === undefined ? undefined : word();
  const rest = dst === undefined ? undefined : word();
  if (src === undefined || dst === undefined || rest === undefined) return "fewer than four words";
  const f = scan(cString(block, rest), NEW_FORMAT);
  if (f.length !== 3 && f.length !== 5) return `expected 3 or 5 numbers, got ${f.length}`;
  let q = dst;
  while (q < block.length && block[q] !== 0 && block[q] !== COMMA) q++;
  if (q < block.length) block[q] = 0;
  return record(cString(block, dst), cString(block, src), cString(block, dev), f as number[]);
}

function record(destination: string, source: string, device: string, n: readonly number[]): Ax25Socket {
  return {
    kind: "ax25",
    destination,
    source,
    device,
    state: n[0] ?? 0,
    vs: n[1] ?? 0,
    vr: n[2] ?? 0,
    sendQueue: n[3] ?? 0,
    recvQueue: n[4] ?? 0,
  };
}

/** Parses the whole of /proc/net/ax25, in either layout; lines netstat cannot read become issues in place. */
export function parseNetAx25(text: string): Ordered<Ax25Socket> & { readonly layout: Ax25Layout } {
  const block = cBlock(BUF + AX25_LINE_BUFFER);
  const lines = fgetsLines(text, AX25_LINE_BUFFER);
  const layout: Ax25Layout = lines[0]?.startsWith("dest_addr") === true ? "old" : "new";
  const entries: Entry<Ax25Socket>[] = [];
  lines.forEach((line, i) => {
    cStore(block, BUF, line);
    if (layout === "old" && i === 0) return;
    const outcome = layout === "old" ? oldLine(block) : newLine(block);
    if (typeof outcome === "string") {
      entries.push({ kind: "issue", issue: { line: i, text: line.replace(/\n$/, ""), reason: outcome } });
    } else {
      entries.push({ kind: "record", record: outcome });
    }
  });
  return { entries, layout };
}
