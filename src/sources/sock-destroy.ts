/**
 * The kernel's socket-destroy notifications, heard on a NETLINK_SOCK_DIAG socket joined to
 * the four destroy groups (TCP and UDP, IPv4 and IPv6) of the caller's network namespace:
 * one message for every TCP or UDP socket the kernel frees there, whoever owned it (the
 * kernel lets any user join these groups).
 *
 * The socket is never read blocking: `drain` takes what is queued and returns. When the
 * queue overflows, the kernel drops what does not fit, counts it on the socket, and the
 * next recv fails once with ENOBUFS.
 */
import { FFIType, ptr, read } from "bun:ffi";
import { fstatSync, readFileSync } from "node:fs";
import { AF_INET, inetDiagRequest } from "../proc/inet-diag.ts";
import { netlinkDrops } from "../proc/net-netlink.ts";
import { parseDestroyBatch, type Destroyed } from "../proc/sock-destroy.ts";
import { errnoName, openLibc } from "./_libc.ts";
import { ProcReadError } from "./proc-root.ts";

export type { Destroyed, TcpCounters } from "../proc/sock-destroy.ts";

/** A socket joined to the destroy groups. */
export interface DestroyListener {
  /**
   * Every notification queued now, never blocking (MSG_DONTWAIT until EAGAIN); `lost` when the
   * kernel dropped some since the last drain (recv gave ENOBUFS): how many, from the socket's
   * drop counter (SO_MEMINFO, the number /proc/net/netlink shows in its Drops column, which is
   * read when SO_MEMINFO fails), or null when it cannot be told. The count is of the drops not
   * reported before, so it may be 0 when a drop raced the previous report. Throws ProcReadError
   * when recv fails otherwise (it does not with the kernel's messages).
   */
  drain(): { readonly destroyed: readonly Destroyed[]; readonly lost?: { readonly count: number | null } };
  /** The socket's inode (for /proc/net/netlink). */
  readonly inode: number;
  close(): void;
}

/**
 * The receive buffer asked for by default: a queued notification costs 1,280 bytes of it (its
 * skb), so this holds 3,276 of them, 1.6 s of 2,000 closes a second, where a drain every 40 ms
 * needs 80. The kernel doubles what is asked for, as for SO_RCVBUF.
 */
export const DEFAULT_RECEIVE_BYTES = 2 * 1024 * 1024;

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
const SOL_SOCKET = 1;
const SO_RCVBUF = 8;
const SO_RCVBUFFORCE = 33;
const SO_MEMINFO = 55;
const SK_MEMINFO_VARS = 9;
const SK_MEMINFO_DROPS = 8;
const MSG_DONTWAIT = 0x40;
const IPPROTO_TCP = 6;
const IPPROTO_UDP = 17;
/** SKNLGRP_INET_TCP_DESTROY (1) to SKNLGRP_INET6_UDP_DESTROY (4): group n is bit n - 1 of nl_groups. */
const DESTROY_GROUPS = 0b1111;
/** One notification per recv; the kernel's are 332 bytes. */
const RECEIVE_BUFFER = 32 * 1024;
/** A drain stops after this many recvs even if more keep coming; the next drain takes the rest. */
const MAX_RECEIVES = 65_536;
const EINTR = 4;
const ENOENT = 2;
const EAGAIN = 11;
const ENOBUFS = 105;

const SYMBOLS = {
  socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  bind: { args: [FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
  setsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.u32], returns: FFIType.i32 },
  getsockopt: { args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.ptr, FFIType.ptr], returns: FFIType.i32 },
  send: { args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i64 },
  recv: { args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i64 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
} as const;

type Libc = Exclude<ReturnType<typeof openLibc<typeof SYMBOLS>>, { readonly unavailable: string }>["symbols"];

function lastErrno(c: Libc): number {
  const where = c.__errno_location();
  return where === null ? 0 : read.i32(where, 0);
}

function setInt(c: Libc, fd: number, option: number, value: number): boolean {
  const cell = new Int32Array([value]);
  return c.setsockopt(fd, SOL_SOCKET, option, ptr(cell), 4) === 0;
}

/** The socket's drop counter (SO_MEMINFO), or undefined when the kernel does not tell. */
function dropCounter(c: Libc, fd: number): number | undefined {
  const mem = new Uint32Array(SK_MEMINFO_VARS);
  const length = new Uint32Array([mem.byteLength]);
  if (c.getsockopt(fd, SOL_SOCKET, SO_MEMINFO, ptr(mem), ptr(length)) !== 0 || length[0]! <= SK_MEMINFO_DROPS * 4) return undefined;
  return mem[SK_MEMINFO_DROPS];
}

/** The Drops column of /proc/net/netlink for `inode`, when SO_MEMINFO does not tell. */
function dropsInProc(inode: number): number | undefined {
  try {
    return netlinkDrops(readFileSync("/proc/net/netlink", "latin1"), inode);
  } catch {
    // No /proc here, or not this namespace's: the count cannot be told.
    return undefined;
  }
}

/**
 * Asks for an empty dump of one protocol: the kernel answers NLMSG_DONE when it has socket-diag
 * for it, ENOENT when not (joining the groups succeeds either way). 0 or the errno.
 */
