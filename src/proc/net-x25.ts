/**
 * Parser for /proc/net/x25 as netstat reads it.
 *
 * Kernel format (x25_seq_socket_show, and the 2.4 file of the same name):
 * a header line, then per socket `%-10s %-10s %-5s %3.3X` (destination,
 * source, device, LCI in hex), st vs vr va, five timers, Snd-Q Rcv-Q inode.
 * Kernels since 2.6 make /proc/net/x25 a directory, which netstat opens and
 * reads nothing from.
 *
 * netstat cuts the destination at column 10 and the source at column 20 and
 * scans the rest from column 22 without checking how many fields it got: a
 * field it could not read keeps its value from the line before (the LCI is
 * read as decimal, so `00A` gives 0 and leaves the rest to the line before).
 * What a first line's missing fields would hold is undefined; here they are
 * zero and an empty device.
 */
import type { X25Socket } from "../model/legacy.ts";
import { cBlock, cStore, cString, trimSpaces } from "./_cbytes.ts";
import { compileScan, scan } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import type { Entry, Ordered } from "./issue.ts";

const X25_FORMAT = compileScan("%s %d %d %d %d %*d %*d %*d %*d %*d %*d %d %d %*d");

/** netstat's `fgets(buffer, 256, f)`. */
export const X25_LINE_BUFFER = 256;
/** Offsets in netstat's stack: `dev[16]`, then `buffer[256]`, as for NET/ROM. */
const DEV = 0;
const BUF = 16;

/** Parses the whole of /proc/net/x25; netstat finds no bad lines here, so every data line is a record. */
export function parseNetX25(text: string): Ordered<X25Socket> {
  const block = cBlock(BUF + X25_LINE_BUFFER);
  const lines = fgetsLines(text, X25_LINE_BUFFER);
  const entries: Entry<X25Socket>[] = [];
  // lci, st, vs, vr, sendq, recvq: function-scope variables in netstat.
  const kept = [0, 0, 0, 0, 0, 0];
  lines.forEach((line, i) => {
    cStore(block, BUF, line);
    if (i === 0) return;
    block[BUF + 10] = 0;
    block[BUF + 20] = 0;
    const f = scan(cString(block, BUF + 22), X25_FORMAT);
    if (typeof f[0] === "string") cStore(block, DEV, f[0]);
    f.slice(1).forEach((value, k) => {
      kept[k] = value as number;
    });
    const [lci, state, vs, vr, sendQueue, recvQueue] = kept as [number, number, number, number, number, number];
    entries.push({
      kind: "record",
      record: {
        kind: "x25",
        destination: trimSpaces(cString(block, BUF)),
        source: trimSpaces(cString(block, BUF + 11)),
        device: cString(block, DEV),
        lci,
        state,
        vs,
        vr,
        sendQueue,
        recvQueue,
      },
    });
  });
  return { entries };
}
