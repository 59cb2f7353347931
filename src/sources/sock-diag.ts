/**
 * TCP and UDP tables from the kernel's socket-diag netlink interface, the one
 * `ss` uses. It hands out the same sockets as /proc/net/tcp, tcp6, udp and
 * udp6, in the same order, for about half the kernel time: no text to format,
 * 32 KiB per `recv` instead of a page per `read`. It sees the namespace its
 * socket was made in: the reader's own, or one entered to make it; when it
 * cannot be used (no libc through bun:ffi, no netlink, no tcp_diag or
 * udp_diag module) the caller reads /proc instead.
 */
import { FFIType, ptr, read } from "bun:ffi";
import type { InetSocket } from "../model/socket.ts";
import {
  createInetDiagReader,
  DIAG_TABLES,
  inetDiagRequest,
  parseInetDiagBatch,
  TCP_LISTEN,
  type DiagLabel,
  type InetDiagMemo,
} from "../proc/inet-diag.ts";
import type { Parsed } from "../proc/issue.ts";
import { errnoName, openLibc } from "./_libc.ts";
import { ProcReadError, type Enter } from "./proc-root.ts";

const AF_NETLINK = 16;
const SOCK_RAW = 3;
const SOCK_CLOEXEC = 0o2000000;
const NETLINK_SOCK_DIAG = 4;
/** The kernel fills at most 32 KiB per dump batch. */
const BATCH_BYTES = 32 * 1024;
/** Records handed on at a time: batches are small, and each hand-off has a cost downstream. */
const RECORDS_PER_CHUNK = 4096;

