/**
 * The legacy-family sections of netstat's socket listing (IPX, AX.25, X.25,
 * NET/ROM, ROSE), byte for byte as net-tools 2.10 prints them, with
 * terminal-safe text columns.
 */
import type { Ax25Socket, IpxAddress, IpxSocket, NetromSocket, RoseSocket, X25Socket } from "../model/legacy.ts";
import { ipxAddressText, ipxShownPort } from "../proc/net-ipx.ts";
import type { Names } from "../resolve/names.ts";
import { left, right } from "./_printf.ts";
import { terminalSafe } from "./terminal-safe.ts";

/**
 * State names by number. netstat indexes a C array with the kernel's number;
 * a number past its end reads unrelated memory (ROSE states 4 and 5 do), and
 * is shown here as UNKNOWN.
 */
const AX25_STATES = ["LISTENING", "SABM SENT", "DISC SENT", "ESTABLISHED", "RECOVERY"] as const;
const NETROM_STATES = ["LISTENING", "CONN SENT", "DISC SENT", "ESTABLISHED"] as const;
const ROSE_STATES = NETROM_STATES;
const X25_STATES = ["LISTENING", "SABM_SENT", "DISC_SENT", "ESTABLISHED", "RECOVERY"] as const;
const IPX_STATES: Readonly<Record<number, string>> = { 1: "ESTAB", 7: "" };

function stateName(names: readonly string[], state: number): string {
  return names[state] ?? "UNKNOWN";
}

/** `%0Nd`: zero-padded to `width`, the sign counted in. */
function zeroPad(value: number, width: number): string {
  const digits = String(Math.abs(value));
  const sign = value < 0 ? "-" : "";
  return sign + digits.padStart(width - sign.length, "0");
}

const safe = terminalSafe;

/** `Active IPX sockets` and its column header; `extend` is netstat's -e count plus one. */
export function ipxHeader(extend: number): string {
  const user = extend > 1 ? " User" : "";
  return `Active IPX sockets\nProto Recv-Q Send-Q Local Address              Foreign Address            State${user}\n`;
}

function ipxColumn(address: IpxAddress): string {
  return `${ipxAddressText(address)}:${ipxShownPort(address.port).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** One IPX row; with -e the user name (or the uid with --numeric-users or when unknown). */
export function ipxRow(socket: IpxSocket, options: { readonly extend: number; readonly numericUsers: boolean }, names: Names): string {
  const remote = socket.remote === null ? "-" : ipxColumn(socket.remote);
  const state = IPX_STATES[socket.state] ?? "UNK.";
  let row = `IPX   ${right(socket.txQueue, 6)} ${right(socket.rxQueue, 6)} ${left(ipxColumn(socket.local), 26)} ${left(remote, 26)} ${left(state, 5)}`;
  if (options.extend > 1) {
    const user = options.numericUsers ? undefined : names.user(socket.uid);
    row += ` ${left(user === undefined ? String(socket.uid | 0) : safe(user), 10)}`;
  }
  return `${row}\n`;
}

/** `Active AX.25 sockets` and its column header. */
export const AX25_HEADER = "Active AX.25 sockets\nDest       Source     Device  State        Vr/Vs    Send-Q  Recv-Q\n";

/** One AX.25 row. */
export function ax25Row(s: Ax25Socket): string {
  return `${left(safe(s.destination), 9)}  ${left(safe(s.source), 9)}  ${left(safe(s.device), 6)}  ${left(stateName(AX25_STATES, s.state), 11)}  ${zeroPad(s.vr, 3)}/${zeroPad(s.vs, 3)}  ${left(String(s.sendQueue), 6)}  ${left(String(s.recvQueue), 6)}\n`;
}

/** `Active X.25 sockets` and its column header. */
export const X25_HEADER = "Active X.25 sockets\nDest         Source          Device  LCI  State        Vr/Vs  Send-Q  Recv-Q\n";

/** One X.25 row. */
export function x25Row(s: X25Socket): string {
  return `${left(safe(s.destination), 15)} ${left(safe(s.source), 15)} ${left(safe(s.device), 7)} ${left(String(s.lci), 3)}  ${left(stateName(X25_STATES, s.state), 11)}  ${zeroPad(s.vr, 2)}/${zeroPad(s.vs, 2)}  ${left(String(s.sendQueue), 6)}  ${left(String(s.recvQueue), 6)}\n`;
}

/** `Active NET/ROM sockets` and its column header. */
export const NETROM_HEADER = "Active NET/ROM sockets\nUser       Dest       Source     Device  State        Vr/Vs    Send-Q  Recv-Q\n";

/** One NET/ROM row. */
export function netromRow(s: NetromSocket): string {
  return `${left(safe(s.user), 9)}  ${left(safe(s.destination), 9)}  ${left(safe(s.source), 9)}  ${left(safe(s.device), 6)}  ${left(stateName(NETROM_STATES, s.state), 11)}  ${zeroPad(s.vr, 3)}/${zeroPad(s.vs, 3)}  ${left(String(s.sendQueue), 6)}  ${left(String(s.recvQueue), 6)}\n`;
}

/** `Active ROSE sockets` and its column header. */
export const ROSE_HEADER = "Active ROSE sockets\ndest_addr   dest_call  src_addr    src_call  dev   lci neigh   state\n";

/** One ROSE row. */
export function roseRow(s: RoseSocket): string {
  return `${left(safe(s.destinationAddress), 10)}  ${left(safe(s.destinationCall), 9)}  ${left(safe(s.sourceAddress), 10)}  ${left(safe(s.sourceCall), 9)} ${left(safe(s.device), 5)} ${right(s.lci, 3)} ${right(s.neighbour, 5)}   ${stateName(ROSE_STATES, s.state)}\n`;
}

/** netstat's line for a row it could not read, on stdout between the rows. */
export function problemLine(path: string, word: "Problem" | "problem" = "Problem"): string {
  return `${word} reading data from ${path}\n`;
}
