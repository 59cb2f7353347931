/**
 * The machine-readable records of `--json`, `--format table` and `--watch`.
 * Field names and types follow jc's netstat parser (`kind`, `proto`,
 * `recv_q`, ...), so scripts written for `netstat | jc --netstat` keep
 * working; the extra fields carry the numbers a program wants. These
 * schemas are the source of the published JSON Schema (`--schema`).
 */
import * as v from "valibot";
import { AttributionSchema, ContainerRuntimeSchema } from "./netns.ts";
import { TcpInfoSchema } from "./tcp-info.ts";

const Int = v.pipe(v.number(), v.integer());
const Port = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(65535));

/** An ISO 8601 UTC timestamp with milliseconds, e.g. `2025-01-31T12:00:00.250Z`. */
export const TimestampSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, "Expected an ISO 8601 UTC timestamp with milliseconds"),
);

/** The `-o` timer of an Internet socket, as numbers. */
export const TimerSchema = v.strictObject({
  /** `off`, `on`, `keepalive`, `timewait`, `probe` (tcp), `on1`/`on2` (udp, raw), or `unkn-N`. */
  name: v.string(),
  /** Seconds until the timer fires (kernel ticks / 100). */
  seconds: v.number(),
  /** Retransmissions (always 0 for udp and raw, as netstat shows them). */
  retransmits: Int,
  /** Unanswered zero-window probes or keepalives (the kernel's `timeout` column). */
  timeout: Int,
});
export type Timer = v.InferOutput<typeof TimerSchema>;

/** Owner fields, present when processes are looked up (`-p`, `--pid`, `--program`); null when unknown. */
const OwnerEntries = {
  pid: v.optional(v.nullable(v.pipe(Int, v.minValue(1)))),
  program_name: v.optional(v.nullable(v.string())),
  /** Why `pid` is (or is not) known: `ok`, `permission`, `hidden` (hidepid), `orphan` (no process holds it), or `gone` (a `--watch` close of a socket no poll saw). */
  attribution: v.optional(AttributionSchema),
};

/** Namespace fields, present when `--netns`, `--netns-pid` or `--all-netns` chose the namespaces. */
export const NetnsEntries = {
  /** The network namespace's nsfs inode, as in `net:[INODE]`. */
  netns: v.optional(v.pipe(Int, v.minValue(0))),
  /** Its first name under /run/netns, or null. */
  netns_name: v.optional(v.nullable(v.string())),
  /** The container its cgroup names (docker, containerd, cri-o, podman, lxc), or null. */
  container_id: v.optional(v.nullable(v.string())),
  container_runtime: v.optional(v.nullable(ContainerRuntimeSchema)),
  /** The Kubernetes pod UID, or null. */
  pod_uid: v.optional(v.nullable(v.string())),
};

/** An Internet socket (tcp, udp, udplite, raw, sctp): jc's `kind: "network"` record. */
export const NetworkRecordSchema = v.strictObject({
  kind: v.literal("network"),
  /** netstat's Proto column: tcp, tcp6, udp, udp6, udpl, udpl6, raw, raw6, sctp. */
  proto: v.string(),
  recv_q: Int,
  send_q: Int,
  /** The host as netstat shows it (a name unless -n/--numeric-hosts), never truncated. */
  local_address: v.string(),
  /** The port as netstat shows it: a service name, a number, or `*`. */
  local_port: v.string(),
  /** The port number (0 for `*`), always present. */
  local_port_num: Port,
  foreign_address: v.string(),
  foreign_port: v.string(),
  foreign_port_num: Port,
  /** netstat's State column; null where netstat leaves it blank (unconnected udp). */
  state: v.nullable(v.string()),
  /** The user name, or the uid as text when it has no name or with --numeric-users. */
  user: v.string(),
  uid: Int,
  inode: Int,
  ...OwnerEntries,
  /** `tcp` or `udp` as jc derives it from Proto (udplite counts as udp); null for raw and sctp. */
  transport_protocol: v.nullable(v.picklist(["tcp", "udp"])),
  network_protocol: v.picklist(["ipv4", "ipv6"]),
  /** The numeric addresses, exactly as the kernel has them (e.g. `::ffff:127.0.0.1`). */
  local_ip: v.string(),
  foreign_ip: v.string(),
  family: v.picklist(["inet", "inet6"]),
  /** The socket's timer; null for sctp, whose /proc files carry none. */
  timer: v.nullable(TimerSchema),
  /** `--tcp-info`: the TCP socket's internals under ss -ti's names (model/tcp-info.ts); absent where the kernel gives none (TIME_WAIT, SYN_RECV). */
  tcp_info: v.optional(TcpInfoSchema),
  /** Every address of a multi-homed sctp endpoint or association, primary first. */
  local_ips: v.optional(v.array(v.string())),
  foreign_ips: v.optional(v.array(v.string())),
  ...NetnsEntries,
});
export type NetworkRecord = v.InferOutput<typeof NetworkRecordSchema>;

