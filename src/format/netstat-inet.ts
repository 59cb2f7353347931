/**
 * The Internet section of netstat's socket listing: header and rows for
 * tcp, udp, udplite and raw, byte for byte as net-tools 2.10 prints them.
 */
import { TCP_STATE_NAMES } from "../model/filters.ts";
import type { InetSocket } from "../model/socket.ts";
import type { Names } from "../resolve/names.ts";
import type { OwnerLookup, ProcessRef } from "../model/owner.ts";
import { fixed2, left, right, unsignedLong } from "./_printf.ts";
import { endpointText, type AddressTextOptions } from "./netstat-address.ts";
import { terminalSafe } from "./terminal-safe.ts";

/** The listing choices that shape a row. */
export interface SocketTextOptions extends AddressTextOptions {
  readonly all: boolean;
  readonly listening: boolean;
  readonly numericUsers: boolean;
  /** netstat's flag_exp: 1 by default, 2 with `-e`. User and Inode columns from 2. */
  readonly extend: number;
  readonly programs: boolean;
  readonly timers: boolean;
}

/** netstat's TCP state name for a kernel state number (state 0 is netstat's empty name). */
export function tcpStateName(state: number): string {
  return state === 0 ? "" : (TCP_STATE_NAMES[state] ?? "UNKNOWN");
}

/** The UDP / UDP-Lite state column: 1 is ESTABLISHED, 7 (closed) is blank. */
export function udpStateName(state: number): string {
  return state === 1 ? "ESTABLISHED" : state === 7 ? "" : "UNKNOWN";
}

/** The "(servers and established)" / "(only servers)" / "(w/o servers)" suffix. */
export function listingScope(options: Pick<SocketTextOptions, "all" | "listening">): string {
  return options.all ? "(servers and established)" : options.listening ? "(only servers)" : "(w/o servers)";
}

/** `Active Internet connections ...` and the column header, each ending in a newline. */
export function inetHeader(options: SocketTextOptions): string {
  let columns = "Proto Recv-Q Send-Q Local Address           Foreign Address         State      ";
  if (options.extend > 1) columns += " User       Inode     ";
  if (options.programs) columns += ` ${left("PID/Program name", 20)}`;
  if (options.timers) columns += " Timer";
  return `Active Internet connections ${listingScope(options)}\n${columns}\n`;
}

const TCP_TIMERS: readonly string[] = ["off", "on", "keepalive", "timewait", "probe"];

/** The `-o` timer text. TCP counts kernel ticks at 100 per second, as do the others. */
export function timerText(socket: InetSocket): string {
  const { timerActive: run, retransmits, timeout } = socket;
  const seconds = fixed2(socket.timerTicks / 100);
  if (socket.proto === "tcp") {
    if (run === 0) return `off (0.00/${retransmits}/${timeout})`;
    const name = TCP_TIMERS[run] ?? `unkn-${run}`;
    return `${name} (${seconds}/${retransmits}/${timeout})`;
  }
  // netstat zeroes the retransmit count for udp and udplite, but not for raw.
  const retr = socket.proto === "raw" ? retransmits : 0;
  if (run === 0) return `off (0.00/${retr}/${timeout})`;
  if (run === 1 || run === 2) return `on${run} (${seconds}/${retr}/${timeout})`;
  return `unkn-${run} (${seconds}/${retr}/${timeout})`;
}

/** The user, inode, program, context and timer columns shared by every row (netstat's finish_this_one). */
export function rowTail(
  uid: number,
  inode: number,
  timers: string,
  options: SocketTextOptions,
  names: Names,
  processes: OwnerLookup,
): string {
  let out = "";
  if (options.extend > 1) {
    const user = options.numericUsers ? undefined : names.user(uid);
    out += user === undefined ? ` ${left(String(uid | 0), 10)} ` : ` ${left(terminalSafe(user), 10)} `;
    out += left(unsignedLong(inode), 10);
  }
  if (options.programs) out += ` ${left(programLabel(processes(inode)), 20)}`;
  if (options.timers) out += ` ${timers}`;
  return `${out}\n`;
}

/** `PID/Program name` as netstat shows it: at most 19 bytes, `-` when unknown. */
export function programLabel(ref: ProcessRef | undefined): string {
  return ref === undefined ? "-" : terminalSafe(`${ref.pid}/${ref.program}`.slice(0, 19));
}

/** One socket row, newline included. */
export function inetRow(socket: InetSocket, options: SocketTextOptions, names: Names, processes: OwnerLookup): string {
  const local = endpointText(socket.localAddress, socket.localPort, socket.family, socket.proto, options, names);
  const remote = endpointText(socket.remoteAddress, socket.remotePort, socket.family, socket.proto, options, names);
  const rx = right(socket.rxQueue, 6);
  const tx = right(socket.txQueue, 6);
  let head: string;
  switch (socket.proto) {
    case "tcp":
      head = `${left(socket.label, 4)}  ${rx} ${tx} ${left(local, 23)} ${left(remote, 23)} ${left(tcpStateName(socket.state), 11)}`;
      break;
    case "raw":
      head = `${left(socket.label, 4)}  ${rx} ${tx} ${left(local, 23)} ${left(remote, 23)} ${left(String(socket.state | 0), 11)}`;
      break;
    default:
      head = `${left(socket.label, 5)} ${rx} ${tx} ${left(local, 23)} ${left(remote, 23)} ${left(udpStateName(socket.state), 11)}`;
  }
  const timers = options.timers ? timerText(socket) : "";
  return head + rowTail(socket.uid, socket.inode, timers, options, names, processes);
}
