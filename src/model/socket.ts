/**
 * Socket records as parsed from /proc/net. The schemas are the source of
 * truth; the types are inferred from them.
 */
import * as v from "valibot";
import type { TcpCounters } from "./event.ts";
import { TcpInfoSchema } from "./tcp-info.ts";

const Count = v.pipe(v.number(), v.integer());

/** Transport protocols that /proc/net lists per address family. */
export const InetProtoSchema = v.picklist(["tcp", "udp", "udplite", "raw"]);
export type InetProto = v.InferOutput<typeof InetProtoSchema>;

/** The Proto column netstat prints, which also names the /proc file read. */
export const InetLabelSchema = v.picklist(["tcp", "tcp6", "udp", "udp6", "udpl", "udpl6", "raw", "raw6"]);
export type InetLabel = v.InferOutput<typeof InetLabelSchema>;

/**
 * One row of /proc/net/{tcp,udp,udplite,raw}[6]; a socket read from a socket-diag dump also has
 * its `cookie`, the kernel's number for it (unique, never reused), which /proc does not show.
 */
export const InetSocketSchema = v.object({
  kind: v.literal("inet"),
  proto: InetProtoSchema,
  label: InetLabelSchema,
  family: v.picklist(["inet", "inet6"]),
  localAddress: v.string(),
  localPort: Count,
  remoteAddress: v.string(),
  remotePort: Count,
  state: Count,
  txQueue: Count,
  rxQueue: Count,
  timerActive: Count,
  timerTicks: Count,
  retransmits: Count,
  uid: Count,
  timeout: Count,
  inode: Count,
  cookie: v.optional(Count),
  /** `--tcp-info`: a TCP socket's internals, from a socket-diag dump only. */
  tcpInfo: v.optional(TcpInfoSchema),
  /** The interface the socket is bound to (`SO_BINDTODEVICE`, a link-local scope), from a socket-diag dump; absent for none or from /proc. */
  iface: v.optional(Count),
  /** `--top`: a TCP socket's tcp_info counters, from a dump that asked for them. */
  counters: v.optional(v.custom<TcpCounters>((x) => typeof x === "object" && x !== null)),
});
export type InetSocket = Readonly<v.InferOutput<typeof InetSocketSchema>>;

/** One row of /proc/net/unix. `inode` is null on kernels that print no Inode column. */
export const UnixSocketSchema = v.object({
  kind: v.literal("unix"),
  refCount: Count,
  protocol: Count,
  flags: Count,
  type: Count,
  state: Count,
  inode: v.nullable(Count),
  /** The path as netstat shows it: the first word of the kernel's path (netstat reads it with %s). */
  path: v.string(),
  /** The whole path as the kernel printed it, spaces included (empty for an unnamed socket). */
  fullPath: v.string(),
});
export type UnixSocket = Readonly<v.InferOutput<typeof UnixSocketSchema>>;

/** Any socket record. */
export type Socket = InetSocket | UnixSocket;

/** Every socket kind the listing reads: the inet and unix tables, SCTP endpoints and associations. */
export type AnySocket = InetSocket | UnixSocket | import("./sctp.ts").SctpEndpoint | import("./sctp.ts").SctpAssociation;
