/**
 * The kernel's socket-diag netlink messages for TCP and UDP
 * (`NETLINK_SOCK_DIAG`, struct inet_diag_msg): a dump's reply (to one of the
 * requests of inet-diag-request.ts) decoded into the same records
 * /proc/net/tcp, tcp6, udp and udp6 give, plus each socket's cookie, which
 * /proc does not show.
 *
 * A UDP reply carries exactly what a /proc row carries (no timers, so the
 * timer, retransmit and probe fields are 0 in both). A TCP reply carries it
 * in other units and with a few gaps, filled here as /proc would show them:
 * - timer expiry is in milliseconds; /proc prints clock ticks (1/100 s);
 * - the retransmit count comes only with the retransmit timer, and the probe
 *   count only with the keepalive and zero-window timers, unless the reply
 *   holds a tcp_info (`INET_DIAG_INFO`), which has both;
 * - a listener's write queue is its backlog limit; /proc shows its (empty)
 *   send queue;
 * - a pending connection (SYN_RECV request) has uid 0; /proc shows the uid
 *   of the listener it came to.
 */
import type { InetLabel, InetSocket } from "../model/socket.ts";
import { formatIpv4, formatIpv6 } from "./hex-address.ts";
import { diagAttributes, INET_DIAG, sameRateCounters, tcpInfoOf, tcpRateCountersOf } from "./tcp-info.ts";
import { sameWords, wordsOf } from "./message-words.ts";
import { INET_DIAG_INFO, NLMSG_HEADER, SOCK_DIAG_BY_FAMILY, TCPDIAG_GETSOCK } from "./inet-diag-request.ts";

export { inetDiagRequest, tcpDiagRequestBoth } from "./inet-diag-request.ts";

/** Address families of the tables. */
export const AF_INET = 2;
export const AF_INET6 = 10;
/** IP protocols a dump asks for. */
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** The /proc tables a socket-diag dump stands in for (UDP-Lite and raw sockets are read from /proc). */
export type DiagLabel = "tcp" | "tcp6" | "udp" | "udp6";

/** Each table's address family, IP protocol and record `proto`. */
export const DIAG_TABLES: Readonly<Record<DiagLabel, { readonly family: number; readonly protocol: number; readonly proto: "tcp" | "udp" }>> = {
  tcp: { family: AF_INET, protocol: IPPROTO_TCP, proto: "tcp" },
  tcp6: { family: AF_INET6, protocol: IPPROTO_TCP, proto: "tcp" },
  udp: { family: AF_INET, protocol: IPPROTO_UDP, proto: "udp" },
  udp6: { family: AF_INET6, protocol: IPPROTO_UDP, proto: "udp" },
};

/** Whether a /proc table's label has a socket-diag dump. */
export function isDiagLabel(label: InetLabel): label is DiagLabel {
  return Object.hasOwn(DIAG_TABLES, label);
}

const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;
const INET_DIAG_MSG = 72;
const TCP_SYN_RECV = 3;
/** The kernel's number of the LISTEN state. */
export const TCP_LISTEN = 10;

/** Offsets in struct inet_diag_msg. */
const MSG = {
  family: 0, state: 1, timer: 2, retrans: 3, sport: 4, dport: 6, src: 8, dst: 24,
  iface: 40, cookie: 44, expires: 52, rqueue: 56, wqueue: 60, uid: 64, inode: 68,
} as const;
/** Offsets in struct tcp_info. */
const TCP_INFO = { retransmits: 2, probes: 3 } as const;

/** The extensions `--tcp-info` asks for: ss -i's (tcp_info, the congestion control's name and own figures), and the socket's memory. */
export const TCP_INFO_EXTENSIONS = [INET_DIAG.INFO, INET_DIAG.VEGASINFO, INET_DIAG.CONG, INET_DIAG.MEMINFO].reduce((bits, ext) => bits | (1 << (ext - 1)), 0);

