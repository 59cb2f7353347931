import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { InetSocket } from "../../src/model/socket.ts";
import {
  AF_INET,
  AF_INET6,
  createInetDiagMemo,
  createInetDiagReader,
  parseInetDiagBatch,
  type DiagLabel,
} from "../../src/proc/inet-diag.ts";
import { parseNetInet } from "../../src/proc/net-inet.ts";
import { asProc, steady } from "../_support/steady.ts";

const FIXTURES = resolve(import.meta.dir, "../../fixtures/netlink");

function dump(file: string, label: DiagLabel): { records: readonly InetSocket[]; errno: number; done: boolean } {
  const bytes = new Uint8Array(readFileSync(`${FIXTURES}/${file}`));
  return parseInetDiagBatch(createInetDiagReader(label), bytes, bytes.length);
}

describe("parseInetDiagBatch on dumps captured with /proc beside them (scripts/capture-diag-fixtures.ts)", () => {
  const cases = [
    { label: "tcp", file: "tcp.nl" },
    { label: "tcp", file: "tcp.info.nl" },
    { label: "tcp6", file: "tcp6.nl" },
    { label: "tcp6", file: "tcp6.info.nl" },
    { label: "udp", file: "udp.nl" },
    { label: "udp6", file: "udp6.nl" },
  ] as const;
  for (const { label, file } of cases) {
    test(`parseInetDiagBatch gives /proc/net/${label}'s records, in its order, from ${file}`, () => {
      const fromProc = parseNetInet(readFileSync(`${FIXTURES}/${label}`, "latin1"), label);
      const fromNetlink = dump(file, label);
      expect(fromNetlink.errno).toBe(0);
      expect(fromNetlink.done).toBe(true);
      expect(fromProc.records.length).toBeGreaterThan(5);
      expect(fromNetlink.records.map(steady)).toEqual(fromProc.records.map(steady));
      // The two readings were a few milliseconds apart: the countdowns agree to within a second.
      fromNetlink.records.forEach((s, i) => expect(Math.abs(s.timerTicks - fromProc.records[i]!.timerTicks)).toBeLessThanOrEqual(100));
      // UDP has no timers: every field /proc shows is equal.
      if (label.startsWith("udp")) expect(fromNetlink.records.map(asProc)).toEqual([...fromProc.records]);
      for (const s of fromNetlink.records) expect(Number.isSafeInteger(s.cookie) && s.cookie! > 0).toBe(true);
      expect(new Set(fromNetlink.records.map((s) => s.cookie)).size).toBe(fromNetlink.records.length);
    });
  }

  test("parseInetDiagBatch sees the fixture's states, timers and owners", () => {
    const { records } = dump("tcp.info.nl", "tcp");
    const states = new Set(records.map((s) => s.state));
    for (const state of [1, 2, 5, 6, 8, 10]) expect(states).toContain(state);
    expect(records.some((s) => s.timerActive === 1 && s.retransmits > 0)).toBe(true);
    expect(records.some((s) => s.uid === 65534)).toBe(true);
    expect(records.some((s) => s.rxQueue > 0)).toBe(true);
  });

  test("parseInetDiagBatch sees the UDP fixtures' sockets: bound and connected, queued both ways, nobody's, v4-mapped", () => {
    const v4 = dump("udp.nl", "udp").records;
    const v6 = dump("udp6.nl", "udp6").records;
    for (const records of [v4, v6]) {
      expect(new Set(records.map((s) => s.state))).toEqual(new Set([1, 7]));
      expect(records.some((s) => s.rxQueue > 0)).toBe(true);
      expect(records.every((s) => s.proto === "udp")).toBe(true);
    }
    expect(v4.some((s) => s.txQueue > 0)).toBe(true);
    expect(v4.some((s) => s.uid === 65534)).toBe(true);
    expect(v6.some((s) => s.localAddress === "::ffff:127.0.0.1" && s.state === 1)).toBe(true);
  });
});

/** One SOCK_DIAG_BY_FAMILY message built field by field, for the cases a capture cannot pin down. */
interface Message {
  readonly family?: number;
  readonly state: number;
  readonly timer?: number;
  readonly retrans?: number;
  readonly sport: number;
  readonly dport?: number;
  readonly src?: readonly number[];
  readonly dst?: readonly number[];
  readonly expiresMs?: number;
  readonly rqueue?: number;
  readonly wqueue?: number;
  readonly uid?: number;
  readonly inode?: number;
  /** The socket cookie's low word; by default one made of the ports and inode, unique within a test. */
  readonly cookie?: number;
  readonly cookieHigh?: number;
  /** tcp_info retransmits and probes. */
  readonly info?: readonly [number, number];
}

