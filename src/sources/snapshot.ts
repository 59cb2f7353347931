/**
 * One reading of every selected socket table, for the JSON, table and watch
 * outputs: the protocols and families netstat's flags choose, in netstat's
 * order, each with its rows and bogus lines or the error that kept it unread.
 */
import type { Selection } from "../model/options.ts";
import type { SctpAssociation, SctpEndpoint } from "../model/sctp.ts";
import type { InetLabel, InetSocket, UnixSocket } from "../model/socket.ts";
import type { LineIssue, Parsed } from "../proc/issue.ts";
import { createInetRowMemo, parseNetInet, type InetRowMemo } from "../proc/net-inet.ts";
import { parseSctpAssociations, parseSctpEndpoints } from "../proc/net-sctp.ts";
import { parseNetUnix } from "../proc/net-unix.ts";
import { ProcReadError, type ProcRoot } from "./proc-root.ts";
import { INET_FILES, MAX_RECORD, tcpFromNetlink } from "./sockets.ts";
import { createInetDiagMemo, type InetDiagMemo } from "../proc/inet-diag.ts";

/** Every socket kind a snapshot holds. */
export type SnapshotSocket = InetSocket | UnixSocket | SctpEndpoint | SctpAssociation;

/** A line netstat would call bogus: its name for the table (`tcp`, `udp`, `raw`, `unix`, `sctp eps`, ...) and where it is. */
export interface BogusLine {
  readonly name: string;
  /** The file as read. */
  readonly file: string;
  readonly issue: LineIssue;
}

/** netstat's sections of the socket listing, in its order (SCTP endpoints and associations are one each). */
export type SnapshotSection = "tcp" | "sctp eps" | "sctp assoc" | "udp" | "udplite" | "raw" | "unix";

/** One socket table of a reading: its rows, or the error that kept it from being read. */
export type TableReading = {
  readonly section: SnapshotSection;
  /** The file as named (under the proc root). */
  readonly file: string;
  /** The section's IPv6 table (read after its IPv4 one). */
  readonly ipv6: boolean;
  /** netstat's name for the table in its bogus-line warning. */
  readonly bogusName: string;
} & ({ readonly parsed: Parsed<SnapshotSocket> } | { readonly error: ProcReadError });

/** Which SCTP tables to read: endpoints are servers, associations are connections. */
export interface SnapshotScope {
  readonly servers: boolean;
  readonly connections: boolean;
  /** Timers will be shown (`-o`): TCP read from netlink fetches the exact retransmit and probe counts. */
  readonly timers?: boolean;
}

const INET_PROTOCOLS = [
  { flag: "tcp", labels: ["tcp", "tcp6"], bogus: "tcp" },
  { flag: "udp", labels: ["udp", "udp6"], bogus: "udp" },
  { flag: "udplite", labels: ["udpl", "udpl6"], bogus: "udp" },
  { flag: "raw", labels: ["raw", "raw6"], bogus: "raw" },
] as const;

/**
 * Parsed rows of the last reading of each inet table, by path (a netlink dump's under its own
 * key, since its rows are keyed by message bytes, not text), for readings repeated by `--watch`.
 */
export type SnapshotMemo = Map<string, InetRowMemo | InetDiagMemo>;

/** The memo under `key`, made by `create` the first time; the key says which kind it holds. */
function memoOf<M extends InetRowMemo | InetDiagMemo>(memo: SnapshotMemo | undefined, key: string, create: () => M): M | undefined {
  if (memo === undefined) return undefined;
  let found = memo.get(key);
  if (found === undefined) memo.set(key, (found = create()));
  return found as M;
}

/** One inet table: TCP of the reader's own namespace from netlink when it can, the rest from /proc. */
function readInet(root: ProcRoot, label: InetLabel, scope: SnapshotScope, memo: SnapshotMemo | undefined): Parsed<InetSocket> {
  const file = INET_FILES[label];
  const dumpMemo = memoOf(memo, `${root.display(file)}#netlink`, createInetDiagMemo);
  const dumped = tcpFromNetlink(root, label, { timers: scope.timers ?? false, ...(dumpMemo === undefined ? {} : { memo: dumpMemo }) });
  if (dumped !== undefined) return { records: [...dumped].flatMap((chunk) => chunk.records), issues: [] };
  return parseNetInet(root.readTable(file, MAX_RECORD), label, memoOf(memo, root.display(file), createInetRowMemo));
}

/** Reads one table now; a file that cannot be read is a reading with its error, for the caller to judge. */
function reading(
  root: ProcRoot,
  where: { readonly section: SnapshotSection; readonly file: string; readonly ipv6: boolean; readonly bogusName: string },
  read: () => Parsed<SnapshotSocket>,
): TableReading {
  const named = { ...where, file: root.display(where.file) };
  try {
    return { ...named, parsed: read() };
  } catch (error) {
    if (error instanceof ProcReadError) return { ...named, error };
    throw error;
  }
}

/**
 * The selected tables in netstat's order, each read when the iteration reaches it, so that a
 * caller that stops (netstat stops at the first section it cannot read) reads no further. A
 * `memo` kept from one reading to the next spares parsing unchanged rows again.
 */
export function* socketTables(root: ProcRoot, selection: Selection, scope: SnapshotScope, memo?: SnapshotMemo): Generator<TableReading> {
  const wants = (flag: "tcp" | "udp" | "udplite" | "raw" | "sctp" | "unix"): boolean => !selection.any || selection[flag];
  const v4 = !selection.any || selection.inet;
  const v6 = !selection.any || selection.inet6;
  const families = [...(v4 ? [0] : []), ...(v6 ? [1] : [])] as (0 | 1)[];
  const inet = function* (protocol: (typeof INET_PROTOCOLS)[number]): Generator<TableReading> {
    if (!wants(protocol.flag)) return;
    for (const i of families) {
      const label = protocol.labels[i];
      const where = { section: protocol.flag, file: INET_FILES[label], ipv6: i === 1, bogusName: protocol.bogus };
      yield reading(root, where, () => readInet(root, label, scope, memo));
    }
  };
  yield* inet(INET_PROTOCOLS[0]);
  // Only net/sctp: netstat also reads net/sctp6, which no kernel has.
  if (wants("sctp") && v4) {
    if (scope.servers) {
      const where = { section: "sctp eps", file: "net/sctp/eps", ipv6: false, bogusName: "sctp eps" } as const;
      yield reading(root, where, () => parseSctpEndpoints(root.readText(where.file)));
    }
    if (scope.connections) {
      const where = { section: "sctp assoc", file: "net/sctp/assocs", ipv6: false, bogusName: "sctp assoc" } as const;
      yield reading(root, where, () => parseSctpAssociations(root.readText(where.file)));
    }
  }
  for (const protocol of INET_PROTOCOLS.slice(1)) yield* inet(protocol);
  if (wants("unix")) {
    const where = { section: "unix", file: "net/unix", ipv6: false, bogusName: "unix" } as const;
    yield reading(root, where, () => parseNetUnix(root.readTable(where.file, MAX_RECORD)));
  }
}
