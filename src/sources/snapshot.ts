/**
 * One reading of every selected socket table, for the JSON, table and watch
 * outputs: the protocols and families netstat's flags choose, in netstat's
 * order, with a count of the lines that could not be parsed.
 */
import { defer, of, type Observable } from "rxjs";
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

/** The sockets of one reading, and the files that had lines netstat would call bogus. */
export interface SocketSnapshot {
  readonly sockets: readonly SnapshotSocket[];
  /** Each line netstat would call bogus, in file order. */
  readonly bogus: readonly BogusLine[];
}

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

// A table the kernel lacks (no IPv6, no SCTP module) or hides is simply not there.
const ABSENT = new Set(["ENOENT", "EACCES"]);

/** What `read` gives for `file`, or nothing when the table is absent; named as read. */
function readOptional<T>(root: ProcRoot, file: string, read: () => Parsed<T>): Parsed<T> & { readonly file: string } {
  try {
    return { ...read(), file: root.display(file) };
  } catch (error) {
    if (error instanceof ProcReadError && ABSENT.has(error.code)) return { records: [], issues: [], file: root.display(file) };
    throw error;
  }
}

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
function readInet(root: ProcRoot, label: InetLabel, scope: SnapshotScope, memo: SnapshotMemo | undefined): Parsed<InetSocket> & { readonly file: string } {
  const file = INET_FILES[label];
  const dumpMemo = memoOf(memo, `${root.display(file)}#netlink`, createInetDiagMemo);
  return readOptional(root, file, () => {
    const dumped = tcpFromNetlink(root, label, { timers: scope.timers ?? false, ...(dumpMemo === undefined ? {} : { memo: dumpMemo }) });
    if (dumped !== undefined) return { records: [...dumped].flatMap((chunk) => chunk.records), issues: [] };
    return parseNetInet(root.readTable(file, MAX_RECORD), label, memoOf(memo, root.display(file), createInetRowMemo));
  });
}

/**
 * Reads the selected tables synchronously; errors other than a missing table propagate.
 * A `memo` kept from one reading to the next spares parsing unchanged rows again.
 */
export function readSocketSnapshot(root: ProcRoot, selection: Selection, scope: SnapshotScope, memo?: SnapshotMemo): SocketSnapshot {
  const sockets: SnapshotSocket[] = [];
  const bogus: BogusLine[] = [];
  const take = <T extends SnapshotSocket>(parsed: Parsed<T> & { readonly file?: string }, name: string): void => {
    // One by one: a spread of a million records would overflow the call stack.
    for (const record of parsed.records) sockets.push(record);
    for (const issue of parsed.issues) bogus.push({ name, file: parsed.file ?? "", issue });
  };
  const wants = (flag: "tcp" | "udp" | "udplite" | "raw" | "sctp" | "unix"): boolean => !selection.any || selection[flag];
  const v4 = !selection.any || selection.inet;
  const v6 = !selection.any || selection.inet6;
  const families = [...(v4 ? [0] : []), ...(v6 ? [1] : [])];
  for (const protocol of INET_PROTOCOLS.slice(0, 1)) {
    if (!wants(protocol.flag)) continue;
    for (const i of families) {
      take(readInet(root, protocol.labels[i as 0 | 1], scope, memo), protocol.bogus);
    }
  }
  if (wants("sctp")) {
    const dirs = [...(v4 ? ["net/sctp"] : [])];
    for (const dir of dirs) {
      if (scope.servers) take(readOptional(root, `${dir}/eps`, () => parseSctpEndpoints(root.readText(`${dir}/eps`))), "sctp eps");
      if (scope.connections) take(readOptional(root, `${dir}/assocs`, () => parseSctpAssociations(root.readText(`${dir}/assocs`))), "sctp assoc");
    }
  }
  for (const protocol of INET_PROTOCOLS.slice(1)) {
    if (!wants(protocol.flag)) continue;
    for (const i of families) {
      take(readInet(root, protocol.labels[i as 0 | 1], scope, memo), protocol.bogus);
    }
  }
  if (wants("unix")) take(readOptional(root, "net/unix", () => parseNetUnix(root.readTable("net/unix", MAX_RECORD))), "unix");
  return { sockets, bogus };
}

/** The snapshot as an observable that reads on subscription. */
export function socketSnapshot$(root: ProcRoot, selection: Selection, scope: SnapshotScope): Observable<SocketSnapshot> {
  return defer(() => of(readSocketSnapshot(root, selection, scope)));
}