function message(m: Message): Uint8Array {
  const size = 16 + 72 + (m.info === undefined ? 0 : 4 + 8);
  const bytes = new Uint8Array(size);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, size, true);
  v.setUint16(4, 20, true);
  bytes.set([m.family ?? AF_INET, m.state, m.timer ?? 0, m.retrans ?? 0], 16);
  v.setUint16(20, m.sport, false);
  v.setUint16(22, m.dport ?? 0, false);
  bytes.set(m.src ?? [127, 0, 0, 1], 24);
  bytes.set(m.dst ?? [0, 0, 0, 0], 40);
  v.setUint32(16 + 52, m.expiresMs ?? 0, true);
  v.setUint32(16 + 56, m.rqueue ?? 0, true);
  v.setUint32(16 + 60, m.wqueue ?? 0, true);
  v.setUint32(16 + 64, m.uid ?? 0, true);
  v.setUint32(16 + 68, m.inode ?? 0, true);
  v.setUint32(16 + 44, m.cookie ?? ((m.sport * 65536 + (m.dport ?? 0)) ^ (m.inode ?? 0)) >>> 0, true);
  v.setUint32(16 + 48, m.cookieHigh ?? 0, true);
  if (m.info !== undefined) {
    v.setUint16(88, 12, true);
    v.setUint16(90, 2, true);
    bytes.set([1, 0, m.info[0], m.info[1]], 92);
  }
  return bytes;
}

function control(type: 2 | 3, code: number): Uint8Array {
  const bytes = new Uint8Array(20);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, 20, true);
  v.setUint16(4, type, true);
  v.setInt32(16, code, true);
  return bytes;
}

