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
  TCP_INFO_EXTENSIONS,
  TCP_LISTEN,
  tcpDiagRequestBoth,
  type DiagLabel,
  type InetDiagMemo,
  type InetDiagTwin,
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
/** The most tcp6 records a dump of both families keeps for the tcp6 table; beyond them, tcp6 dumps on its own. */
const PAIRED_LIMIT = 4 * RECORDS_PER_CHUNK;

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
  /** `--tcp-info`: ask for and decode each TCP socket's tcp_info, congestion control and memory. */
  readonly tcpInfo?: boolean;
  /** The tcp and tcp6 tables read one after the other, from one dump when they can be. */
  readonly paired?: PairedDump | undefined;
  /** `--top`: each TCP record carries its tcp_info's byte counters (needs `withInfo`; the reader keeps them to TCP). */
  readonly counters?: boolean;
}

/**
 * The tcp and tcp6 tables of one reading from one dump of both families: the kernel then walks
 * its socket hash (every namespace's sockets) once instead of twice, which is most of the cost of
 * a small table's dump. The tcp table's reading keeps the tcp6 records it meets, up to
 * {@linkcode PAIRED_LIMIT}, for the tcp6 table; with more of them, or when the tcp reading ends
 * early, the tcp6 table dumps on its own.
 */
export interface PairedDump {
  /** Records of the last dump of the tcp6 table (`--watch`). */
  readonly memo?: InetDiagMemo | undefined;
  /** The tcp6 records of a finished tcp dump, until the tcp6 table takes them. */
  kept?: InetSocket[] | undefined;
}

/**
 * Starts a dump of one table and receives its first batch now; the rest are received as the
 * result is iterated. Undefined (nothing read) when the interface cannot be used here.
 * `parse` is given every batch, the first included, before it is handed on.
 */
function startDump<T extends { readonly done: boolean; readonly errno: number }>(
  label: DiagLabel,
  request: Uint8Array,
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
  const { family, protocol } = DIAG_TABLES[label];
  const dump = startDump(label, inetDiagRequest(family, protocol, withInfo), (batch) => ({ ...parseInetDiagBatch(reader, batch, batch.length), bytes: batch.slice() }));
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
  const { paired } = options;
  if (label === "tcp6" && paired?.kept !== undefined) return keptChunks(paired);
  const tcpInfo = options.tcpInfo === true && DIAG_TABLES[label].proto === "tcp";
  const reader = createInetDiagReader(label, options.memo, tcpInfo, options.counters === true);
  const extensions = tcpInfo ? TCP_INFO_EXTENSIONS : 0;
  const both = label === "tcp" && paired !== undefined;
  const twin: InetDiagTwin | undefined = both ? { reader: createInetDiagReader("tcp6", paired.memo, tcpInfo, options.counters === true), records: [] } : undefined;
  let overflowed = false;
  const parse = (batch: Uint8Array): ReturnType<typeof parseInetDiagBatch> => {
    const parsed = parseInetDiagBatch(reader, batch, batch.length, twin);
    if (twin === undefined) return parsed;
    // Too many to keep: the tcp6 table dumps on its own, and these are let go batch by batch.
    if (twin.records.length > PAIRED_LIMIT) overflowed = true;
    if (overflowed) twin.records.length = 0;
    else if (parsed.done && parsed.errno === 0) paired!.kept = twin.records;
    return parsed;
  };
  const { family, protocol } = DIAG_TABLES[label];
  const request = both ? tcpDiagRequestBoth(options.withInfo, extensions) : inetDiagRequest(family, protocol, options.withInfo, 1, undefined, extensions);
  const dump = startDump(label, request, parse, options.within);
  // A kernel without the first interface still answers the current one, a family at a time.
  if (dump === undefined) return both ? inetDiagChunks(label, { ...options, paired: undefined }) : undefined;
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
  // --tcp-info needs the dump; such a listener's send queue then shows as netlink gives it (0).
  if (reader.proto === "tcp" && !tcpInfo && records.some(connectedBefore)) {
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

/** The tcp6 table from the records a dump of both families kept for it; undefined when /proc must be read instead. */
function keptChunks(paired: PairedDump): Iterable<Parsed<InetSocket>> | undefined {
  const kept = paired.kept!;
  paired.kept = undefined;
  if (kept.some(connectedBefore)) return undefined;
  const chunks: Parsed<InetSocket>[] = [];
  for (let at = 0; at < kept.length; at += RECORDS_PER_CHUNK) chunks.push({ records: kept.slice(at, at + RECORDS_PER_CHUNK), issues: [] });
  return chunks;
}

/** The kernel's filter program of one `autobound` test (INET_DIAG_BC_AUTO, then the end). */
const AUTOBOUND_ONLY = new Uint8Array([6, 4, 8, 0]);

/** The cookies of one table's sockets, of all of them or of those `bytecode` accepts; undefined when it cannot be dumped. */
function cookiesOf(label: DiagLabel, within: Enter | undefined, bytecode?: Uint8Array): Set<number> | undefined {
  const reader = createInetDiagReader(label);
  const { family, protocol } = DIAG_TABLES[label];
  const request = inetDiagRequest(family, protocol, false, 1, undefined, 0, bytecode);
  const dump = startDump(label, request, (batch) => parseInetDiagBatch(reader, batch, batch.length), within);
  if (dump === undefined) return undefined;
  const cookies = new Set<number>();
  for (const batch of [dump.first, ...dump.rest]) for (const record of batch.records) if (record.cookie !== undefined) cookies.add(record.cookie);
  return cookies;
}

/**
 * Which TCP and UDP sockets the kernel counts as autobound (its port not bound by hand), by
 * cookie, read now: every socket's cookie, and those of the autobound ones; of the reader's own
 * namespace, or of the one `within` enters.
 */
export function autoboundCookies(within?: Enter): { readonly all: ReadonlySet<number>; readonly autobound: ReadonlySet<number> } {
  const all = new Set<number>();
  const autobound = new Set<number>();
  for (const label of Object.keys(DIAG_TABLES) as DiagLabel[]) {
    for (const cookie of cookiesOf(label, within) ?? []) all.add(cookie);
    for (const cookie of cookiesOf(label, within, AUTOBOUND_ONLY) ?? []) autobound.add(cookie);
  }
  return { all, autobound };
}

const IPPROTO_RAW = 255;
const NLMSG_ERROR = 2;
const NLMSG_DONE = 3;

/**
 * Whether the kernel dumps raw sockets over socket-diag (the raw_diag module, which ss asks
 * for first and reads /proc without): one request for an empty IPv4 dump, its first reply read.
 */
export function rawDiagAvailable(): boolean {
  const c = loadLibc();
  if (c === null) return false;
  const fd = c.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0) return false;
  try {
    const request = inetDiagRequest(2 /* AF_INET */, IPPROTO_RAW, false, 1, 0);
    if (Number(c.send(fd, ptr(request), request.length, 0)) !== request.length) return false;
    const buffer = new Uint8Array(BATCH_BYTES);
    const n = Number(c.recv(fd, ptr(buffer), buffer.length, 0));
    if (n < 20) return false;
    // A dump that cannot start ends at once: NLMSG_ERROR, or NLMSG_DONE holding the errno.
    const view = new DataView(buffer.buffer);
    const type = view.getUint16(4, true);
    return (type !== NLMSG_ERROR && type !== NLMSG_DONE) || view.getInt32(16, true) === 0;
  } finally {
    c.close(fd);
  }
}
