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
import type { LineIssue, Parsed } from "./issue.ts";

const UNIX_SCAN = "%p: %lX %lX %lX %X %X %lu %s";
// Compiled on first use, so that start-up does not pay for it.
let unixFormat: ScanFormat | undefined;

/** Fields netstat needs before it prints a unix row. */
export const UNIX_MIN_FIELDS = 6;

/** Whether the header line announces an Inode column. */
export function unixHeaderHasInode(header: string): boolean {
  // netstat's strstr sees a C string, which ends at the first NUL byte.
  const nul = header.indexOf("\0");
  return (nul === -1 ? header : header.slice(0, nul)).includes("Inode");
}

// The kernel's row, `%pK: %08X %08X %08X %04X %02X %5lu` then ` PATH` when bound; old kernels lack the inode.
const ROW_WITH_INODE = /^[0-9a-fA-F]+: [0-9A-Fa-f]+ [0-9A-Fa-f]+ [0-9A-Fa-f]+ [0-9A-Fa-f]+ [0-9A-Fa-f]+ +[0-9]+ (.*)$/s;
const ROW_WITHOUT_INODE = /^[0-9a-fA-F]+: [0-9A-Fa-f]+ [0-9A-Fa-f]+ [0-9A-Fa-f]+ [0-9A-Fa-f]+ [0-9A-Fa-f]+ (.*)$/s;

/** The whole path of a row as the kernel printed it (spaces included), or "" when unbound. */
function fullPathOf(line: string, hasInode: boolean): string {
  const m = (hasInode ? ROW_WITH_INODE : ROW_WITHOUT_INODE).exec(line.endsWith("\n") ? line.slice(0, -1) : line);
  return m?.[1] ?? "";
}

/**
 * Parses one data line. `path` is the first word of the path, as netstat
 * reads it; `fullPath` keeps all of it. Returns the field count when there
 * are too few fields.
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
    fullPath: fullPathOf(line, hasInode),
  };
}

/** Parses data lines of /proc/net/unix (after the header); `firstLine` numbers the first of them. */
export function parseNetUnixLines(lines: readonly string[], hasInode: boolean, firstLine: number): Parsed<UnixSocket> {
  const records: UnixSocket[] = [];
  const issues: LineIssue[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const parsed = parseNetUnixLine(line, hasInode);
    if (typeof parsed === "number") {
      issues.push({ line: firstLine + i, text: line.replace(/\n$/, ""), reason: `expected at least ${UNIX_MIN_FIELDS} fields, got ${parsed}` });
    } else {
      records.push(parsed);
    }
  }
  return { records, issues };
}

/** Parses the whole of /proc/net/unix. */
export function parseNetUnix(text: string): Parsed<UnixSocket> {
  const lines = fgetsLines(text);
  return parseNetUnixLines(lines.slice(1), unixHeaderHasInode(lines[0] ?? ""), 1);
}
