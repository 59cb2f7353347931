/**
 * The metrics of the event stream (`--watch`'s SocketEvents): connections
 * opened and closed, their lifetimes, the bytes of the TCP ones the kernel
 * told of, and the kernel's lost notifications, summed since the start.
 * {@linkcode EventMetrics} takes one event at a time; {@linkcode eventMetrics}
 * is the operator that feeds it from a stream. A long-running export
 * (`--serve`, `--textfile -c`) renders its families next to each reading's.
 */
import { defer, map, type OperatorFunction } from "rxjs";
import type { SocketEvent } from "../model/event.ts";
import type { HistogramSample, Labels, MetricFamily } from "./exposition.ts";
import { EVENT_FAMILIES, labelNamesOf } from "./metric-catalogue.ts";
import { familyOf, SeriesSums } from "./metric-series.ts";
import { lifetimeMs } from "./socket-event.ts";
import { connectionLabels, isConnection, isListener, ListenerPorts, type MetricsOptions } from "./socket-metrics.ts";

/** The upper bounds of `netstat_connection_duration_seconds`, in seconds: from a millisecond to an hour. */
export const DURATION_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

interface Histogram {
  readonly labels: Labels;
  readonly counts: number[];
  sum: number;
  count: number;
}

/** The event families' sums since the start. */
export class EventMetrics {
  readonly #listeners = new ListenerPorts();
  readonly #opened: SeriesSums;
  readonly #closed: SeriesSums;
  readonly #received: SeriesSums;
  readonly #sent: SeriesSums;
  readonly #durations = new Map<string, Histogram>();
  #lost = 0;

  constructor(readonly options: MetricsOptions) {
    const names = labelNamesOf(EVENT_FAMILIES.opened, options.netns);
    [this.#opened, this.#closed, this.#received, this.#sent] = [new SeriesSums(names), new SeriesSums(names), new SeriesSums(names), new SeriesSums(names)];
  }

  /** Takes one event into the sums. An `existing` open (a socket there before the start) teaches the listeners but opened nothing. */
  add(e: SocketEvent): void {
    if (e.event === "gap") {
      // A loss the kernel cannot size still lost at least one notification.
      if (e.cause === "kernel") this.#lost += e.lost ?? 1;
      return;
    }
    const r = e.record;
    if (isListener(r)) {
      if (e.event === "open") this.#listeners.update(r, 1);
      else if (e.event === "close") this.#listeners.update(r, -1);
      return;
    }
    if (!isConnection(r)) return;
    const labels = connectionLabels(r, this.#listeners, this.options);
    if (e.event === "open" && !e.existing) this.#opened.add(labels);
    if (e.event !== "close") return;
    this.#closed.add(labels);
    const lifetime = lifetimeMs(e);
    if (lifetime !== null) this.#observe(labels, lifetime / 1000);
    if (e.counters?.bytes_received !== undefined) this.#received.add(labels, e.counters.bytes_received);
    if (e.counters?.bytes_acked !== undefined) this.#sent.add(labels, e.counters.bytes_acked);
  }

  #observe(labels: Labels, seconds: number): void {
    const key = this.#opened.names.map((n) => labels[n] ?? "").join("\u0000");
    let h = this.#durations.get(key);
    if (h === undefined) this.#durations.set(key, (h = { labels, counts: DURATION_BUCKETS.map(() => 0), sum: 0, count: 0 }));
    for (const [i, le] of DURATION_BUCKETS.entries()) if (seconds <= le) h.counts[i]!++;
    h.sum += seconds;
    h.count++;
  }

  /** The event families as they stand: every family present, with no series where nothing happened yet. */
  families(): MetricFamily[] {
    const { netns } = this.options;
    const durations: HistogramSample[] = [...this.#durations.values()].map((h) => ({
      labels: h.labels,
      buckets: DURATION_BUCKETS.map((le, i) => ({ le, count: h.counts[i]! })),
      sum: h.sum,
      count: h.count,
    }));
    const head = EVENT_FAMILIES.duration;
    return [
      familyOf(EVENT_FAMILIES.opened, netns, this.#opened.samples()),
      familyOf(EVENT_FAMILIES.closed, netns, this.#closed.samples()),
      { name: head.name, type: head.type, help: head.help, labelNames: labelNamesOf(head, netns), samples: durations },
      familyOf(EVENT_FAMILIES.received, netns, this.#received.samples()),
      familyOf(EVENT_FAMILIES.sent, netns, this.#sent.samples()),
      familyOf(EVENT_FAMILIES.lost, false, [{ labels: {}, value: this.#lost }]),
    ];
  }
}

/** Sums a stream of events into one {@linkcode EventMetrics} per subscription, emitted after each event (the same object each time). */
export function eventMetrics(options: MetricsOptions): OperatorFunction<SocketEvent, EventMetrics> {
  return (events) =>
    defer(() => {
      const metrics = new EventMetrics(options);
      return events.pipe(
        map((e) => {
          metrics.add(e);
          return metrics;
        }),
      );
    });
}
