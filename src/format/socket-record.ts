/**
 * Parsed sockets as the records of `--json`, `--format table` and
 * `--watch`: jc's netstat fields, with the texts netstat would show (never
 * truncated), plus the numbers. Strings keep one byte per character here;
 * the NDJSON writer turns them into proper Unicode.
 */
import type { NetworkRecord, Timer, UnixRecord } from "../model/record.ts";
import type { SctpAddress, SctpAssociation, SctpEndpoint } from "../model/sctp.ts";
import type { InetSocket, UnixSocket } from "../model/socket.ts";
import type { Names } from "../resolve/names.ts";
import type { OwnerLookup } from "../model/owner.ts";
import { hostText, portText } from "./netstat-address.ts";
import { tcpStateName, udpStateName } from "./netstat-inet.ts";
import { sctpNumeric } from "./netstat-sctp.ts";
import { unixStateName, unixTypeName } from "./netstat-unix.ts";

/** The naming choices a record follows, as netstat's text would. */
export interface RecordOptions {
  readonly numericHosts: boolean;
  readonly numericPorts: boolean;
  readonly numericUsers: boolean;
  readonly symbolic: boolean;
  /** Whether processes were looked up: only then do records carry `pid` and `program_name`. */
  readonly owners: boolean;
}

const TCP_TIMERS: readonly string[] = ["off", "on", "keepalive", "timewait", "probe"];

/** The `-o` timer of an Internet socket as numbers, named as netstat names it. */
export function timerOf(socket: InetSocket): Timer {
  const run = socket.timerActive;
  const seconds = run === 0 ? 0 : socket.timerTicks / 100;
  if (socket.proto === "tcp") {
    return { name: TCP_TIMERS[run] ?? `unkn-${run}`, seconds, retransmits: socket.retransmits, timeout: socket.timeout };
  }
  const name = run === 0 ? "off" : run === 1 || run === 2 ? `on${run}` : `unkn-${run}`;
  return { name, seconds, retransmits: 0, timeout: socket.timeout };
}

/** An Internet socket's State column: TCP's state name, a raw socket's number, UDP's name or null where netstat leaves it blank. */
export function stateOf(socket: InetSocket): string | null {
  switch (socket.proto) {
    case "tcp":
      return tcpStateName(socket.state);
    case "raw":
      return String(socket.state);
    default:
      return udpStateName(socket.state) || null;
  }
}

/** jc's transport_protocol: from the Proto text, `tcp` or `udp` (udplite's `udpl` included), else null. */
export function transportOf(proto: string): "tcp" | "udp" | null {
  return proto.includes("tcp") ? "tcp" : proto.includes("udp") ? "udp" : null;
}

function ownerFields(inode: number | null, options: RecordOptions, owners: OwnerLookup) {
  if (!options.owners) return {};
  const owner = inode === null ? undefined : owners(inode);
  return { pid: owner?.pid ?? null, program_name: owner?.program ?? null };
}

function userOf(uid: number, options: RecordOptions, names: Names): string {
  return (options.numericUsers ? undefined : names.user(uid)) ?? String(uid);
}

/** One tcp/udp/udplite/raw socket as a `kind: "network"` record. */
export function networkRecord(socket: InetSocket, options: RecordOptions, names: Names, owners: OwnerLookup): NetworkRecord {
  const host = (address: string): string => hostText(address, socket.family, options.numericHosts, names);
  const port = (p: number): string => portText(p, socket.proto, options.numericPorts, names);
  return {
    kind: "network",
    proto: socket.label,
    recv_q: socket.rxQueue,
    send_q: socket.txQueue,
    local_address: host(socket.localAddress),
    local_port: port(socket.localPort),
    local_port_num: socket.localPort,
    foreign_address: host(socket.remoteAddress),
    foreign_port: port(socket.remotePort),
    foreign_port_num: socket.remotePort,
    state: stateOf(socket),
    user: userOf(socket.uid, options, names),
    uid: socket.uid,
    inode: socket.inode,
    ...ownerFields(socket.inode, options, owners),
    transport_protocol: transportOf(socket.label),
    network_protocol: socket.label.endsWith("6") ? "ipv6" : "ipv4",
    local_ip: socket.localAddress,
    foreign_ip: socket.remoteAddress,
    family: socket.family,
    timer: timerOf(socket),
  };
}

const UNIX_FLAGS: readonly (readonly [number, string])[] = [
  [0x10000, "ACC"],
  [0x20000, "W"],
  [0x40000, "N"],
];

/** One unix socket as a `kind: "socket"` record. */
export function unixRecord(socket: UnixSocket, options: RecordOptions, owners: OwnerLookup): UnixRecord {
  const flags = UNIX_FLAGS.filter(([bit]) => (socket.flags & bit) !== 0).map(([, name]) => name);
  return {
    kind: "socket",
    proto: socket.protocol === 0 ? "unix" : "??",
    refcnt: socket.refCount,
    flags: flags.length === 0 ? null : flags.join(" "),
    type: unixTypeName(socket.type),
    state: unixStateName(socket) || null,
    inode: socket.inode,
    ...ownerFields(socket.inode, options, owners),
    // JSON keeps the whole path; netstat's text shows only its first word.
    path: socket.fullPath === "" ? null : socket.fullPath,
    family: "unix",
  };
}

function sctpState(state: number): string {
  return state >= 0 && state < 12 ? tcpStateName(state) : `UNKNOWN(${state})`;
}

const WILDCARD: Readonly<Record<"inet" | "inet6", string>> = { inet: "0.0.0.0", inet6: "::" };

/** An SCTP endpoint or association as a `kind: "network"` record; the first address is the main one. */
export function sctpRecord(
  socket: SctpEndpoint | SctpAssociation,
  options: RecordOptions,
  names: Names,
  owners: OwnerLookup,
): NetworkRecord {
  // netstat shows sctp hosts as numbers with any numeric flag, and its ports always as numbers.
  const numeric = sctpNumeric({ ...options, wide: false, all: false, listening: false, extend: 1, programs: false, timers: false });
  const locals: readonly SctpAddress[] = socket.localAddresses;
  const remotes: readonly SctpAddress[] = socket.kind === "sctp-association" ? socket.remoteAddresses : [];
  const family = locals[0]?.family ?? "inet";
  const first = (list: readonly SctpAddress[]): SctpAddress => list[0] ?? { family, address: WILDCARD[family], primary: false };
  const local = first(locals);
  const remote = first(remotes);
  const remotePort = socket.kind === "sctp-association" ? socket.remotePort : 0;
  const portString = (p: number): string => (p === 0 ? "*" : String(p));
  return {
    kind: "network",
    proto: "sctp",
    recv_q: socket.kind === "sctp-association" ? socket.rxQueue : 0,
    send_q: socket.kind === "sctp-association" ? socket.txQueue : 0,
    local_address: hostText(local.address, local.family, numeric, names),
    local_port: portString(socket.localPort),
    local_port_num: socket.localPort,
    foreign_address: hostText(remote.address, remote.family, numeric, names),
    foreign_port: portString(remotePort),
    foreign_port_num: remotePort,
    state: sctpState(socket.state),
    user: userOf(socket.uid, options, names),
    uid: socket.uid,
    inode: socket.inode,
    ...ownerFields(socket.inode, options, owners),
    transport_protocol: null,
    network_protocol: family === "inet6" ? "ipv6" : "ipv4",
    local_ip: local.address,
    foreign_ip: remote.address,
    family,
    timer: null,
    local_ips: locals.map((a) => a.address),
    foreign_ips: remotes.map((a) => a.address),
  };
}
