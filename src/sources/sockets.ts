/**
 * Socket tables from /proc/net under a proc root, as lazy iterables: each
 * file is read in large chunks and parsed one chunk at a time, so memory
 * follows the chunk size, not the size of the table.
 */
import type { InetLabel, InetSocket, UnixSocket } from "../model/socket.ts";
import { createFgetsSplitter } from "../proc/_lines.ts";
import { parseNetInetLines } from "../proc/net-inet.ts";
import { parseNetUnixLines, unixHeaderHasInode } from "../proc/net-unix.ts";
import type { Parsed } from "../proc/issue.ts";
import type { ProcRoot } from "./proc-root.ts";
import { DIAG_TABLES, isDiagLabel, type InetDiagMemo } from "../proc/inet-diag.ts";
import { inetDiagChunks, type PairedDump } from "./sock-diag.ts";

/**
 * An upper bound on one line of the inet and unix tables: the kernel's lines are under
 * 200 bytes (a unix path is at most 108), so this leaves a wide margin.
 */
export const MAX_RECORD = 1024;

/** The /proc/net file behind each Proto label. */
export const INET_FILES: Readonly<Record<InetLabel, string>> = {
  tcp: "net/tcp",
  tcp6: "net/tcp6",
  udp: "net/udp",
  udp6: "net/udp6",
  udpl: "net/udplite",
  udpl6: "net/udplite6",
  raw: "net/raw",
  raw6: "net/raw6",
};

/**
 * Bytes read at a time: big enough for few system calls, small enough to bound memory. A quarter
 * of a MiB measured faster than 1 MiB at 20,000 sockets: less fresh memory to fault in per chunk.
 */
export const READ_CHUNK = 1 << 18;

/**
 * Splits a chunked file into fgets lines and parses them chunk by chunk. `parse` gets the data
 * lines of one chunk, the header line, and the file line number of the first data line.
 */
function* parsedChunks<T>(
  chunks: Iterable<string>,
  parse: (lines: readonly string[], header: string, firstLine: number) => Parsed<T>,
): Generator<Parsed<T>> {
  const splitter = createFgetsSplitter();
  let header: string | undefined;
  let next = 1;
  const take = (pieces: string[]): Parsed<T> | undefined => {
    if (header === undefined && pieces.length > 0) header = pieces.shift()!;
    if (pieces.length === 0) return undefined;
    const parsed = parse(pieces, header ?? "", next);
    next += pieces.length;
    return parsed;
  };
  for (const chunk of chunks) {
    const parsed = take(splitter.push(chunk));
    if (parsed !== undefined) yield parsed;
  }
  const last = take(splitter.end());
  if (last !== undefined) yield last;
}

/** How an inet table is read. */
export interface InetReadOptions {
  /** The retransmit and probe counts will be shown (`-o`): a netlink dump must fetch them too. */
  readonly timers?: boolean;
  /** Records of the last reading of the same table, for `--watch` (netlink dumps only). */
  readonly memo?: InetDiagMemo;
  /**
   * Another namespace's table is dumped over netlink too, by entering it (root only), for the
   * cookies `--watch` matches the kernel's closes by; otherwise it is read from /proc.
   */
  readonly enter?: boolean;
  /** `--tcp-info`: TCP comes from netlink with each socket's internals, entering another namespace if need be (root only). */
  readonly tcpInfo?: boolean;
  /** The tcp and tcp6 tables of one reading, from one dump when they can be (netlink dumps only). */
  readonly paired?: PairedDump | undefined;
  /** `--top`: each TCP socket carries its tcp_info's byte counters (netlink dumps only). */
  readonly counters?: boolean;
}

/**
 * A TCP or UDP table of the reader's own namespace (or, with `enter`, of the namespace the root
 * reads) from a netlink dump, after checking that the /proc file netstat would read opens (so
 * that a missing or hidden table fails the same way); undefined when the table comes from /proc
 * instead (UDP-Lite and raw always do).
 */
export function inetFromNetlink(root: ProcRoot, label: InetLabel, options: InetReadOptions): Iterable<Parsed<InetSocket>> | undefined {
  const within = root.ownNetns ? undefined : options.enter === true || options.tcpInfo === true ? root.enter : undefined;
  if ((!root.ownNetns && within === undefined) || !isDiagLabel(label)) return undefined;
  root.check(INET_FILES[label]);
  const counters = options.counters === true && DIAG_TABLES[label].proto === "tcp";
  const withInfo = ((options.timers ?? false) || counters) && DIAG_TABLES[label].proto === "tcp";
  return inetDiagChunks(label, { withInfo, within, tcpInfo: options.tcpInfo === true, paired: options.paired, counters, ...(options.memo === undefined ? {} : { memo: options.memo }) });
}

/**
 * One inet socket table, opened now (ProcReadError if it cannot be), parsed lazily chunk by chunk.
 * TCP and UDP in the reader's own namespace come from netlink when they can (see
 * src/sources/sock-diag.ts).
 */
export function inetChunks(root: ProcRoot, label: InetLabel, options: InetReadOptions = {}): Iterable<Parsed<InetSocket>> {
  const dumped = inetFromNetlink(root, label, options);
  if (dumped !== undefined) return dumped;
  return parsedChunks(root.readChunks(INET_FILES[label], READ_CHUNK, MAX_RECORD), (lines, _, first) => parseNetInetLines(lines, label, first));
}

/** /proc/net/unix, opened now (ProcReadError if it cannot be), parsed lazily chunk by chunk. */
export function unixChunks(root: ProcRoot): Iterable<Parsed<UnixSocket>> {
  return parsedChunks(root.readChunks("net/unix", READ_CHUNK, MAX_RECORD), (lines, header, first) =>
    parseNetUnixLines(lines, unixHeaderHasInode(header), first),
  );
}
