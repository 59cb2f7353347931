/**
 * Parser for /proc/net/nr (NET/ROM sockets).
 *
 * Kernel format (nr_info_show): a header line, then per socket
 * `user dest source` as `%-9s ` columns, the device, `my/id your/id` in hex,
 * then st vs vr va, four `timer/limit` pairs, `n2count/n2`, window,
 * Snd-Q Rcv-Q inode.
 *
 * netstat cuts the three callsigns at columns 9, 19 and 29 and scans the rest
 * from column 30. Its buffer keeps stale bytes past a short line, and its
 * 16-byte device array lies right before the line buffer, so an overlong
 * device name runs into the user column: both are emulated (see _cbytes.ts).
 */
import type { NetromSocket } from "../model/legacy.ts";
import { cBlock, cStore, cString, trimSpaces } from "./_cbytes.ts";
import { compileScan, scan } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import type { Entry, Ordered } from "./issue.ts";

const NETROM_FORMAT = compileScan(
  "%s %*x/%*x %*x/%*x %d %d %d %*d %*d/%*d %*d/%*d %*d/%*d %*d/%*d %*d/%*d %*d %d %d %*d",
);

/** netstat's `fgets(buffer, 256, f)`. */
export const NETROM_LINE_BUFFER = 256;
/** Offsets in netstat's stack: `dev[16]`, then `buffer[256]` (measured on Debian's 2.10 binary). */
const DEV = 0;
const BUF = 16;

/** Parses the whole of /proc/net/nr; lines netstat cannot read become issues in place. */
export function parseNetNetrom(text: string): Ordered<NetromSocket> {
  const block = cBlock(BUF + NETROM_LINE_BUFFER);
  const lines = fgetsLines(text, NETROM_LINE_BUFFER);
  const entries: Entry<NetromSocket>[] = [];
  lines.forEach((line, i) => {
    cStore(block, BUF, line);
    if (i === 0) return;
    for (const cut of [9, 19, 29]) block[BUF + cut] = 0;
    const f = scan(cString(block, BUF + 30), NETROM_FORMAT);
    if (typeof f[0] === "string") cStore(block, DEV, f[0]);
    if (f.length !== 6) {
      entries.push({ kind: "issue", issue: { line: i, text: line.replace(/\n$/, ""), reason: `expected 6 fields, got ${f.length}` } });
      return;
    }
    const n = f as [string, number, number, number, number, number];
    entries.push({
      kind: "record",
      record: {
        kind: "netrom",
        user: trimSpaces(cString(block, BUF)),
        destination: trimSpaces(cString(block, BUF + 10)),
        source: trimSpaces(cString(block, BUF + 20)),
        device: cString(block, DEV),
        state: n[1],
        vs: n[2],
        vr: n[3],
        sendQueue: n[4],
        recvQueue: n[5],
      },
    });
  });
  return { entries };
}
