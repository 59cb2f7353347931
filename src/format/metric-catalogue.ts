/**
 * Every metric family netstat-stream exposes: its name, type, labels and
 * HELP, in one table. The builders (format/metric-families.ts,
 * format/metric-events.ts) take their heads from here, and `--metrics-help`
 * prints it, so the documentation and the exposition never drift apart.
 */
import type { MetricType } from "./exposition.ts";

/** A family's head as the catalogue holds it. */
export interface FamilyHead {
  /** A counter's name is without `_total`, which its samples carry. */
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** Its labels before the namespace labels. */
  readonly labelNames: readonly string[];
  /** Whether `--netns*` adds the namespace labels to its series. */
  readonly perNamespace: boolean;
}

/** The labels `--netns`, `--netns-pid` and `--all-netns` add to every socket family and counter. */
export const NETNS_LABELS = ["netns", "netns_name", "container_id", "container_runtime", "pod_uid"] as const;

const CONNECTION_LABELS = ["proto", "direction", "port", "program"] as const;

/** The families of one reading of the sockets, by key. */
export const SNAPSHOT_FAMILIES = {
  sockets: { name: "netstat_sockets", type: "gauge", labelNames: ["proto", "state"], perNamespace: true, help: "Sockets listed, by netstat's Proto and State columns; every TCP state is present, zeros included." },
  listening: { name: "netstat_listening_sockets", type: "gauge", labelNames: ["proto", "address", "port", "program"], perNamespace: true, help: "Listening sockets (TCP LISTEN, unconnected bound UDP), one series per listener." },
  connections: {
    name: "netstat_connections",
    type: "gauge",
    labelNames: ["proto", "state", "direction", "port", "program"],
    perNamespace: true,
    help: "Connections by state, by the listening port for inbound ones and the remote port for outbound ones; other ports are \"other\".",
  },
} as const satisfies Readonly<Record<string, FamilyHead>>;

/** The families of the kernel event stream (`--watch`'s opens and closes), by key. */
export const EVENT_FAMILIES = {
  opened: { name: "netstat_connections_opened", type: "counter", labelNames: CONNECTION_LABELS, perNamespace: true, help: "Connections seen to open since the start." },
  closed: { name: "netstat_connections_closed", type: "counter", labelNames: CONNECTION_LABELS, perNamespace: true, help: "Connections seen to close since the start." },
  duration: { name: "netstat_connection_duration_seconds", type: "histogram", labelNames: CONNECTION_LABELS, perNamespace: true, help: "Lifetimes of the closed connections that a reading saw open, from that first reading to the close; those that opened and closed between two readings count only in netstat_connections_closed_total." },
  received: { name: "netstat_connection_received_bytes", type: "counter", labelNames: CONNECTION_LABELS, perNamespace: true, help: "Bytes received by the TCP connections that closed (tcp_info bytes_received)." },
  sent: { name: "netstat_connection_sent_bytes", type: "counter", labelNames: CONNECTION_LABELS, perNamespace: true, help: "Bytes sent and acknowledged by the TCP connections that closed (tcp_info bytes_acked)." },
  lost: { name: "netstat_kernel_events_lost", type: "counter", labelNames: [], perNamespace: false, help: "Kernel socket notifications lost (a loss of unknown size counts one)." },
} as const satisfies Readonly<Record<string, FamilyHead>>;

/** The families every exposition carries about itself, by key. */
export const SELF_FAMILIES = {
  folded: { name: "netstat_series_folded", type: "gauge", labelNames: ["family"], perNamespace: false, help: "Series folded into one series labelled \"other\" because the family reached --metrics-max-series." },
  duration: { name: "netstat_scrape_duration_seconds", type: "gauge", labelNames: [], perNamespace: false, help: "Seconds the reading behind this exposition took." },
  build: { name: "netstat_build_info", type: "gauge", labelNames: ["version"], perNamespace: false, help: "Always 1, labelled with the version of netstat-stream." },
} as const satisfies Readonly<Record<string, FamilyHead>>;

/** The protocol counters' head: one untyped family per kernel counter, named as node_exporter's netstat collector names it. */
export const COUNTER_FAMILY: FamilyHead = {
  name: "netstat_<Section>_<Key>",
  type: "untyped",
  labelNames: [],
  perNamespace: true,
  help: "A counter of /proc/net/snmp, /proc/net/netstat or /proc/net/snmp6, e.g. netstat_Tcp_ActiveOpens.",
};

/** Every family's head, in the order an exposition writes them. */
export const CATALOGUE: readonly FamilyHead[] = [
  ...Object.values(SNAPSHOT_FAMILIES),
  ...Object.values(EVENT_FAMILIES),
  COUNTER_FAMILY,
  ...Object.values(SELF_FAMILIES),
];

/** A family's labels: its own, then under `--netns*` the namespace labels where it has them. */
export function labelNamesOf(head: FamilyHead, netns: boolean): readonly string[] {
  return netns && head.perNamespace ? [...head.labelNames, ...NETNS_LABELS] : head.labelNames;
}
