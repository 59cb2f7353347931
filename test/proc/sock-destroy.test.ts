/**
 * The destroy-notification decoder on notifications captured by scripts/capture-destroy-fixtures.ts,
 * against two oracles captured with them: what the traffic script knew (addresses, ports, bytes
 * sent) and what iproute2's `ss -E` printed for the very same notifications.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { parseDestroyBatch, type Destroyed } from "../../src/proc/sock-destroy.ts";
import { asSsPrints, parseSsEvents, ssView } from "../_support/ss-events.ts";

const FIXTURES = resolve(import.meta.dir, "../../fixtures/netlink");

interface End {
  readonly address: string;
  readonly port: number;
  readonly sent?: number;
}
interface Known {
  readonly scenario: string;
  readonly proto: "tcp" | "udp";
  readonly family: "inet" | "inet6";
  readonly notifications: number;
  readonly abort?: boolean;
  readonly bound?: boolean;
  readonly listener?: End;
  readonly client?: End;
  readonly server?: End;
  readonly receiver?: End;
  readonly sender?: End;
}

const KNOWN = JSON.parse(readFileSync(`${FIXTURES}/destroy.json`, "utf8")) as readonly Known[];
const SS = parseSsEvents(readFileSync(`${FIXTURES}/destroy.ss`, "utf8"));

function bytesOf(scenario: string): Uint8Array {
  return new Uint8Array(readFileSync(`${FIXTURES}/destroy-${scenario}.nl`));
}

function decoded(scenario: string): readonly Destroyed[] {
  const bytes = bytesOf(scenario);
  const batch = parseDestroyBatch(bytes, bytes.length);
  expect(batch.errno).toBe(0);
  return batch.destroyed;
}

/** The one notification whose local and remote ports are these. */
function at(all: readonly Destroyed[], localPort: number, remotePort: number): Destroyed {
  const found = all.filter((d) => d.socket.localPort === localPort && d.socket.remotePort === remotePort);
  expect(found).toHaveLength(1);
  return found[0]!;
}

const unspecified = (family: string): string => (family === "inet6" ? "::" : "0.0.0.0");
const labelOf = (k: Known): string => `${k.proto}${k.family === "inet6" ? "6" : ""}`;

describe("parseDestroyBatch on captured notifications", () => {
  for (const k of KNOWN) {
    test(`parseDestroyBatch gives ${k.scenario}'s ${k.notifications} sockets as ss -E printed them`, () => {
      const all = decoded(k.scenario);
      expect(all).toHaveLength(k.notifications);
      expect(new Set(all.map((d) => d.cookie)).size).toBe(all.length);
      for (const d of all) {
        expect(d.socket.proto).toBe(k.proto);
        expect<string>(d.socket.label).toBe(labelOf(k));
        expect(d.socket.family).toBe(k.family);
        expect(d.socket.uid).toBe(0);
        expect(d.socket.inode).toBe(0);
        expect(d.counters === undefined).toBe(k.proto === "udp");
        const printed = SS.filter((e) => e.cookie === d.cookie);
        expect(printed).toHaveLength(1);
        expect(asSsPrints(d)).toEqual(ssView(printed[0]!));
      }
    });
  }

  for (const k of KNOWN.filter((k) => k.proto === "tcp" && k.abort === false)) {
    test(`parseDestroyBatch gives ${k.scenario}'s ends their addresses, ports and bytes; bytes_received counts the peer's FIN`, () => {
      const all = decoded(k.scenario);
      const client = at(all, k.client!.port, k.server!.port);
      const server = at(all, k.server!.port, k.client!.port);
      const listener = at(all, k.listener!.port, 0);
      expect([client.socket.localAddress, client.socket.remoteAddress]).toEqual([k.client!.address, k.server!.address]);
      expect([server.socket.localAddress, server.socket.remoteAddress]).toEqual([k.server!.address, k.client!.address]);
      expect([listener.socket.localAddress, listener.socket.remoteAddress]).toEqual([k.listener!.address, unspecified(k.family)]);
      expect(client.counters?.bytes_sent).toBe(k.client!.sent);
      expect(server.counters?.bytes_sent).toBe(k.server!.sent);
      expect(client.counters?.bytes_received).toBe(k.server!.sent! + 1);
      expect(server.counters?.bytes_received).toBe(k.client!.sent! + 1);
      expect(listener.counters?.bytes_received).toBe(0);
      for (const d of all) expect(d.socket.state).toBe(7);
    });
  }

  for (const k of KNOWN.filter((k) => k.abort === true)) {
    test(`parseDestroyBatch gives ${k.scenario}'s aborting client its foreign port zeroed, its counters reset, and its peer the bytes without a FIN`, () => {
      const all = decoded(k.scenario);
      const client = at(all, k.client!.port, 0);
      const server = at(all, k.server!.port, k.client!.port);
      // tcp_disconnect() forgets the foreign port, and the local address unless it was bound.
      expect(client.socket.remoteAddress).toBe(k.server!.address);
      expect(client.socket.localAddress).toBe(k.bound === true ? k.client!.address : unspecified(k.family));
      expect(client.counters?.bytes_sent).toBe(0);
      expect(client.counters?.bytes_received).toBe(0);
      expect(server.counters?.bytes_received).toBe(k.client!.sent);
      expect(server.counters?.bytes_sent).toBe(k.server!.sent);
    });
  }

  for (const k of KNOWN.filter((k) => k.proto === "udp")) {
    test(`parseDestroyBatch gives ${k.scenario}'s connected sender and its receiver their addresses and states`, () => {
      const all = decoded(k.scenario);
      const sender = at(all, k.sender!.port, k.receiver!.port);
      const receiver = at(all, k.receiver!.port, 0);
      expect([sender.socket.localAddress, sender.socket.remoteAddress, sender.socket.state]).toEqual([k.sender!.address, k.receiver!.address, 1]);
      expect([receiver.socket.localAddress, receiver.socket.remoteAddress, receiver.socket.state]).toEqual([k.receiver!.address, unspecified(k.family), 7]);
    });
  }

  test("parseDestroyBatch decodes several recvs' bytes laid one after the other, in order", () => {
    const all = KNOWN.map((k) => bytesOf(k.scenario));
    const joined = new Uint8Array(all.reduce((n, b) => n + b.length, 0));
    all.reduce((at, b) => (joined.set(b, at), at + b.length), 0);
    const batch = parseDestroyBatch(joined, joined.length);
    expect(batch.errno).toBe(0);
    expect(batch.destroyed).toEqual(KNOWN.flatMap((k) => decoded(k.scenario)));
  });
});