function batch(...parts: readonly Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

function parse(parts: readonly Uint8Array[], label: DiagLabel = "tcp") {
  const bytes = batch(...parts);
  return parseInetDiagBatch(createInetDiagReader(label), bytes, bytes.length);
}

describe("parseInetDiagBatch fills the gaps as /proc shows them", () => {
  const cases: readonly { name: string; msg: Message; want: Partial<InetSocket> }[] = [
    { name: "a listener's send queue is 0, not its backlog limit", msg: { state: 10, sport: 80, rqueue: 3, wqueue: 4096 }, want: { txQueue: 0, rxQueue: 3 } },
    { name: "a connection's queues are the kernel's", msg: { state: 1, sport: 80, dport: 5000, rqueue: 7, wqueue: 9 }, want: { txQueue: 9, rxQueue: 7 } },
    { name: "milliseconds become ticks of 1/100 s, cut down", msg: { state: 1, sport: 1, dport: 2, timer: 2, expiresMs: 7199999 }, want: { timerActive: 2, timerTicks: 719999 } },
    { name: "no timer, no ticks", msg: { state: 1, sport: 1, dport: 2, expiresMs: 123 }, want: { timerActive: 0, timerTicks: 0 } },
    { name: "the retransmit timer carries the retransmit count", msg: { state: 2, sport: 1, dport: 2, timer: 1, retrans: 3 }, want: { retransmits: 3, timeout: 0 } },
    { name: "keepalive carries the probe count", msg: { state: 1, sport: 1, dport: 2, timer: 2, retrans: 2 }, want: { retransmits: 0, timeout: 2 } },
    { name: "zero-window probing carries the probe count", msg: { state: 1, sport: 1, dport: 2, timer: 4, retrans: 5 }, want: { retransmits: 0, timeout: 5 } },
    { name: "tcp_info's counts win over the timer's", msg: { state: 1, sport: 1, dport: 2, timer: 2, retrans: 9, info: [4, 6] }, want: { retransmits: 4, timeout: 6 } },
    { name: "ports are big-endian", msg: { state: 1, sport: 0x1f90, dport: 0xb799 }, want: { localPort: 8080, remotePort: 47001 } },
    { name: "IPv4 addresses", msg: { state: 1, sport: 1, dport: 2, src: [203, 0, 113, 1], dst: [198, 51, 100, 7] }, want: { localAddress: "203.0.113.1", remoteAddress: "198.51.100.7", family: "inet" } },
    {
      name: "IPv6 addresses, v4-mapped too",
      msg: {
        family: AF_INET6, state: 1, sport: 1, dport: 2,
        src: [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        dst: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1],
      },
      want: { localAddress: "2001:db8::1", remoteAddress: "::ffff:127.0.0.1", family: "inet6" },
    },
  ];
  for (const c of cases) {
    test(`parseInetDiagBatch: ${c.name}`, () => {
      const r = parse([message(c.msg), control(3, 0)], c.msg.family === AF_INET6 ? "tcp6" : "tcp");
      expect(r.errno).toBe(0);
      expect(r.records).toHaveLength(1);
      expect(r.records[0]).toMatchObject({ kind: "inet", proto: "tcp", ...c.want });
    });
  }

  test("parseInetDiagBatch gives the cookie's two 32-bit words as one number", () => {
    const low = 0xfffffffe;
    const high = 0x1fffff;
    const r = parse([message({ state: 1, sport: 1, dport: 2, cookie: low, cookieHigh: high }), control(3, 0)]);
    expect(r.records[0]!.cookie).toBe(Number((BigInt(high) << 32n) | BigInt(low)));
  });

  test("parseInetDiagBatch keeps TCP's listener and SYN_RECV rules to TCP", () => {
    const msgs = [message({ state: 10, sport: 80, uid: 33, inode: 11, wqueue: 4096 }), message({ state: 3, sport: 80, dport: 5000 }), control(3, 0)];
    const tcp = parse(msgs, "tcp").records;
    const udp = parse(msgs, "udp").records;
    expect(tcp.map((s) => [s.proto, s.label, s.txQueue, s.uid])).toEqual([["tcp", "tcp", 0, 33], ["tcp", "tcp", 0, 33]]);
    expect(udp.map((s) => [s.proto, s.label, s.txQueue, s.uid])).toEqual([["udp", "udp", 4096, 33], ["udp", "udp", 0, 0]]);
  });

  test("parseInetDiagBatch gives a pending connection (SYN_RECV, no inode, uid 0) its listener's uid", () => {
    const r = parse([
      message({ state: 10, sport: 80, src: [0, 0, 0, 0], uid: 33, inode: 11 }),
      message({ state: 10, sport: 443, src: [127, 0, 0, 1], uid: 44, inode: 12 }),
      message({ state: 10, sport: 443, src: [0, 0, 0, 0], uid: 55, inode: 13 }),
      message({ state: 3, sport: 80, dport: 5000, src: [127, 0, 0, 1], timer: 1 }),
      message({ state: 3, sport: 443, dport: 5001, src: [127, 0, 0, 1], timer: 1 }),
      message({ state: 3, sport: 443, dport: 5002, src: [127, 0, 0, 2], timer: 1 }),
      message({ state: 3, sport: 8080, dport: 5003, src: [127, 0, 0, 2], timer: 1 }),
      control(3, 0),
    ]);
    expect(r.records.slice(3).map((s) => s.uid)).toEqual([33, 44, 55, 0]);
  });

  test("parseInetDiagBatch carries the listeners over to later batches of the same dump", () => {
    const reader = createInetDiagReader("tcp");
    const first = message({ state: 10, sport: 80, src: [0, 0, 0, 0], uid: 33, inode: 11 });
    parseInetDiagBatch(reader, first, first.length);
    const second = batch(message({ state: 3, sport: 80, dport: 5000, timer: 1 }), control(3, 0));
    expect(parseInetDiagBatch(reader, second, second.length).records[0]!.uid).toBe(33);
  });

  test("parseInetDiagBatch reports the end, and errors as positive errnos", () => {
    expect(parse([message({ state: 1, sport: 1, dport: 2 })])).toMatchObject({ done: false, errno: 0 });
    expect(parse([control(3, 0)])).toEqual({ records: [], done: true, errno: 0 });
    expect(parse([control(2, -2)])).toEqual({ records: [], done: true, errno: 2 });
    expect(parse([control(3, -4)])).toEqual({ records: [], done: true, errno: 4 });
  });

  test("parseInetDiagBatch rejects a message that claims more bytes than it has", () => {
    const bytes = message({ state: 1, sport: 1, dport: 2 });
    const r = parseInetDiagBatch(createInetDiagReader("tcp"), bytes, bytes.length - 4);
    expect(r).toEqual({ records: [], done: true, errno: 74 });
  });

  test("parseInetDiagBatch reuses the record of an unchanged message from the memo, and only those", () => {
    const memo = createInetDiagMemo();
    const a = message({ state: 1, sport: 1, dport: 2, inode: 7 });
    const b = message({ state: 1, sport: 1, dport: 3, inode: 8 });
    const once = parse1(batch(a, b, control(3, 0)), memo);
    const again = parse1(batch(a, message({ state: 1, sport: 1, dport: 3, inode: 8, rqueue: 1 }), control(3, 0)), memo);
    expect(again[0]).toBe(once[0]!);
    expect(again[1]).not.toBe(once[1]!);
    expect(again[1]!.rxQueue).toBe(1);
    expect(memo.rows.size).toBe(2);
    // A socket gone from a dump is let go; one with a new cookie is another socket, decoded anew.
    const third = parse1(batch(message({ state: 1, sport: 1, dport: 2, inode: 7, cookie: 99 }), control(3, 0)), memo);
    expect(third[0]).not.toBe(once[0]!);
    expect(third[0]).toEqual({ ...once[0]!, cookie: 99 });
    expect([...memo.rows.keys()]).toEqual([99]);
  });
});

/** A TCP socket's message with a whole tcp_info (232 bytes): its byte counters, rtt, and one of its clocks (tcpi_last_data_recv). */
function counted(c: { readonly acked: number; readonly received: number; readonly rttUs: number; readonly lastRecvMs: number; readonly rqueue?: number }): Uint8Array {
  const base = message({ state: 1, sport: 5000, dport: 6000, inode: 9, rqueue: c.rqueue ?? 0 });
  const bytes = new Uint8Array(base.length + 4 + 232);
  bytes.set(base);
  const v = new DataView(bytes.buffer);
  v.setUint32(0, bytes.length, true);
  v.setUint16(88, 4 + 232, true);
  v.setUint16(90, 2, true);
  const info = 92;
  v.setUint32(info + 52, c.lastRecvMs, true);
  v.setUint32(info + 68, c.rttUs, true);
  v.setUint32(info + 120, c.acked, true);
  v.setUint32(info + 128, c.received, true);
  return bytes;
}

describe("parseInetDiagBatch with --top's counters", () => {
  const read = (memo: ReturnType<typeof createInetDiagMemo>, message: Uint8Array): InetSocket => {
    const bytes = batch(message, control(3, 0));
    return parseInetDiagBatch(createInetDiagReader("tcp", memo, false, true), bytes, bytes.length).records[0]!;
  };
  test("parseInetDiagBatch reads the bytes acknowledged and received and the rtt of each TCP socket", () => {
    expect(read(createInetDiagMemo(), counted({ acked: 123456, received: 7890, rttUs: 250, lastRecvMs: 10 })).counters).toEqual({ bytes_acked: 123456, bytes_received: 7890, rtt_us: 250 });
  });
  test("parseInetDiagBatch keeps a socket's record while only its tcp_info's clocks move, and copies it when its counters or fields change", () => {
    const memo = createInetDiagMemo();
    const first = read(memo, counted({ acked: 100, received: 200, rttUs: 50, lastRecvMs: 10 }));
    const ticked = read(memo, counted({ acked: 100, received: 200, rttUs: 50, lastRecvMs: 1010 }));
    expect(ticked).toBe(first);
    const moved = read(memo, counted({ acked: 100, received: 5200, rttUs: 50, lastRecvMs: 0 }));
    expect(moved).not.toBe(first);
    expect(moved).toEqual({ ...first, counters: { bytes_acked: 100, bytes_received: 5200, rtt_us: 50 } });
    expect(read(memo, counted({ acked: 100, received: 5200, rttUs: 50, lastRecvMs: 900 }))).toBe(moved);
    const queued = read(memo, counted({ acked: 100, received: 5200, rttUs: 50, lastRecvMs: 900, rqueue: 4 }));
    expect(queued).not.toBe(moved);
    expect(queued.rxQueue).toBe(4);
  });
});

function parse1(bytes: Uint8Array, memo: ReturnType<typeof createInetDiagMemo>): readonly InetSocket[] {
  return parseInetDiagBatch(createInetDiagReader("tcp", memo), bytes, bytes.length).records;
}

describe("parseInetDiagBatch over a dump of both families", () => {
  /** A captured dump's messages without its NLMSG_DONE. */
  const messages = (file: string): Uint8Array => {
    const bytes = new Uint8Array(readFileSync(`${FIXTURES}/${file}`));
    const view = new DataView(bytes.buffer);
    let at = 0;
    while (at < bytes.length && view.getUint16(at + 4, true) !== 3) at += (view.getUint32(at, true) + 3) & ~3;
    return bytes.subarray(0, at);
  };
  test("the IPv6 messages go to the twin's reader, each family's records as its own dump gives them", () => {
    const done = new Uint8Array(readFileSync(`${FIXTURES}/tcp.nl`)).slice(messages("tcp.nl").length);
    const both = new Uint8Array([...messages("tcp.nl"), ...messages("tcp6.nl"), ...done]);
    const twin = { reader: createInetDiagReader("tcp6"), records: [] as InetSocket[] };
    const r = parseInetDiagBatch(createInetDiagReader("tcp"), both, both.length, twin);
    expect(r).toMatchObject({ done: true, errno: 0 });
    expect(r.records).toEqual([...dump("tcp.nl", "tcp").records]);
    expect(twin.records).toEqual([...dump("tcp6.nl", "tcp6").records]);
    expect(twin.records.length).toBeGreaterThan(5);
  });
});
