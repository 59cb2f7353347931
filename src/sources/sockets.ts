/**
 * Socket tables from /proc/net under a proc root, as observables: each
 * subscription reads the file once (in one read) and emits its parse.
 */
import { defer, of, type Observable } from "rxjs";
import type { InetLabel, InetSocket, UnixSocket } from "../model/socket.ts";
import { parseNetInet } from "../proc/net-inet.ts";
import { parseNetUnix } from "../proc/net-unix.ts";
import { parseSctpAssociations, parseSctpEndpoints } from "../proc/net-sctp.ts";
import type { SctpAssociation, SctpEndpoint } from "../model/sctp.ts";
import type { Parsed } from "../proc/issue.ts";
import type { ProcRoot } from "./proc-root.ts";

/**
 * An upper bound on one line of the inet and unix tables: the kernel's lines are under
 * 200 bytes (a unix path is at most 108), so this leaves a wide margin.
 */
const MAX_RECORD = 1024;

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

/** Reads and parses one inet socket table; errors with ProcReadError when the file cannot be read. */
export function inetTable$(root: ProcRoot, label: InetLabel): Observable<Parsed<InetSocket>> {
  return defer(() => of(parseNetInet(root.readTable(INET_FILES[label], MAX_RECORD), label)));
}

/** Reads and parses /proc/net/unix; errors with ProcReadError when the file cannot be read. */
export function unixTable$(root: ProcRoot): Observable<Parsed<UnixSocket>> {
  return defer(() => of(parseNetUnix(root.readTable("net/unix", MAX_RECORD))));
}

/** Reads and parses an SCTP endpoint table (`net/sctp/eps`); errors with ProcReadError when unreadable. */
export function sctpEndpoints$(root: ProcRoot, file = "net/sctp/eps"): Observable<Parsed<SctpEndpoint>> {
  return defer(() => of(parseSctpEndpoints(root.readText(file))));
}

/** Reads and parses an SCTP association table (`net/sctp/assocs`); errors with ProcReadError when unreadable. */
export function sctpAssociations$(root: ProcRoot, file = "net/sctp/assocs"): Observable<Parsed<SctpAssociation>> {
  return defer(() => of(parseSctpAssociations(root.readText(file))));
}