/** What one dump of a table needs across its batches. */
export interface InetDiagReader {
  readonly label: DiagLabel;
  readonly proto: "tcp" | "udp";
  /** Listener uids by local port, for the SYN_RECV requests that come after them. */
  readonly listeners: Map<number, { readonly address: string; readonly uid: number }[]>;
  /** Numeric address text, shared by every row of the dump: IPv4 by its 32-bit value, IPv6 by its bytes as text. */
  readonly v4: Map<number, string>;
  readonly v6: Map<string, string>;
  /** With a memo: the messages of earlier dumps by socket cookie, and this dump's number. */
  readonly memo: InetDiagMemo | undefined;
  readonly dump: number;
  /** `--tcp-info`: each TCP socket's internals are decoded into its record. */
  readonly tcpInfo: boolean;
  /** `--top`: each TCP record carries its tcp_info's byte counters (the dump must ask for the info). */
  readonly counters: boolean;
}

/** A socket's last message (its bytes after the netlink header, as 32-bit words) and the record made of it. */
export interface RememberedMessage {
  readonly words: Int32Array;
  record: InetSocket;
  /** The dump that last saw it. */
  dump: number;
}

/**
 * The messages of one table's last dump by socket cookie (the kernel's unique, never reused
 * socket number), for readings repeated by `--watch`: a socket whose message has not changed by
 * a byte is the same record object again, which spares decoding it and lets later stages
 * recognise it by identity.
 */
export interface InetDiagMemo {
  readonly rows: Map<number, RememberedMessage>;
  /** How many dumps have used it. */
  dumps: number;
}

/** An empty memo for {@linkcode createInetDiagReader}. */
export function createInetDiagMemo(): InetDiagMemo {
  return { rows: new Map(), dumps: 0 };
}

/** State for decoding one dump of `label`'s table. */
export function createInetDiagReader(label: DiagLabel, memo?: InetDiagMemo, tcpInfo = false, counters = false): InetDiagReader {
  const dump = memo === undefined ? 0 : ++memo.dumps;
  const tcp = DIAG_TABLES[label].proto === "tcp";
  return { label, proto: DIAG_TABLES[label].proto, listeners: new Map(), v4: new Map(), v6: new Map(), memo, dump, tcpInfo: tcpInfo && tcp, counters: counters && tcp };
}

/** One batch of a dump: its records, and whether it ended the dump (or the kernel's errno when it failed). */
export interface InetDiagBatch {
  readonly records: readonly InetSocket[];
  readonly done: boolean;
  /** A positive errno from an error message or a failed dump; 0 otherwise. */
  readonly errno: number;
}

// Keys only: the WHATWG "latin1" decoder maps each byte to its own code point.
const KEY_DECODER = new TextDecoder("latin1");

function addressText(reader: InetDiagReader, bytes: Uint8Array, view: DataView, at: number, v6: boolean): string {
  if (!v6) {
    const word = view.getUint32(at, true);
    let text = reader.v4.get(word);
    if (text === undefined) reader.v4.set(word, (text = formatIpv4(bytes.subarray(at, at + 4))));
    return text;
  }
  const key = KEY_DECODER.decode(bytes.subarray(at, at + 16));
  let text = reader.v6.get(key);
  if (text === undefined) reader.v6.set(key, (text = formatIpv6(bytes.subarray(at, at + 16))));
  return text;
}

/** The tcp_info attribute's offset within a message, or -1. */
function infoAttribute(view: DataView, start: number, end: number): number {
  for (let at = start + INET_DIAG_MSG; at + 4 <= end; ) {
    const length = view.getUint16(at, true);
    if (length < 4) return -1;
    if (view.getUint16(at + 2, true) === INET_DIAG_INFO && length >= 4 + 4) return at + 4;
    at += (length + 3) & ~3;
  }
  return -1;
}

