/**
 * The UNIX section of netstat's socket listing, byte for byte as net-tools
 * 2.10 prints it (with terminal-safe paths and program names).
 */
import type { OwnerLookup } from "../model/owner.ts";
import type { UnixSocket } from "../model/socket.ts";
import { left, unsignedLong } from "./_printf.ts";
import { listingScope, programLabel } from "./netstat-inet.ts";
import { terminalSafe } from "./terminal-safe.ts";

/** The choices that shape the UNIX section. */
export interface UnixTextOptions {
  readonly all: boolean;
  readonly listening: boolean;
  readonly programs: boolean;
}

const ACCEPTCON = 0x10000;
const WAITDATA = 0x20000;
const NOSPACE = 0x40000;
const SS_UNCONNECTED = 1;

const TYPES: Readonly<Record<number, string>> = { 1: "STREAM", 2: "DGRAM", 3: "RAW", 4: "RDM", 5: "SEQPACKET" };
const STATES: Readonly<Record<number, string>> = { 0: "FREE", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING" };
const FLAG_NAMES: readonly (readonly [number, string])[] = [
  [ACCEPTCON, "ACC "],
  [WAITDATA, "W "],
  [NOSPACE, "N "],
];

/** The type column, e.g. `STREAM`. */
export function unixTypeName(type: number): string {
  return TYPES[type] ?? "UNKNOWN";
}

/** The state column: LISTENING or blank for unconnected sockets, by the accept flag. */
export function unixStateName(socket: Pick<UnixSocket, "state" | "flags">): string {
  if (socket.state === SS_UNCONNECTED) return (socket.flags & ACCEPTCON) !== 0 ? "LISTENING" : "";
  return STATES[socket.state] ?? "UNKNOWN";
}

/** The flags column, e.g. `[ ACC ]`. */
export function unixFlagsText(flags: number): string {
  let out = "[ ";
  for (const [bit, name] of FLAG_NAMES) if ((flags & bit) !== 0) out += name;
  return `${out}]`;
}

/** `Active UNIX domain sockets ...` and the column header, each ending in a newline. */
export function unixHeader(options: UnixTextOptions): string {
  const program = options.programs ? ` ${left("PID/Program name", 20)}` : "";
  return `Active UNIX domain sockets ${listingScope(options)}\nProto RefCnt Flags       Type       State         I-Node  ${program} Path\n`;
}

/** One unix socket row, newline included. */
export function unixRow(socket: UnixSocket, options: UnixTextOptions, processes: OwnerLookup): string {
  const proto = socket.protocol === 0 ? "unix" : "??";
  let out = `${left(proto, 5)} ${left(String(socket.refCount), 6)} ${left(unixFlagsText(socket.flags), 11)} `;
  out += `${left(unixTypeName(socket.type), 10)} ${left(unixStateName(socket), 13)} `;
  out += socket.inode === null ? "-       " : left(unsignedLong(socket.inode), 8);
  if (options.programs) out += ` ${left(socket.inode === null ? "-" : programLabel(processes(socket.inode)), 20)}`;
  return `${out} ${terminalSafe(socket.path)}\n`;
}
