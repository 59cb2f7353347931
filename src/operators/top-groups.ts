/**
 * `--top`'s groups: each interval's flows (operators/top-model.ts) summed per
 * process, per remote host and per namespace, with the bytes of the
 * connections each has had since the start kept after they close, so that a
 * process that exited keeps its totals.
 */
import type { NetworkRecord } from "../model/record.ts";
import { INITIAL_TOP_STATE, stepTop, type TopFlow, type TopInput, type TopState } from "./top-model.ts";

/** The groupings the live view shows besides the connections. */
export type TopGroupKind = "processes" | "hosts" | "namespaces";

/** One group's row. */
export interface TopGroup {
  readonly id: string;
  /** The program, the host as named (or numeric with -n), or the namespace's name. */
  readonly label: string;
  /** The host's numeric address, the process's pid. */
  readonly numeric: string;
  /** Live connections (sockets with a remote end). */
  readonly connections: number;
  /** Bytes per second over the last interval. */
  readonly rxRate: number;
  readonly txRate: number;
  /** Bytes of its live connections since they opened. */
  readonly rx: number;
  readonly tx: number;
  /** Bytes of every connection it has had since the start, closed ones included. */
  readonly rxAll: number;
  readonly txAll: number;
  /** Whether it has a socket now. */
  readonly live: boolean;
}

/** What each group keeps once its connections close. */
interface Kept {
  readonly label: string;
  readonly numeric: string;
  readonly rx: number;
  readonly tx: number;
}

/** The whole model: the connections' state, and per group kind its rows and the bytes of its closed connections. */
export interface TopModel {
  readonly state: TopState;
  readonly groups: Readonly<Record<TopGroupKind, ReadonlyMap<string, TopGroup>>>;
  readonly kept: Readonly<Record<TopGroupKind, ReadonlyMap<string, Kept>>>;
}

/** The model before any reading. */
export const INITIAL_TOP_MODEL: TopModel = {
  state: INITIAL_TOP_STATE,
  groups: { processes: new Map(), hosts: new Map(), namespaces: new Map() },
  kept: { processes: new Map(), hosts: new Map(), namespaces: new Map() },
};

type GroupKey = readonly [string, string, string] | undefined;

/** The group of a record in each kind (undefined: not in any of that kind), with its label and numeric form. */
const KEYS: Readonly<Record<TopGroupKind, (r: NetworkRecord) => GroupKey>> = {
  processes: (r) => {
    if (r.pid !== undefined && r.pid !== null) return [`${r.pid}`, r.program_name ?? "-", `${r.pid}`];
    // A connection no reading saw has no owner the kernel could tell; an unreadable one has none we may see.
    return r.attribution === "gone" ? ["gone", "(closed unseen)", "-"] : ["-", "-", "-"];
  },
  hosts: (r) => (r.foreign_port_num === 0 ? undefined : [r.foreign_ip, r.foreign_address, r.foreign_ip]),
  namespaces: (r) => {
    if (r.netns === undefined) return undefined;
    const name = r.container_id?.slice(0, 12) ?? r.netns_name ?? `net:[${r.netns}]`;
    return [`${r.netns}`, name, `${r.netns}`];
  },
};

/**
 * Each record's keys in every kind, worked out once: a record lives as long as its socket is
 * unchanged, and every reading groups every socket again (a pure function's results, held weakly).
 */
const KNOWN_KEYS = new WeakMap<NetworkRecord, Readonly<Record<TopGroupKind, GroupKey>>>();

function keyOf(kind: TopGroupKind, r: NetworkRecord): GroupKey {
  let keys = KNOWN_KEYS.get(r);
  if (keys === undefined) KNOWN_KEYS.set(r, (keys = { processes: KEYS.processes(r), hosts: KEYS.hosts(r), namespaces: KEYS.namespaces(r) }));
  return keys[kind];
}

/** The id of the group of `kind` a record belongs to, if any. */
export function groupIdOf(kind: TopGroupKind, r: NetworkRecord): string | undefined {
  return keyOf(kind, r)?.[0];
}

interface Sum {
  label: string;
  numeric: string;
  connections: number;
  rxMoved: number;
  txMoved: number;
  rx: number;
  tx: number;
  live: boolean;
}

/** One kind's rows after an interval, and what its groups keep of their closed connections. */
function groupsOf(kind: TopGroupKind, flows: readonly TopFlow[], intervalMs: number, keptBefore: ReadonlyMap<string, Kept>): readonly [Map<string, TopGroup>, Map<string, Kept>] {
  const sums = new Map<string, Sum>();
  const kept = new Map(keptBefore);
  for (const flow of flows) {
    const key = keyOf(kind, flow.record);
    if (key === undefined) continue;
    const [id, label, numeric] = key;
    let sum = sums.get(id);
    if (sum === undefined) sums.set(id, (sum = { label, numeric, connections: 0, rxMoved: 0, txMoved: 0, rx: 0, tx: 0, live: false }));
    sum.rxMoved += flow.rx;
    sum.txMoved += flow.tx;
    if (flow.live) {
      sum.live = true;
      sum.rx += flow.rxTotal;
      sum.tx += flow.txTotal;
      if (flow.record.foreign_port_num !== 0) sum.connections++;
    } else {
      const k = kept.get(id);
      kept.set(id, { label, numeric, rx: (k?.rx ?? 0) + flow.rxTotal, tx: (k?.tx ?? 0) + flow.txTotal });
    }
  }
  const seconds = intervalMs / 1000;
  const rows = new Map<string, TopGroup>();
  for (const [id, k] of kept) if (!sums.has(id)) sums.set(id, { label: k.label, numeric: k.numeric, connections: 0, rxMoved: 0, txMoved: 0, rx: 0, tx: 0, live: false });
  for (const [id, s] of sums) {
    const k = kept.get(id);
    rows.set(id, {
      id,
      label: s.label,
      numeric: s.numeric,
      connections: s.connections,
      rxRate: seconds === 0 ? 0 : s.rxMoved / seconds,
      txRate: seconds === 0 ? 0 : s.txMoved / seconds,
      rx: s.rx,
      tx: s.tx,
      rxAll: s.rx + (k?.rx ?? 0),
      txAll: s.tx + (k?.tx ?? 0),
      live: s.live,
    });
  }
  return [rows, kept];
}

/** The next model after one input: the groups are settled at each reading. */
export function stepTopModel(model: TopModel, input: TopInput): TopModel {
  const state = stepTop(model.state, input);
  if (input.kind === "closed") return { ...model, state };
  const [processes, keptProcesses] = groupsOf("processes", state.flows, state.intervalMs, model.kept.processes);
  const [hosts, keptHosts] = groupsOf("hosts", state.flows, state.intervalMs, model.kept.hosts);
  const [namespaces, keptNamespaces] = groupsOf("namespaces", state.flows, state.intervalMs, model.kept.namespaces);
  return { state, groups: { processes, hosts, namespaces }, kept: { processes: keptProcesses, hosts: keptHosts, namespaces: keptNamespaces } };
}
