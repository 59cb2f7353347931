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
import type { NetworkRecord, SocketRecord } from "../model/record.ts";
import type { StatisticSection } from "../model/statistic.ts";
import { snmp6Title } from "../proc/net-snmp.ts";
import { metricName, type Labels, type MetricFamily, type Sample } from "./exposition.ts";
import { COUNTER_FAMILY, labelNamesOf, SELF_FAMILIES, SNAPSHOT_FAMILIES } from "./metric-catalogue.ts";
import { capFamily, familyOf, SeriesSums } from "./metric-series.ts";
import { connectionLabels, isConnection, isListener, ListenerPorts, netnsLabels, programOf, type MetricsOptions } from "./socket-metrics.ts";

/** The TCP states `netstat_sockets` always has a series for. */
const TCP_STATES = TCP_STATE_NAMES.filter((s) => s !== "UNKNOWN");

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
  readonly #connections: NetworkRecord[] = [];
  readonly #namespaces = new Map<string, Labels>();

  /** `tcpStates`: whether the reading lists TCP, so that every TCP state has a series. */
  constructor(
    readonly options: MetricsOptions,
    readonly tcpStates: boolean,
  ) {
    this.#sockets = new SeriesSums(labelNamesOf(SNAPSHOT_FAMILIES.sockets, options.netns));
    this.#listening = new SeriesSums(labelNamesOf(SNAPSHOT_FAMILIES.listening, options.netns));
  }

  /** A namespace the reading covers, so that its TCP states have series even when it has no socket. */
  namespace(labels: Labels): void {
    const key = JSON.stringify(labels);
    if (this.#namespaces.has(key)) return;
    this.#namespaces.set(key, labels);
    if (!this.tcpStates) return;
    for (const proto of ["tcp", "tcp6"]) for (const state of TCP_STATES) this.#sockets.add({ proto, state, ...labels }, 0);
  }

  /** One socket of the reading. */
  add(r: SocketRecord): void {
    const ns = netnsLabels(r, this.options.netns);
    this.namespace(ns);
    this.#sockets.add({ proto: r.proto, state: r.state ?? "", ...ns });
    if (isListener(r)) {
      this.#listeners.update(r, 1);
      this.#listening.add({ proto: r.proto, address: r.local_ip, port: String(r.local_port_num), program: programOf(r), ...ns });
    } else if (isConnection(r)) this.#connections.push(r);
  }

  /** The socket families, once every record is in. */
  families(): MetricFamily[] {
    const { netns } = this.options;
    const connections = new SeriesSums(labelNamesOf(SNAPSHOT_FAMILIES.connections, netns));
    for (const r of this.#connections) connections.add({ state: r.state ?? "", ...connectionLabels(r, this.#listeners, this.options) });
    return [
      familyOf(SNAPSHOT_FAMILIES.sockets, netns, this.#sockets.samples()),
      familyOf(SNAPSHOT_FAMILIES.listening, netns, this.#listening.samples()),
      familyOf(SNAPSHOT_FAMILIES.connections, netns, connections.samples()),
    ];
  }
}

/** A counter's family name: `netstat_<Section>_<Key>`; an snmp6 key (`Ip6InReceives`) is split after its first `6`. */
export function counterName(file: StatisticSection["file"], section: string, key: string): string {
  if (file !== "snmp6") return metricName(`netstat_${section}_${key}`);
  const title = snmp6Title(key);
  return metricName(`netstat_${title}_${key.slice(title.length)}`);
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
        let family = byName.get(name);
        if (family === undefined) byName.set(name, (family = { help: `Counter ${c.key} of section ${c.section} in /proc/net/${c.file}.`, samples: [], seen: new Set() }));
        // A key given twice in one namespace keeps its first value, as one series per label set must.
        if (family.seen.has(ns)) continue;
        family.seen.add(ns);
        family.samples.push({ labels, value: c.value });
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
    // The protocol counters have one series per namespace: only the socket and event families can grow.
    if (f.type !== "untyped") folded.push({ labels: { family: f.name }, value: c.folded });
    return c.family;
  });
  return [
    ...capped,
    familyOf(SELF_FAMILIES.folded, false, folded),
    familyOf(SELF_FAMILIES.duration, false, [{ labels: {}, value: durationSeconds }]),
    familyOf(SELF_FAMILIES.build, false, [{ labels: { version }, value: 1 }]),
  ];
}
