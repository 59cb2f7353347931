/**
 * What the metrics say of one socket record: whether it listens or is a
 * connection, its direction and the port it is counted under, and its
 * namespace labels. One rule for the readings (format/metric-families.ts)
 * and the event stream (format/metric-events.ts).
 */
import type { NetworkRecord, UnixRecord } from "../model/record.ts";
import type { Labels } from "./exposition.ts";
import { NETNS_LABELS } from "./metric-catalogue.ts";
import type { NetnsFields } from "./netns-fields.ts";

/** The namespace fields a record may carry. */
type NamespacePart = { readonly [K in keyof NetnsFields]?: NetnsFields[K] | undefined };

/** What the metrics read of an Internet socket's record: a NetworkRecord has it, and so has the stage's lighter one. */
export type MetricNetworkRecord = Pick<NetworkRecord, "kind" | "proto" | "state" | "local_ip" | "local_port_num" | "foreign_port_num" | "program_name"> & NamespacePart;

/** What the metrics read of any socket's record (a SocketRecord has it). */
export type MetricRecord = MetricNetworkRecord | (Pick<UnixRecord, "kind" | "proto" | "state" | "program_name"> & NamespacePart);

/** The metric options of a run: `--metrics-ports` and `--metrics-max-series`, and whether `--netns*` labels series. */
export interface MetricsOptions {
  /** Ports kept as themselves besides the listeners' (`--metrics-ports`). */
  readonly ports: readonly number[];
  /** At most this many series per family (`--metrics-max-series`). */
  readonly maxSeries: number;
  /** Whether the series carry the namespace labels. */
  readonly netns: boolean;
}

/** `--metrics-max-series`'s default. */
export const DEFAULT_MAX_SERIES = 2000;

/** The label value of a port outside the listeners and `--metrics-ports`. */
export const OTHER = "other";

/**
 * The port space of each protocol with ports, as a number: tcp and tcp6 share one, as a
 * v4-mapped connection reaches a tcp6 listener.
 */
const PORT_SPACE: Readonly<Record<string, number>> = { tcp: 1, tcp6: 1, udp: 2, udp6: 2, udpl: 3, udpl6: 3, sctp: 4, sctp6: 4 };

/** Whether a record is an Internet socket with ports (not raw, not unix). */
export function ported(r: MetricRecord): r is MetricNetworkRecord {
  return r.kind === "network" && PORT_SPACE[r.proto] !== undefined;
}

/** A listener: TCP or SCTP in LISTEN, or a bound UDP socket with no remote end, as `netstat -l` lists them. */
export function isListener(r: MetricRecord): r is MetricNetworkRecord {
  if (!ported(r)) return false;
  return r.state === "LISTEN" || (r.state === null && r.foreign_port_num === 0 && r.local_port_num !== 0);
}

/** A connection: a socket with ports that has a remote end and does not listen. */
export function isConnection(r: MetricRecord): r is MetricNetworkRecord {
  if (!ported(r)) return false;
  return r.state !== "LISTEN" && r.foreign_port_num !== 0;
}

/** A port of a protocol, as one number: its port space above the 16 bits of the port. */
function spacedPort(r: MetricNetworkRecord, port: number): number {
  return (PORT_SPACE[r.proto] ?? 0) * 65536 + port;
}

/** The listening ports of each namespace and protocol, as the direction of a connection is told by them. */
export class ListenerPorts {
  /** Listeners by namespace inode (0 without `--netns*`), then by spaced port. */
  readonly #held = new Map<number, Map<number, number>>();

  /** Counts a listener in (`+1`) or out (`-1`). */
  update(r: MetricNetworkRecord, delta: 1 | -1): void {
    const inode = r.netns ?? 0;
    let ports = this.#held.get(inode);
    if (ports === undefined) this.#held.set(inode, (ports = new Map()));
    const key = spacedPort(r, r.local_port_num);
    const n = (ports.get(key) ?? 0) + delta;
    if (n > 0) ports.set(key, n);
    else ports.delete(key);
  }

  /** Whether a listener holds `port` in the namespace and protocol of `r`. */
  has(r: MetricNetworkRecord, port: number): boolean {
    return this.#held.get(r.netns ?? 0)?.has(spacedPort(r, port)) ?? false;
  }
}

/** A connection's direction and the port it is counted under: inbound by its listening port, outbound by the remote one. */
export function directionOf(r: MetricNetworkRecord, listeners: ListenerPorts, options: Pick<MetricsOptions, "ports">): { direction: "inbound" | "outbound"; port: string } {
  if (listeners.has(r, r.local_port_num)) return { direction: "inbound", port: String(r.local_port_num) };
  const remote = r.foreign_port_num;
  const kept = listeners.has(r, remote) || options.ports.includes(remote);
  return { direction: "outbound", port: kept ? String(remote) : OTHER };
}

/** A record's owning program as a label value ("" when unknown or not looked up). */
export function programOf(r: MetricRecord): string {
  return r.program_name ?? "";
}

/** The namespace labels from a record's (or a label's) namespace fields, empty where unknown. */
export function namespaceLabelsOf(fields: { readonly [K in (typeof NETNS_LABELS)[number]]?: string | number | null | undefined }): Labels {
  const labels: Record<string, string> = {};
  for (const name of NETNS_LABELS) {
    const value = fields[name];
    labels[name] = value === null || value === undefined ? "" : String(value);
  }
  return labels;
}

/** The namespace labels of a record; none without `--netns*`. */
export function netnsLabels(r: MetricRecord, netns: boolean): Labels {
  return netns ? namespaceLabelsOf(r) : {};
}

/** The connection labels of a record: proto, direction, port, program, and the namespace's. */
export function connectionLabels(r: MetricNetworkRecord, listeners: ListenerPorts, options: MetricsOptions): Labels {
  const { direction, port } = directionOf(r, listeners, options);
  return { proto: r.proto, direction, port, program: programOf(r), ...netnsLabels(r, options.netns) };
}