/** The first TCP notification of a capture, with its tcp_info attribute cut to `payload` bytes. */
function withShortInfo(payload: number): Uint8Array {
  const bytes = bytesOf("tcp4");
  const view = new DataView(bytes.buffer);
  const size = view.getUint32(0, true);
  for (let at = 16 + 72; at + 4 <= size; at += (view.getUint16(at, true) + 3) & ~3) {
    if (view.getUint16(at + 2, true) !== 2) continue;
    view.setUint16(at, 4 + payload, true);
    const cut = bytes.slice(0, at + 4 + payload);
    new DataView(cut.buffer).setUint32(0, cut.length, true);
    return cut;
  }
  throw new Error("Cannot find INET_DIAG_INFO in the capture");
}

describe("parseDestroyBatch on a kernel whose tcp_info is shorter", () => {
  const full = decoded("tcp4")[0]!.counters!;
  const cases = [
    { name: "ends before bytes_sent (kernels before 4.19)", payload: 200, absent: ["bytes_sent", "bytes_retrans"] },
    { name: "ends before delivery_rate (before 4.9)", payload: 160, absent: ["bytes_sent", "bytes_retrans", "delivery_rate", "busy_time_us"] },
    { name: "ends before bytes_acked", payload: 120, absent: ["bytes_sent", "bytes_retrans", "delivery_rate", "busy_time_us", "bytes_acked", "bytes_received", "segs_out", "segs_in", "min_rtt_us", "data_segs_in", "data_segs_out"] },
  ];
  for (const c of cases) {
    test(`parseDestroyBatch leaves out the counters a tcp_info that ${c.name} lacks`, () => {
      const bytes = withShortInfo(c.payload);
      const [one] = parseDestroyBatch(bytes, bytes.length).destroyed;
      const kept = Object.fromEntries(Object.entries(full).filter(([name]) => !c.absent.includes(name)));
      expect(one?.counters).toEqual(kept);
    });
  }
});

describe("parseDestroyBatch framing", () => {
  test("parseDestroyBatch gives the errno of an NLMSG_ERROR", () => {
    const error = new Uint8Array(36);
    const view = new DataView(error.buffer);
    view.setUint32(0, error.length, true);
    view.setUint16(4, 2, true);
    view.setInt32(16, -105, true);
    const batch = parseDestroyBatch(error, error.length);
    expect(batch).toEqual({ destroyed: [], errno: 105 });
  });

  test("parseDestroyBatch keeps the whole messages before one cut short, and says EBADMSG", () => {
    const bytes = bytesOf("tcp4");
    const first = new DataView(bytes.buffer).getUint32(0, true);
    const batch = parseDestroyBatch(bytes, first + 20);
    expect(batch.errno).toBe(74);
    expect(batch.destroyed).toEqual(decoded("tcp4").slice(0, 1));
  });

  test("parseDestroyBatch reads nothing past `length`", () => {
    const bytes = bytesOf("udp4");
    const first = new DataView(bytes.buffer).getUint32(0, true);
    expect(parseDestroyBatch(bytes, first).destroyed).toEqual(decoded("udp4").slice(0, 1));
  });
});
