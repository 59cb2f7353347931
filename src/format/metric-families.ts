/**
 * The metric families of one reading: the sockets by state, the listeners,
 * the connections by direction and port, the protocol counters (named as
 * node_exporter's netstat collector names them, `netstat_` for
 * `node_netstat_`), and the families about the reading itself. Records go
 * in as they come ({@linkcode ReadingMetrics.add}); the families come out
 * once the reading is complete, each within `--metrics-max-series`.
 */
import { version } from "../../package.json";
import { TCP_STATE_NAMES } from "../model/filters.ts";
import type { Selection } from "../model/options.ts";
import type { StatisticSection } from "../model/statistic.ts";
import { snmp6Title } from "../proc/net-snmp.ts";
import { exposedName, metricName, type Labels, type MetricFamily, type Sample } from "./exposition.ts";
import { COUNTER_FAMILY, labelNamesOf, SELF_FAMILIES, SNAPSHOT_FAMILIES } from "./metric-catalogue.ts";
import { capFamily, familyOf, SeriesSums } from "./metric-series.ts";
import {
  connectionLabels,
  directionOf,
  isConnection,
  isListener,
  ListenerPorts,
  netnsLabels,
  programOf,
  type MetricNetworkRecord,
  type MetricRecord,
  type MetricsOptions,
} from "./socket-metrics.ts";

const NO_LABELS: Labels = {};

/** The TCP states `netstat_sockets` always has a series for. */
const TCP_STATES = TCP_STATE_NAMES.filter((s) => s !== "UNKNOWN");

/** The TCP protocols a listing with `selection` reads: netstat reads every protocol when none is named, and both families unless one is. */
export function tcpProtocols(selection: Pick<Selection, "any" | "tcp" | "inet" | "inet6">): readonly string[] {
  if (selection.any && !selection.tcp) return [];
  return [...(selection.inet || !selection.inet6 ? ["tcp"] : []), ...(selection.inet6 || !selection.inet ? ["tcp6"] : [])];
}

/** One namespace's protocol counters: its labels (none without `--netns*`) and the sections of its counter files. */
export interface NamespaceCounters {
  readonly labels: Labels;
  readonly sections: readonly StatisticSection[];
}

/** The metrics of one reading of the sockets, built as records come. */
export class ReadingMetrics {
  readonly #sockets: SeriesSums;
  readonly #listening: SeriesSums;
  readonly #listeners = new ListenerPorts();
  readonly #connections: MetricNetworkRecord[] = [];
  readonly #namespaces = new Map<string, Labels>();
  readonly #byInode = new Map<number, Labels>();

  /** `tcpProtos`: the TCP protocols the reading lists (`tcp`, `tcp6`), whose every state has a series. */
  constructor(
    readonly options: MetricsOptions,
    readonly tcpProtos: readonly string[],
  ) {
    this.#sockets = new SeriesSums(labelNamesOf(SNAPSHOT_FAMILIES.sockets, options.netns));
    this.#listening = new SeriesSums(labelNamesOf(SNAPSHOT_FAMILIES.listening, options.netns));
  }

  /** A namespace the reading covers, so that its TCP states have series even when it has no socket. */
  namespace(labels: Labels): void {
    const key = JSON.stringify(labels);
    if (this.#namespaces.has(key)) return;
    this.#namespaces.set(key, labels);
    for (const proto of this.tcpProtos) for (const state of TCP_STATES) this.#sockets.add({ proto, state, ...labels }, 0);
  }

  /** One socket of the reading: its record, or what the metrics read of it. */
  add(r: MetricRecord): void {
    const ns = this.#labelsOf(r);
    this.#sockets.add({ proto: r.proto, state: r.state ?? "", ...ns });
    if (isListener(r)) {
      this.#listeners.update(r, 1);
      this.#listening.add({ proto: r.proto, address: r.local_ip, port: String(r.local_port_num), program: programOf(r), ...ns });
    } else if (isConnection(r)) this.#connections.push(r);
  }

  /** A record's namespace labels, made once per namespace (a reading holds few namespaces and many sockets). */
  #labelsOf(r: MetricRecord): Labels {
    if (!this.options.netns) return NO_LABELS;
    const inode = r.netns ?? 0;
    let labels = this.#byInode.get(inode);
    if (labels === undefined) {
      this.#byInode.set(inode, (labels = netnsLabels(r, true)));
      this.namespace(labels);
    }
    return labels;
  }

