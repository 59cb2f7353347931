/**
 * The kernel's socket-destroy notifications (NETLINK_SOCK_DIAG multicast groups
 * SKNLGRP_INET_TCP_DESTROY, INET_UDP_DESTROY, INET6_TCP_DESTROY, INET6_UDP_DESTROY):
 * one SOCK_DIAG_BY_FAMILY message per TCP or UDP socket the kernel frees, a struct
 * inet_diag_msg followed by an INET_DIAG_PROTOCOL attribute (u8) and, for TCP, the
 * socket's last struct tcp_info as INET_DIAG_INFO (net/core/sock_diag.c,
 * inet_diag_handler_get_info in net/ipv4/inet_diag.c).
 *
 * The socket part is decoded as a dump's message is (src/proc/inet-diag.ts); the
 * kernel leaves uid and inode 0 in these messages.
 */
import type { TcpCounters } from "../model/event.ts";
import type { InetSocket } from "../model/socket.ts";
import { diagAttributes, INET_DIAG, tcpCountersOf } from "./tcp-info.ts";
import { AF_INET, AF_INET6, cookieOf, createInetDiagReader, decodeInetDiagMessage, type DiagLabel, type InetDiagReader } from "./inet-diag.ts";

export type { TcpCounters } from "../model/event.ts";

/** One destroy notification. */
export interface Destroyed {
  /** idiag_cookie as one exact number: the kernel's never reused socket number. */
  readonly cookie: number;
  /** The socket as a dump would decode it, with proto and label from INET_DIAG_PROTOCOL and the family. */
  readonly socket: InetSocket;
  /** TCP only, from INET_DIAG_INFO. */
  readonly counters?: TcpCounters;
}

/** What one recv's worth of notifications decodes to. */
export interface DestroyBatch {
  readonly destroyed: readonly Destroyed[];
  /** A positive errno from an NLMSG_ERROR message, EBADMSG (74) for a message that overruns the bytes; 0 otherwise. */
  readonly errno: number;
}

const NLMSG_HEADER = 16;
const NLMSG_ERROR = 2;
const SOCK_DIAG_BY_FAMILY = 20;
const INET_DIAG_MSG = 72;
const EBADMSG = 74;

/** The two protocols that send destroy notifications, by IP protocol number, and their labels by family. */
const PROTOCOLS: ReadonlyMap<number, { readonly proto: "tcp" | "udp"; readonly v4: DiagLabel; readonly v6: DiagLabel }> = new Map([
  [6, { proto: "tcp", v4: "tcp", v6: "tcp6" }],
  [17, { proto: "udp", v4: "udp", v6: "udp6" }],
]);

/** One reader per label, made when first needed: the dump decoder keys its rules by label. */
function readerFor(readers: Map<DiagLabel, InetDiagReader>, label: DiagLabel): InetDiagReader {
  let reader = readers.get(label);
  if (reader === undefined) readers.set(label, (reader = createInetDiagReader(label)));
  return reader;
}

/** The notification in the message at `at` of `size` bytes, or undefined when it is not one of a TCP or UDP socket. */
function decodeDestroyed(readers: Map<DiagLabel, InetDiagReader>, bytes: Uint8Array, view: DataView, at: number, size: number): Destroyed | undefined {
  const m = at + NLMSG_HEADER;
  const family = bytes[m];
  if (family !== AF_INET && family !== AF_INET6) return undefined;
  const attributes = diagAttributes(view, m, at + size);
  const protocolAttribute = attributes.byType.get(INET_DIAG.PROTOCOL);
  const protocol = protocolAttribute !== undefined && protocolAttribute.length >= 1 ? PROTOCOLS.get(view.getUint8(protocolAttribute.at)) : undefined;
  if (protocol === undefined) return undefined;
  const label = family === AF_INET6 ? protocol.v6 : protocol.v4;
  // Only the well-formed attributes are handed on, so that nothing is read past the message.
  const decoded = decodeInetDiagMessage(readerFor(readers, label), bytes, view, at, attributes.end);
  const socket: InetSocket = decoded.proto === protocol.proto && decoded.label === label ? decoded : { ...decoded, proto: protocol.proto, label };
  const cookie = cookieOf(view, m);
  const info = attributes.byType.get(INET_DIAG.INFO);
  if (protocol.proto !== "tcp" || info === undefined) return { cookie, socket };
  return { cookie, socket, counters: tcpCountersOf(view, info) };
}

/** Decodes the notifications in `bytes[0, length)` (one recv's worth); errno > 0 for an NLMSG_ERROR. */
export function parseDestroyBatch(bytes: Uint8Array, length: number): DestroyBatch {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = Math.min(length, bytes.length);
  const readers = new Map<DiagLabel, InetDiagReader>();
  const destroyed: Destroyed[] = [];
  for (let at = 0; at + NLMSG_HEADER <= end; ) {
    const size = view.getUint32(at, true);
    const type = view.getUint16(at + 4, true);
    if (size < NLMSG_HEADER || at + size > end) return { destroyed, errno: EBADMSG };
    if (type === NLMSG_ERROR) {
      const code = size >= NLMSG_HEADER + 4 ? view.getInt32(at + NLMSG_HEADER, true) : 0;
      if (code < 0) return { destroyed, errno: -code };
    } else if (type === SOCK_DIAG_BY_FAMILY && size >= NLMSG_HEADER + INET_DIAG_MSG) {
      const one = decodeDestroyed(readers, bytes, view, at, size);
      if (one !== undefined) destroyed.push(one);
    }
    at += (size + 3) & ~3;
  }
  return { destroyed, errno: 0 };
}
