/**
 * Parser for /proc/net/unix.
 *
 * Kernel format: a header line, then
 * `Num: RefCount Protocol Flags Type St Inode Path` per socket, all hex but
 * the decimal inode. Old kernels print no Inode column; the header tells.
 */
import type { UnixSocket } from "../model/socket.ts";
import { compileScan, scan, type ScanFormat } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import { parseRows, type Parsed } from "./issue.ts";

const UNIX_SCAN = "%p: %lX %lX %lX %X %X %lu %s";
// Compiled on first use, so that start-up does not pay for it.
let unixFormat: ScanFormat | undefined;

/** Fields netstat needs before it prints a unix row. */
export const UNIX_MIN_FIELDS = 6;

/** Whether the header line announces an Inode column. */
export function unixHeaderHasInode(header: string): boolean {
  return header.includes("Inode");
}

/**
 * Parses one data line. The path is a whitespace-delimited word, as netstat
 * reads it. Returns the field count when there are too few fields.
 */
export function parseNetUnixLine(line: string, hasInode: boolean): UnixSocket | number {
  const f = scan(line, (unixFormat ??= compileScan(UNIX_SCAN)));
  if (f.length < UNIX_MIN_FIELDS) return f.length;
  const num = (i: number): number => (typeof f[i] === "number" ? (f[i] as number) : 0);
  const inode = num(6);
  return {
    kind: "unix",
    refCount: num(1),
    protocol: num(2),
    flags: num(3),
    type: num(4),
    state: num(5),
    inode: hasInode ? inode : null,
    // Without an Inode column netstat shows the number it scanned in the path's place.
    path: hasInode ? (typeof f[7] === "string" ? f[7] : "") : String(inode),
  };
}

/** Parses the whole of /proc/net/unix. */
export function parseNetUnix(text: string): Parsed<UnixSocket> {
  const lines = fgetsLines(text);
  const hasInode = unixHeaderHasInode(lines[0] ?? "");
  return parseRows<UnixSocket>(lines, (line) => {
    const parsed = parseNetUnixLine(line, hasInode);
    return typeof parsed === "number" ? { bogus: `expected at least ${UNIX_MIN_FIELDS} fields, got ${parsed}` } : parsed;
  });
}