/** A message's decoded tcp_info, for `--tcp-info`; none when the reply has none (a request socket, a closed one). */
function tcpInfoEntry(view: DataView, m: number, end: number): { readonly tcpInfo?: NonNullable<InetSocket["tcpInfo"]> } {
  const tcpInfo = tcpInfoOf(view, diagAttributes(view, m, end).byType);
  return tcpInfo === undefined ? {} : { tcpInfo };
}

/** The uid /proc shows for a pending connection: its listener's, matched by port and address. */
function listenerUid(reader: InetDiagReader, port: number, address: string): number {
  const candidates = reader.listeners.get(port);
  if (candidates === undefined) return 0;
  const exact = candidates.find((l) => l.address === address);
  return (exact ?? candidates.find((l) => l.address === "0.0.0.0" || l.address === "::") ?? candidates[0]!).uid;
}

/** One socket's message (header at `start`, attributes up to `end`) as the record /proc would give, with its cookie. */
export function decodeInetDiagMessage(reader: InetDiagReader, bytes: Uint8Array, view: DataView, start: number, end: number): InetSocket {
  const m = start + NLMSG_HEADER;
  const v6 = bytes[m + MSG.family] === AF_INET6;
  const state = bytes[m + MSG.state]!;
  const timer = bytes[m + MSG.timer]!;
  const retrans = bytes[m + MSG.retrans]!;
  const inode = view.getUint32(m + MSG.inode, true);
  const localPort = view.getUint16(m + MSG.sport, false);
  const localAddress = addressText(reader, bytes, view, m + MSG.src, v6);
  const tcp = reader.proto === "tcp";
  const info = infoAttribute(view, m, end);
  let uid = view.getUint32(m + MSG.uid, true);
  if (tcp && state === TCP_SYN_RECV && inode === 0 && uid === 0) uid = listenerUid(reader, localPort, localAddress);
  return {
    kind: "inet",
    proto: reader.proto,
    label: reader.label,
    family: v6 ? "inet6" : "inet",
    localAddress,
    localPort,
    remoteAddress: addressText(reader, bytes, view, m + MSG.dst, v6),
    remotePort: view.getUint16(m + MSG.dport, false),
    state,
    txQueue: tcp && state === TCP_LISTEN ? 0 : view.getUint32(m + MSG.wqueue, true),
    rxQueue: view.getUint32(m + MSG.rqueue, true),
    timerActive: timer,
    timerTicks: timer === 0 ? 0 : Math.floor(view.getUint32(m + MSG.expires, true) / 10),
    retransmits: info !== -1 ? bytes[info + TCP_INFO.retransmits]! : timer === 1 ? retrans : 0,
    uid,
    timeout: info !== -1 ? bytes[info + TCP_INFO.probes]! : timer === 2 || timer === 4 ? retrans : 0,
    inode,
    cookie: cookieOf(view, m),
    ...(reader.tcpInfo ? tcpInfoEntry(view, m, end) : {}),
    ...ifaceOf(view, m),
    ...(reader.counters && info !== -1 ? { counters: tcpRateCountersOf(view, { at: info, length: view.getUint16(info - 4, true) - 4 }) } : {}),
  };
}

/** The IPv6 half of a dump of both families: its reader, and its records as they come. */
export interface InetDiagTwin {
  readonly reader: InetDiagReader;
  readonly records: InetSocket[];
}

/**
 * Decodes the messages in `bytes[0, length)` (one or more whole netlink messages, as one
 * `recv` returns them). Records come in the kernel's order, which is /proc's order. In a dump of
 * both families ({@linkcode tcpDiagRequestBoth}), `twin` reads and keeps the IPv6 ones.
 */