/** A unix domain socket: jc's `kind: "socket"` record. */
export const UnixRecordSchema = v.strictObject({
  kind: v.literal("socket"),
  /** `unix` (or `??` for a protocol netstat does not know). */
  proto: v.string(),
  refcnt: Int,
  /** The flag names (`ACC`, `W`, `N`) joined by spaces, or null when none is set. */
  flags: v.nullable(v.string()),
  /** STREAM, DGRAM, RAW, RDM, SEQPACKET or UNKNOWN. */
  type: v.string(),
  /** LISTENING, CONNECTED, CONNECTING, DISCONNECTING, FREE, UNKNOWN, or null where netstat leaves it blank. */
  state: v.nullable(v.string()),
  /** null on kernels whose /proc/net/unix has no Inode column. */
  inode: v.nullable(Int),
  ...OwnerEntries,
  /** The bound path (`@name` for abstract sockets), or null when unbound. */
  path: v.nullable(v.string()),
  family: v.literal("unix"),
  ...NetnsEntries,
});
export type UnixRecord = v.InferOutput<typeof UnixRecordSchema>;

/** Any socket record. */
export type SocketRecord = NetworkRecord | UnixRecord;

/** A record of a `-c --json` snapshot: the socket fields plus the time of the pass. */
const Stamped = { ts: v.optional(TimestampSchema) };
export const NetworkListingRecordSchema = v.strictObject({ ...NetworkRecordSchema.entries, ...Stamped });
export const UnixListingRecordSchema = v.strictObject({ ...UnixRecordSchema.entries, ...Stamped });

/** The three socket events of `--watch`. */
export const EventNameSchema = v.picklist(["open", "close", "state"]);
export type EventName = v.InferOutput<typeof EventNameSchema>;

/** The counters a TCP close from the kernel carries (tcp_info's, without `tcpi_`; times in µs, rates in bytes per second). */
const CounterEntries = {
  bytes_acked: v.optional(Int),
  bytes_received: v.optional(Int),
  bytes_sent: v.optional(Int),
  bytes_retrans: v.optional(Int),
  segs_in: v.optional(Int),
  segs_out: v.optional(Int),
  data_segs_in: v.optional(Int),
  data_segs_out: v.optional(Int),
  total_retrans: v.optional(Int),
  rtt_us: v.optional(Int),
  rttvar_us: v.optional(Int),
  min_rtt_us: v.optional(Int),
  delivery_rate: v.optional(Int),
  busy_time_us: v.optional(Int),
};

function eventSchemas<E extends v.ObjectEntries>(entries: E) {
  return {
    open: v.strictObject({
      ...entries,
      event: v.literal("open"),
      ts: TimestampSchema,
      /** true when the socket already existed when the watch began (`--include-existing`). */
      existing: v.optional(v.boolean()),
      /** true when no poll saw the socket: the kernel told of its close, and this open comes just before it, at the same time. */
      inferred: v.optional(v.literal(true)),
    }),
    state: v.strictObject({
      ...entries,
      event: v.literal("state"),
      ts: TimestampSchema,
      previous_state: v.nullable(v.string()),
    }),
    close: v.strictObject({
      ...entries,
      event: v.literal("close"),
      ts: TimestampSchema,
      /** `kernel`: the kernel's socket-destroy notification, at the close; `poll`: the first poll that no longer listed it. */
      source: v.picklist(["kernel", "poll"]),
      /** When a poll first saw the socket (the watch start for sockets that existed before it); null when none did. */
      first_seen: v.nullable(TimestampSchema),
      /** From first_seen to the close (kernel) or to the last poll that saw it (poll, a lower bound); null without first_seen. */
      lifetime_ms: v.nullable(v.pipe(Int, v.minValue(0))),
      ...CounterEntries,
    }),
  };
}

/** Lost events: `kernel` notifications the kernel dropped (then the watch reads afresh), or `reader` lines a slow reader could not take. */
export const GapRecordSchema = v.strictObject({
  kind: v.literal("gap"),
  ts: TimestampSchema,
  source: v.picklist(["kernel", "reader"]),
  /** How many were lost; null when the kernel does not tell. */
  lost: v.nullable(v.pipe(Int, v.minValue(0))),
});

/** An event's network fields: a socket no poll saw has no known user (the kernel's notification carries uid 0 for every socket). */
export const NetworkEventSchemas = eventSchemas({ ...NetworkRecordSchema.entries, user: v.nullable(v.string()), uid: v.nullable(Int) });
export const UnixEventSchemas = eventSchemas(UnixRecordSchema.entries);

/** Every record and event type, by the name `--schema` publishes it under. */
/**
 * A line of a /proc table that could not be read (netstat's "warning, got bogus ... line"),
 * written to stderr in JSON mode; the run goes on with every line it could read.
 */
export const WarningRecordSchema = v.strictObject({
  kind: v.literal("warning"),
  /** The file, as read (under --proc-root, the real path). */
  file: v.string(),
  /** Line number in the file, the header being line 0. */
  line: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** netstat's warning, e.g. "got bogus tcp line". */
  message: v.string(),
  /** Why the line was rejected, e.g. "expected at least 11 fields, got 3". */
  reason: v.string(),
  /** The line itself (bytes outside UTF-8 kept as in every other string). */
  text: v.string(),
  ...Stamped,
});
export type WarningRecord = v.InferOutput<typeof WarningRecordSchema>;

export const PUBLISHED_SCHEMAS = {
  Warning: WarningRecordSchema,
  NetworkSocket: NetworkListingRecordSchema,
  UnixSocket: UnixListingRecordSchema,
  NetworkOpenEvent: NetworkEventSchemas.open,
  NetworkStateEvent: NetworkEventSchemas.state,
  NetworkCloseEvent: NetworkEventSchemas.close,
  UnixOpenEvent: UnixEventSchemas.open,
  UnixStateEvent: UnixEventSchemas.state,
  UnixCloseEvent: UnixEventSchemas.close,
  Gap: GapRecordSchema,
} as const;
