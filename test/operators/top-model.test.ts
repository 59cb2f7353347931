import { describe, expect, test } from "bun:test";
import { INITIAL_TOP_MODEL, stepTopModel, type TopModel } from "../../src/operators/top-groups.ts";
import { INITIAL_TOP_STATE, stepTop, type TopInput, type TopSocket } from "../../src/operators/top-model.ts";
import { tcpRecord } from "../_support/records.ts";

const sender = tcpRecord(40001, 5001, "ESTABLISHED", 11, { pid: 100, foreign: "203.0.113.2" });
const idle = tcpRecord(40002, 5002, "ESTABLISHED", 12, { pid: 200, foreign: "203.0.113.3" });
const listener = tcpRecord(5001, 0, "LISTEN", 13, { pid: 200, foreign: "0.0.0.0" });

function socket(record: TopSocket["record"], cookie: number, rx: number, tx: number, rttUs = 500): TopSocket {
  return { record, cookie, counters: { bytes_received: rx, bytes_acked: tx, rtt_us: rttUs } };
}

function reading(at: number, ...sockets: TopSocket[]): TopInput {
  return { kind: "reading", at, sockets };
}

function run(...inputs: TopInput[]): TopModel {
  return inputs.reduce(stepTopModel, INITIAL_TOP_MODEL);
}

describe("stepTop", () => {
  test("stepTop rates are the counter deltas over the interval, none at the first reading", () => {
    const first = stepTop(INITIAL_TOP_STATE, reading(1000, socket(sender, 1, 100, 5_000_000)));
    expect(first.connections.get("c1")?.txRate).toBeNull();
    const second = stepTop(first, reading(3000, socket(sender, 1, 300, 9_000_000)));
    const c = second.connections.get("c1")!;
    expect(c.txRate).toBe(2_000_000);
    expect(c.rxRate).toBe(100);
    expect(c.rttMs).toBe(0.5);
    expect(second.intervalMs).toBe(2000);
    expect(second.txTotal).toBe(9_000_000);
  });

  test("stepTop counts all a socket new since the last reading moved", () => {
    const first = stepTop(INITIAL_TOP_STATE, reading(0));
    const second = stepTop(first, reading(1000, socket(sender, 7, 0, 300_000)));
    expect(second.connections.get("c7")?.txRate).toBe(300_000);
    expect(second.opened).toBe(1);
    expect(second.connections.get("c7")?.since).toBe(1000);
  });

  test("stepTop takes a closed socket's last bytes from the kernel's close", () => {
    let s = stepTop(INITIAL_TOP_STATE, reading(0, socket(sender, 1, 0, 1000)));
    s = stepTop(s, { kind: "closed", at: 500, cookie: 1, record: sender, counters: { bytes_received: 0, bytes_acked: 5000 } });
    s = stepTop(s, reading(1000));
    expect(s.closed).toBe(1);
    expect(s.flows).toEqual([{ record: sender, rx: 0, tx: 4000, live: false, rxTotal: 0, txTotal: 5000 }]);
    expect(s.txTotal).toBe(5000);
  });

  test("stepTop counts a connection that opened and closed between two readings", () => {
    let s = stepTop(INITIAL_TOP_STATE, reading(0));
    for (let cookie = 10; cookie < 60; cookie++) s = stepTop(s, { kind: "closed", at: 500, cookie, record: sender, counters: { bytes_received: 0, bytes_acked: 100_000 } });
    s = stepTop(s, reading(1000));
    expect(s.opened).toBe(50);
    expect(s.closed).toBe(50);
    expect(s.txTotal).toBe(5_000_000);
  });

  test("stepTop skips the TIME_WAIT remnant of a close already counted", () => {
    const remnant: TopSocket = { record: { ...sender, state: "TIME_WAIT" }, cookie: 1 };
    let s = stepTop(INITIAL_TOP_STATE, reading(0, socket(sender, 1, 0, 10)));
    s = stepTop(s, { kind: "closed", at: 500, cookie: 1, record: sender, counters: { bytes_received: 0, bytes_acked: 10 } });
    s = stepTop(s, reading(1000, remnant));
    s = stepTop(s, reading(2000, remnant));
    expect(s.connections.size).toBe(0);
    expect(s.opened).toBe(0);
  });

  test("stepTop keeps a socket read from /proc by its ends and inode, without rates", () => {
    let s = stepTop(INITIAL_TOP_STATE, reading(0, { record: idle }));
    s = stepTop(s, reading(1000, { record: idle }));
    expect(s.opened).toBe(0);
    expect([...s.connections.values()][0]?.rxRate).toBeNull();
  });
});

describe("stepTopModel", () => {
  test("stepTopModel sums rates and connections per process and remote host", () => {
    const m = run(reading(0, socket(sender, 1, 0, 0), socket(idle, 2, 0, 0), socket(listener, 3, 0, 0)), reading(1000, socket(sender, 1, 10, 2_000_000), socket(idle, 2, 0, 0), socket(listener, 3, 0, 0)));
    expect(m.groups.processes.get("100")).toMatchObject({ label: "srv", connections: 1, txRate: 2_000_000, rxRate: 10, live: true });
    expect(m.groups.processes.get("200")).toMatchObject({ connections: 1, txRate: 0 });
    expect(m.groups.hosts.get("203.0.113.2")).toMatchObject({ connections: 1, txRate: 2_000_000 });
    expect(m.groups.hosts.has("0.0.0.0")).toBe(false);
    expect(m.groups.namespaces.size).toBe(0);
  });

  test("stepTopModel keeps the totals of a process whose connections closed", () => {
    const m = run(
      reading(0, socket(sender, 1, 0, 100)),
      { kind: "closed", at: 500, cookie: 1, record: sender, counters: { bytes_received: 7, bytes_acked: 900 } },
      reading(1000),
      reading(2000),
    );
    expect(m.groups.processes.get("100")).toMatchObject({ live: false, connections: 0, tx: 0, txAll: 900, rxAll: 7, txRate: 0 });
  });

  test("stepTopModel groups by namespace with --all-netns", () => {
    const inNs = { ...sender, netns: 4026532000, netns_name: "blue" };
    const m = run(reading(0, socket(inNs, 1, 0, 0)), reading(1000, socket(inNs, 1, 0, 50)));
    expect(m.groups.namespaces.get("4026532000")).toMatchObject({ label: "blue", txRate: 50 });
  });

  test("stepTopModel puts closes no reading saw under their own row", () => {
    const unseen = { ...sender, pid: null, program_name: null, attribution: "gone" as const };
    const m = run(reading(0), { kind: "closed", at: 10, cookie: 9, record: unseen, counters: { bytes_received: 5, bytes_acked: 6 } }, reading(1000));
    expect(m.groups.processes.get("gone")).toMatchObject({ txAll: 6, rxAll: 5, txRate: 6 });
  });
});