export function parseInetDiagBatch(reader: InetDiagReader, bytes: Uint8Array, length: number, twin?: InetDiagTwin): InetDiagBatch {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records: InetSocket[] = [];
  for (let at = 0; at + NLMSG_HEADER <= length; ) {
    const size = view.getUint32(at, true);
    const type = view.getUint16(at + 4, true);
    if (size < NLMSG_HEADER || at + size > length) return { records, done: true, errno: 74 /* EBADMSG */ };
    if (type === NLMSG_DONE || type === NLMSG_ERROR) {
      const code = size >= NLMSG_HEADER + 4 ? view.getInt32(at + NLMSG_HEADER, true) : 0;
      finish(reader);
      if (twin !== undefined) finish(twin.reader);
      return { records, done: true, errno: code < 0 ? -code : 0 };
    }
    if ((type === SOCK_DIAG_BY_FAMILY || type === TCPDIAG_GETSOCK) && size >= NLMSG_HEADER + INET_DIAG_MSG) {
      const into = twin !== undefined && bytes[at + NLMSG_HEADER + MSG.family] === AF_INET6 ? twin : undefined;
      const r = into?.reader ?? reader;
      const record = r.memo === undefined ? decodeInetDiagMessage(r, bytes, view, at, at + size) : remembered(r, bytes, view, at, size);
      if (record.state === TCP_LISTEN && r.proto === "tcp") {
        let list = r.listeners.get(record.localPort);
        if (list === undefined) r.listeners.set(record.localPort, (list = []));
        list.push({ address: record.localAddress, uid: record.uid });
      }
      (into?.records ?? records).push(record);
    }
    at += (size + 3) & ~3;
  }
  return { records, done: false, errno: 0 };
}

/** The interface a socket is bound to, when it is bound to one. */
function ifaceOf(view: DataView, message: number): { readonly iface?: number } {
  const iface = view.getUint32(message + MSG.iface, true);
  return iface === 0 ? {} : { iface };
}

/** The cookie's two 32-bit halves as one number (exact: cookies count up from 1). */
export function cookieOf(view: DataView, message: number): number {
  return view.getUint32(message + MSG.cookie + 4, true) * 0x1_0000_0000 + view.getUint32(message + MSG.cookie, true);
}

/**
 * The record of the message at `at`: the earlier object when the socket's bytes are unchanged.
 * With `--top`'s counters, the tcp_info (which changes at every dump: its clocks tick) is left
 * out of the comparison but for its first word (the retransmit and probe counts the record
 * shows); unchanged counters keep the earlier object too, and changed ones go into a copy.
 */
function remembered(reader: InetDiagReader, bytes: Uint8Array, view: DataView, at: number, size: number): InetSocket {
  const start = at + NLMSG_HEADER;
  const end = at + size;
  // The kernel pads every message to 4 bytes; one that is not cannot be compared word by word.
  if ((size & 3) !== 0) return decodeInetDiagMessage(reader, bytes, view, at, end);
  const info = reader.counters ? infoAttribute(view, start, end) : -1;
  const skip = info === -1 ? undefined : ([(info + 4 - start) >> 2, (info + view.getUint16(info - 4, true) - 4 - start) >> 2] as const);
  const cookie = cookieOf(view, start);
  const rows = reader.memo!.rows;
  const last = rows.get(cookie);
  if (last !== undefined && sameWords(last.words, view, start, end, skip)) {
    last.dump = reader.dump;
    if (info === -1) return last.record;
    const infoBytes = { at: info, length: view.getUint16(info - 4, true) - 4 };
    if (sameRateCounters(view, infoBytes, last.record.counters)) return last.record;
    last.record = { ...last.record, counters: tcpRateCountersOf(view, infoBytes) };
    return last.record;
  }
  const record = decodeInetDiagMessage(reader, bytes, view, at, end);
  rows.set(cookie, { words: wordsOf(view, start, end, skip), record, dump: reader.dump });
  return record;
}

/** Lets go of the sockets this dump did not see. */
function finish(reader: InetDiagReader): void {
  const memo = reader.memo;
  if (memo === undefined) return;
  for (const [cookie, row] of memo.rows) if (row.dump !== reader.dump) memo.rows.delete(cookie);
}