function probe(c: Libc, protocol: number): number {
  const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return lastErrno(c);
  try {
    // IPv4 sockets of the protocol in no state: an empty dump.
    const request = inetDiagRequest(AF_INET, protocol, false, 0, 0);
    if (Number(c.send(fd, ptr(request), request.length, 0)) !== request.length) return lastErrno(c);
    const reply = new Uint8Array(RECEIVE_BUFFER);
    // The kernel answers within send; nothing to wait for.
    const n = Number(c.recv(fd, ptr(reply), reply.length, MSG_DONTWAIT));
    if (n < 0) return lastErrno(c);
    const view = new DataView(reply.buffer);
    const code = n >= 20 ? view.getInt32(16, true) : 0;
    return code < 0 ? -code : 0;
  } finally {
    c.close(fd);
  }
}

const PROBES = [
  { protocol: IPPROTO_TCP, what: "TCP (tcp_diag)" },
  { protocol: IPPROTO_UDP, what: "UDP (udp_diag)" },
] as const;

function cannot(why: string): { readonly unavailable: string } {
  return { unavailable: `Cannot listen for the kernel's socket closes: ${why}` };
}

/** How a listener is opened. */
export interface DestroyListenerOptions {
  /** The receive buffer to ask for (SO_RCVBUFFORCE as root, else SO_RCVBUF, capped by net.core.rmem_max); {@linkcode DEFAULT_RECEIVE_BYTES} by default. */
  readonly receiveBytes?: number;
  /** Given each recv's bytes (valid during the call only), for captures. */
  readonly onReceive?: (bytes: Uint8Array) => void;
}

/**
 * Joins SKNLGRP_INET_TCP_DESTROY, INET_UDP_DESTROY, INET6_TCP_DESTROY, INET6_UDP_DESTROY on a
 * NETLINK_SOCK_DIAG socket in the caller's network namespace; `unavailable` is one sentence
 * saying why it cannot (no inet_diag, EPERM from a sandbox, ...).
 */
export function openDestroyListener(options?: DestroyListenerOptions): DestroyListener | { readonly unavailable: string } {
  const lib = openLibc(SYMBOLS);
  if ("unavailable" in lib) return cannot(lib.unavailable);
  const c = lib.symbols;
  for (const p of PROBES) {
    const errno = probe(c, p.protocol);
    if (errno === ENOENT) return cannot(`the kernel has no socket diagnostics for ${p.what}`);
    if (errno !== 0) return cannot(`a socket-diag request fails with ${errnoName(errno)}`);
  }
  const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return cannot(`a NETLINK_SOCK_DIAG socket cannot be made (${errnoName(lastErrno(c))})`);
  // The buffer is set before joining, so that no notification meets the default one.
  const asked = options?.receiveBytes ?? DEFAULT_RECEIVE_BYTES;
  const receiveBytes = Number.isFinite(asked) ? Math.trunc(Math.max(1, Math.min(asked, 0x3fff_ffff))) : DEFAULT_RECEIVE_BYTES;
  if (!setInt(c, fd, SO_RCVBUFFORCE, receiveBytes)) setInt(c, fd, SO_RCVBUF, receiveBytes);
  const address = new Uint8Array(12);
  const view = new DataView(address.buffer);
  view.setUint16(0, AF_NETLINK, true);
  view.setUint32(8, DESTROY_GROUPS, true);
  if (c.bind(fd, ptr(address), address.length) !== 0) {
    const errno = lastErrno(c);
    c.close(fd);
    return cannot(`joining the destroy groups fails with ${errnoName(errno)}`);
  }
  let inode: number;
  try {
    inode = fstatSync(fd).ino;
  } catch {
    // fstat of a descriptor just made cannot fail but by a sandbox; the inode is then unknown.
    inode = 0;
  }
  return listener(c, fd, inode, options?.onReceive);
}

function listener(c: Libc, fd: number, inode: number, onReceive: ((bytes: Uint8Array) => void) | undefined): DestroyListener {
  const buffer = new Uint8Array(RECEIVE_BUFFER);
  const at = ptr(buffer);
  let open = true;
  // Drops already reported; the kernel's counter only grows.
  let reported = dropCounter(c, fd) ?? (inode === 0 ? undefined : dropsInProc(inode)) ?? 0;
  const dropsNow = (): number | undefined => dropCounter(c, fd) ?? (inode === 0 ? undefined : dropsInProc(inode));
  return {
    inode,
    drain() {
      const destroyed: Destroyed[] = [];
      if (!open) return { destroyed };
      let overrun = false;
      for (let i = 0; i < MAX_RECEIVES; i++) {
        const n = Number(c.recv(fd, at, buffer.length, MSG_DONTWAIT));
        if (n < 0) {
          const errno = lastErrno(c);
          if (errno === EAGAIN) break;
          if (errno === ENOBUFS) overrun = true;
          else if (errno !== EINTR) throw new ProcReadError("netlink sock_diag (destroy notifications)", errnoName(errno));
          continue;
        }
        onReceive?.(buffer.subarray(0, n));
        const batch = parseDestroyBatch(buffer, n);
        if (batch.errno !== 0) throw new ProcReadError("netlink sock_diag (destroy notifications)", errnoName(batch.errno));
        for (const one of batch.destroyed) destroyed.push(one);
      }
      if (!overrun) return { destroyed };
      // Read once the queue is empty: the kernel counts every drop of this overrun until then.
      const drops = dropsNow();
      if (drops === undefined) return { destroyed, lost: { count: null } };
      const count = Math.max(0, drops - reported);
      reported = Math.max(reported, drops);
      return { destroyed, lost: { count } };
    },
    close() {
      if (!open) return;
      open = false;
      c.close(fd);
    },
  };
}