const SYMBOLS = {
  socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  send: { args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i64 },
  recv: { args: [FFIType.i32, FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i64 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
} as const;
const EINTR = 4;
const EIO = 5;
/** A signal may interrupt a blocking recv; it is retried this many times. */
const RETRIES = 8;

type Libc = Exclude<ReturnType<typeof openLibc<typeof SYMBOLS>>, { readonly unavailable: string }>["symbols"];

// Loaded once per run, on the first table read; null once it has failed.
let libc: Libc | null | undefined;
// The receive buffer of the last dump that ended, for the next one (each poll of --watch dumps).
let spare: Uint8Array | undefined;

function loadLibc(): Libc | null {
  if (libc === undefined) {
    const lib = openLibc(SYMBOLS);
    libc = "unavailable" in lib ? null : lib.symbols;
  }
  return libc;
}

/** How a dump is asked for. */
export interface InetDumpOptions {
  /** Ask for each TCP socket's tcp_info, which holds the retransmit and probe counts `-o` shows. */
  readonly withInfo: boolean;
  /** Records of the last dump of the same table, reused for unchanged sockets (`--watch`). */
  readonly memo?: InetDiagMemo;
  /** Makes the dump's socket in another namespace (the caller's own when absent). */
  readonly within?: Enter | undefined;
  /** Each TCP record carries its tcp_info's byte counters (needs `withInfo`). */
  readonly counters?: boolean;
}

/**
 * Starts a dump of one table and receives its first batch now; the rest are received as the
 * result is iterated. Undefined (nothing read) when the interface cannot be used here.
 * `parse` is given every batch, the first included, before it is handed on.
 */
function startDump<T extends { readonly done: boolean; readonly errno: number }>(
  label: DiagLabel,
  withInfo: boolean,
  parse: (batch: Uint8Array) => T,
  within?: Enter,
): { readonly first: T; readonly rest: Generator<T> } | undefined {
  const c = loadLibc();
  if (c === null) return undefined;
  const make = (): number => c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  const made = within === undefined ? make() : within(make);
  if (typeof made !== "number" || made < 0) return undefined;
  const fd = made;
  // One receive buffer for the run, reused by every dump that does not overlap another.
  const buffer = spare ?? new Uint8Array(BATCH_BYTES);
  spare = undefined;
  const release = (): void => {
    spare = buffer;
  };
  const at = ptr(buffer);
  const { family, protocol } = DIAG_TABLES[label];
  const request = inetDiagRequest(family, protocol, withInfo);
  // A signal may interrupt a blocking recv; it is retried a few times. 0 or an errno on failure.
  const receive = (): Uint8Array | number => {
    for (let attempt = 0; ; attempt++) {
      const n = Number(c.recv(fd, at, buffer.length, 0));
      if (n > 0) return buffer.subarray(0, n);
      const where = n < 0 ? c.__errno_location() : null;
      const errno = where === null ? EIO : read.i32(where, 0);
      if (n === 0 || errno !== EINTR || attempt === RETRIES) return errno;
    }
  };
  const received = Number(c.send(fd, ptr(request), request.length, 0)) === request.length ? receive() : EIO;
  const first = typeof received === "number" ? undefined : parse(received);
  if (first === undefined || first.errno !== 0 || first.done) {
    c.close(fd);
    release();
  }
  if (first === undefined || first.errno !== 0) return undefined;
  // The socket is closed when the dump ends, fails, or is abandoned part way.
  const rest = (function* batches(): Generator<T> {
    if (first.done) return;
    try {
      for (;;) {
        const next = receive();
        if (typeof next === "number") throw new ProcReadError(`netlink sock_diag (${label})`, errnoName(next));
        const batch = parse(next);
        if (batch.errno !== 0) throw new ProcReadError(`netlink sock_diag (${label})`, errnoName(batch.errno));
        yield batch;
        if (batch.done) return;
      }
    } finally {
      c.close(fd);
      release();
    }
  })();
  return { first, rest };
}

/** The raw batches of one dump (for captures), ending with the one that holds NLMSG_DONE; undefined when unavailable. */
export function inetDiagBatches(label: DiagLabel, withInfo: boolean): Uint8Array[] | undefined {
  const reader = createInetDiagReader(label);
  const dump = startDump(label, withInfo, (batch) => ({ ...parseInetDiagBatch(reader, batch, batch.length), bytes: batch.slice() }));
  if (dump === undefined) return undefined;
  return [dump.first, ...dump.rest].map((batch) => batch.bytes);
}

/**
 * Whether a listener once tried to connect: its remote address stays set, and /proc then shows a
 * send queue (the sequence numbers of that attempt) that no netlink reply carries.
 */
function connectedBefore(socket: InetSocket): boolean {
  return socket.state === TCP_LISTEN && socket.remoteAddress !== "0.0.0.0" && socket.remoteAddress !== "::";
}

/**
 * Dumps one table now (a TCP table through its listeners, which come first) and returns the rest
 * lazily as parsed chunks. Undefined (nothing kept) when the interface cannot be used here, or
 * when a TCP listener's send queue would differ from /proc's: the caller then reads /proc.
 */
export function inetDiagChunks(label: DiagLabel, options: InetDumpOptions): Iterable<Parsed<InetSocket>> | undefined {
  const reader = createInetDiagReader(label, options.memo, options.counters ?? false);
  const dump = startDump(label, options.withInfo, (batch) => parseInetDiagBatch(reader, batch, batch.length), options.within);
  if (dump === undefined) return undefined;
  const listenersOnly = (batch: readonly InetSocket[]): boolean => batch.every((s) => s.state === TCP_LISTEN);
  let records: InetSocket[] = [...dump.first.records];
  let ended = dump.first.done;
  // UDP has no listeners, and none of TCP's gaps.
  for (let listening = reader.proto === "tcp" && listenersOnly(records); !ended && listening; ) {
    const next = dump.rest.next();
    ended = next.done === true;
    if (next.done === true) break;
    for (const record of next.value.records) records.push(record);
    listening = listenersOnly(next.value.records);
  }
  if (reader.proto === "tcp" && records.some(connectedBefore)) {
    dump.rest.return(undefined);
    return undefined;
  }
  return (function* chunks(): Generator<Parsed<InetSocket>> {
    try {
      for (const batch of ended ? [] : dump.rest) {
        for (const record of batch.records) records.push(record);
        if (records.length >= RECORDS_PER_CHUNK) {
          yield { records, issues: [] };
          records = [];
        }
      }
    } finally {
      dump.rest.return(undefined);
    }
    if (records.length > 0) yield { records, issues: [] };
  })();
}