  /** The socket families, once every record is in. */
  families(): MetricFamily[] {
    const { netns } = this.options;
    const connections = new SeriesSums(labelNamesOf(SNAPSHOT_FAMILIES.connections, netns));
    // Tens of thousands of connections fall into a few series: each is keyed by its label values, labelled once.
    for (const r of this.#connections) {
      const { direction, port } = directionOf(r, this.#listeners, this.options);
      const key = `${r.proto}\u0000${r.state ?? ""}\u0000${direction}\u0000${port}\u0000${programOf(r)}\u0000${r.netns ?? ""}`;
      connections.addKeyed(key, () => ({ state: r.state ?? "", ...connectionLabels(r, this.#listeners, this.options) }));
    }
    return [
      familyOf(SNAPSHOT_FAMILIES.sockets, netns, this.#sockets.samples()),
      familyOf(SNAPSHOT_FAMILIES.listening, netns, this.#listening.samples()),
      familyOf(SNAPSHOT_FAMILIES.connections, netns, connections.samples()),
    ];
  }
}

/**
 * A counter's family name: `netstat_<Section>_<Key>`; an snmp6 key (`Ip6InReceives`) is split
 * after its first `6`, and one without a `6` has no name (node_exporter skips it too).
 */
export function counterName(file: StatisticSection["file"], section: string, key: string): string | undefined {
  if (file !== "snmp6") return metricName(`netstat_${section}_${key}`);
  if (!key.includes("6")) return undefined;
  const title = snmp6Title(key);
  return metricName(`netstat_${title}_${key.slice(title.length)}`);
}

const TWO_63 = 1n << 63n;

/**
 * A counter as the kernel printed it: netstat reads every value as unsigned (strtoull), but the
 * kernel prints a few signed ones (Tcp MaxConn is -1), which node_exporter exposes as such.
 */
function signed(value: bigint): bigint {
  return value >= TWO_63 ? value - (1n << 64n) : value;
}

/** The protocol counters of /proc/net/snmp, netstat and snmp6 as families, one per counter, a series per namespace. */
export function counterFamilies(counters: readonly NamespaceCounters[], netns: boolean): MetricFamily[] {
  const byName = new Map<string, { help: string; samples: Sample[]; seen: Set<string> }>();
  for (const { labels, sections } of counters) {
    const ns = JSON.stringify(labels);
    for (const section of sections) {
      if (section.file === "sctp") continue;
      for (const c of section.counters) {
        const name = counterName(c.file, c.section, c.key);
        if (name === undefined) continue;
        let family = byName.get(name);
        if (family === undefined) byName.set(name, (family = { help: `Counter ${c.key} of section ${c.section} in /proc/net/${c.file}.`, samples: [], seen: new Set() }));
        // A key given twice in one namespace keeps its first value, as one series per label set must.
        if (family.seen.has(ns)) continue;
        family.seen.add(ns);
        family.samples.push({ labels, value: signed(c.value) });
      }
    }
  }
  return [...byName].map(([name, f]) => ({ name, type: "untyped", help: f.help, labelNames: labelNamesOf(COUNTER_FAMILY, netns), samples: f.samples }));
}

/** Every family of one reading, each within `options.maxSeries`, with the folds and the reading's duration. */
export function readingFamilies(
  families: readonly MetricFamily[],
  options: Pick<MetricsOptions, "maxSeries">,
  durationSeconds: number,
): MetricFamily[] {
  const folded: Sample[] = [];
  const capped = families.map((f) => {
    const c = capFamily(f, options.maxSeries);
    // The socket and event families always say how many they folded; a counter (one series per namespace) only when it did.
    if (f.labelNames.length > 0 && (f.type !== "untyped" || c.folded > 0)) folded.push({ labels: { family: exposedName(f) }, value: c.folded });
    return c.family;
  });
  return [
    ...capped,
    familyOf(SELF_FAMILIES.folded, false, folded),
    familyOf(SELF_FAMILIES.duration, false, [{ labels: {}, value: durationSeconds }]),
    familyOf(SELF_FAMILIES.build, false, [{ labels: { version }, value: 1 }]),
  ];
}
