import { describe, expect, test } from "bun:test";
import { map } from "rxjs";
import { TestScheduler } from "rxjs/testing";
import type { SocketEvent } from "../../src/model/event.ts";
import { renderExposition } from "../../src/format/exposition.ts";
import { DURATION_BUCKETS, EventMetrics, eventMetrics } from "../../src/format/metric-events.ts";
import type { MetricsOptions } from "../../src/format/socket-metrics.ts";
import { tcpRecord } from "../_support/records.ts";
import { PROMTOOL, promtoolCheck } from "../_support/exposition-oracles.ts";

const OPTIONS: MetricsOptions = { ports: [], maxSeries: 2000, netns: false };

const listener = tcpRecord(8080, 0, "LISTEN", 10, { pid: 7 });
const inbound = tcpRecord(8080, 40000, "ESTABLISHED", 11, { pid: 7 });
const outbound = tcpRecord(40001, 443, "ESTABLISHED", 12, { pid: 7 });

const open = (record: typeof listener, at: number, existing = false): SocketEvent => ({ event: "open", at, record, existing });
const close = (record: typeof listener, at: number, firstSeen: number | null, counters?: { bytes_received: number; bytes_acked: number }): SocketEvent => ({
  event: "close",
  at,
  record,
  firstSeen,
  lastSeen: at,
  source: "kernel",
  ...(counters === undefined ? {} : { counters }),
});

/** The value of each series of a family, by its labels' values joined. */
function values(metrics: EventMetrics, name: string): Record<string, number> {
  const family = metrics.families().find((f) => f.name === name)!;
  const out: Record<string, number> = {};
  for (const s of family.samples) out[Object.values(s.labels).join(" ")] = "value" in s ? Number(s.value) : s.count;
  return out;
}

describe("EventMetrics", () => {
  test("EventMetrics counts opens and closes by direction, learning listeners from existing opens without counting them", () => {
    const m = new EventMetrics(OPTIONS);
    for (const e of [open(listener, 0, true), open(inbound, 1), open(outbound, 1), close(inbound, 3000, 1, { bytes_received: 10, bytes_acked: 20 }), close(outbound, 2, null)]) m.add(e);
    expect(values(m, "netstat_connections_opened")).toEqual({ "tcp inbound 8080 srv": 1, "tcp outbound other srv": 1 });
    expect(values(m, "netstat_connections_closed")).toEqual({ "tcp inbound 8080 srv": 1, "tcp outbound other srv": 1 });
    // Only the close with a known first sighting has a lifetime.
    expect(values(m, "netstat_connection_duration_seconds")).toEqual({ "tcp inbound 8080 srv": 1 });
    expect(values(m, "netstat_connection_received_bytes")).toEqual({ "tcp inbound 8080 srv": 10 });
    expect(values(m, "netstat_connection_sent_bytes")).toEqual({ "tcp inbound 8080 srv": 20 });
    const h = m.families().find((f) => f.name === "netstat_connection_duration_seconds")!;
    const sample = h.type === "histogram" ? h.samples[0]! : undefined;
    expect(sample?.sum).toBeCloseTo(2.999, 6);
    expect(sample?.buckets.map((b) => b.count)).toEqual(DURATION_BUCKETS.map((le) => (2.999 <= le ? 1 : 0)));
  });

  test("EventMetrics forgets a listener that closed: a later connection to its port is outbound", () => {
    const m = new EventMetrics(OPTIONS);
    for (const e of [open(listener, 0), close(listener, 1, 0), open(inbound, 2)]) m.add(e);
    expect(values(m, "netstat_connections_opened")).toEqual({ "tcp outbound other srv": 1 });
  });

  test("EventMetrics keeps --metrics-ports' remote ports apart", () => {
    const m = new EventMetrics({ ...OPTIONS, ports: [443] });
    m.add(open(outbound, 0));
    expect(values(m, "netstat_connections_opened")).toEqual({ "tcp outbound 443 srv": 1 });
  });

  test("EventMetrics counts the kernel's lost notifications, one for a loss of unknown size, and not a reader's", () => {
    const m = new EventMetrics(OPTIONS);
    for (const e of [
      { event: "gap", at: 0, lost: 3, cause: "kernel" },
      { event: "gap", at: 0, lost: null, cause: "kernel" },
      { event: "gap", at: 0, lost: 50, cause: "reader" },
    ] as const) m.add(e);
    expect(values(m, "netstat_kernel_events_lost")).toEqual({ "": 4 });
  });

  test.skipIf(PROMTOOL === undefined)("EventMetrics families render to an exposition promtool accepts", () => {
    const m = new EventMetrics(OPTIONS);
    for (const e of [open(listener, 0, true), open(inbound, 1), close(inbound, 3000, 1, { bytes_received: 10, bytes_acked: 20 })]) m.add(e);
    expect(promtoolCheck(renderExposition(m.families(), "text"))).toEqual({ code: 0, messages: [] });
  });
});

describe("eventMetrics", () => {
  const scheduler = (): TestScheduler => new TestScheduler((a, e) => expect(a).toEqual(e));
  const events = { a: open(listener, 0, true), b: open(inbound, 1), c: close(inbound, 5, 1) };
  const opened = (m: EventMetrics): number => Object.values(values(m, "netstat_connections_opened")).reduce((x, y) => x + y, 0);

  test("eventMetrics emits the sums after each event and completes with its source", () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("a-b-c|", events);
      expectObservable(source.pipe(eventMetrics(OPTIONS), map(opened))).toBe("a-b-c|", { a: 0, b: 1, c: 1 });
      expectSubscriptions(source.subscriptions).toBe("^----!");
    });
  });

  test("eventMetrics passes an error on and an empty stream completes", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("a-#", events).pipe(eventMetrics(OPTIONS), map(opened))).toBe("a-#", { a: 0 });
      expectObservable(cold<SocketEvent>("|").pipe(eventMetrics(OPTIONS))).toBe("|");
    });
  });

  test("eventMetrics unsubscribes from its source when unsubscribed, and sums afresh for each subscriber", () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("a-b-c|", events);
      const summed = source.pipe(eventMetrics(OPTIONS), map(opened));
      expectObservable(summed, "^--!").toBe("a-b", { a: 0, b: 1 });
      expectObservable(summed).toBe("a-b-c|", { a: 0, b: 1, c: 1 });
      expectSubscriptions(source.subscriptions).toBe(["^--!", "^----!"]);
    });
  });
});
