/**
 * Parser for /proc/net/rose.
 *
 * Kernel format (rose_info_show): a header line, then per socket
 * `%-10s %-9s ` (destination address and callsign), `%-10s %-9s %-5s` (source
 * address, callsign, device), the LCI as `%3.3X`, the neighbour as `%05d`,
 * then st vs vr va, timers, Snd-Q Rcv-Q inode.
 *
 * netstat scans eight words into small arrays: `dest_addr[10]` and
 * `src_addr[10]` are one byte short for the kernel's ten-digit addresses, so
 * the terminating NUL lands in the next array. Debian's 2.10 binary lays them
 * out as dev[6], src_call[9], dest_call[9], src_addr[10], dest_addr[10]
 * (measured), which empties the destination address of every kernel row;
 * that layout is emulated. Bytes past the last array are undefined in C and
 * are treated as spare room here.
 */
import type { RoseSocket } from "../model/legacy.ts";
import { cBlock, cStore, cString } from "./_cbytes.ts";
import { compileScan, scan } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import type { Entry, Ordered } from "./issue.ts";

const ROSE_FORMAT = compileScan("%s %s %s %s %s %d %d %d");

/** netstat's `fgets(buffer, 256, f)`. */
export const ROSE_LINE_BUFFER = 256;

/** Offsets of netstat's arrays, in the order its sscanf fills them. */
const DEST_ADDR = 34;
const DEST_CALL = 15;
const SRC_ADDR = 24;
const SRC_CALL = 6;
const DEV = 0;
const FILL_ORDER = [DEST_ADDR, DEST_CALL, SRC_ADDR, SRC_CALL, DEV] as const;

/** Parses the whole of /proc/net/rose; lines netstat cannot read become issues in place. */
export function parseNetRose(text: string): Ordered<RoseSocket> {
  const block = cBlock(DEST_ADDR + ROSE_LINE_BUFFER);
  const lines = fgetsLines(text, ROSE_LINE_BUFFER);
  const entries: Entry<RoseSocket>[] = [];
  lines.forEach((line, i) => {
    if (i === 0) return;
    const f = scan(line, ROSE_FORMAT);
    FILL_ORDER.forEach((offset, k) => {
      const word = f[k];
      if (typeof word === "string") cStore(block, offset, word);
    });
    if (f.length !== 8) {
      entries.push({ kind: "issue", issue: { line: i, text: line.replace(/\n$/, ""), reason: `expected 8 fields, got ${f.length}` } });
      return;
    }
    const n = f as [string, string, string, string, string, number, number, number];
    entries.push({
      kind: "record",
      record: {
        kind: "rose",
        destinationAddress: cString(block, DEST_ADDR),
        destinationCall: cString(block, DEST_CALL),
        sourceAddress: cString(block, SRC_ADDR),
        sourceCall: cString(block, SRC_CALL),
        device: cString(block, DEV),
        lci: n[5],
        neighbour: n[6],
        state: n[7],
      },
    });
  });
  return { entries };
}
