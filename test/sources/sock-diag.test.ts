/**
 * The netlink source against /proc on live sockets: in a private namespace holding the parity
 * fixture's sockets (and scripts/udp-fixture.py's, enough UDP sockets for dumps of several
 * batches), the TCP and UDP records of a socket-diag dump are /proc/net/tcp, tcp6, udp and udp6's
 * records, in the same order, each with its cookie. The text listings built on them are compared
 * with the real netstat by test/parity/sockets.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readlinkSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { asProc, steady } from "../_support/steady.ts";
import type { InetSocket } from "../../src/model/socket.ts";
import { inetDiagChunks } from "../../src/sources/sock-diag.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { FIXTURE_PYTHON, LISTENER_AFTER_CONNECT, listenerAfterConnectRefused, startFixture, startUntilReady } from "../_support/fixture.ts";
import { REPO_ROOT, runIn } from "../_support/run.ts";

const READINGS = resolve(REPO_ROOT, "test/_support/diag-readings.ts");
const UDP_FIXTURE = resolve(REPO_ROOT, "scripts/udp-fixture.py");
/** Bound UDP sockets per family beside the fixtures': a dump of about 300 takes several batches. */
const UDP_BULK = 300;
const available = await netnsAvailable();
if (!available.ok) console.warn(`sock-diag live tests skipped: ${available.why}`);

interface Readings {
  readonly ownNetns: boolean;
  readonly netlink: InetSocket[];
  readonly info: InetSocket[];
  readonly files: InetSocket[];
  /** tcp and tcp6 from one dump of both families, without and with tcp_info. */
  readonly paired: InetSocket[];
  readonly pairedInfo: InetSocket[];
  /** How many batches (recv calls) one dump of each UDP table took. */
  readonly batches: { readonly udp: number; readonly udp6: number };
  /** The second of two `--watch` readings of `-uan` with one memo, how many of its records are the first's objects, and the memo's keys. */
  readonly watch: { readonly second: InetSocket[]; readonly reused: number; readonly memo: string[] };
}

const isTcp = (s: InetSocket): boolean => s.proto === "tcp";
const isUdp = (s: InetSocket): boolean => s.proto === "udp";

describe.skipIf(!available.ok)("TCP and UDP from netlink in a namespace with the parity fixture", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nssdiag");
    await startFixture(ns, "main");
    await startFixture(ns, "nobody");
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, UDP_FIXTURE, String(UDP_BULK)], "the UDP fixture");
  }, 30_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  /** Reads until the three agree (a SYN_SENT retransmission may land between two of them); the last reading otherwise. */
  async function agreeingReadings(): Promise<Readings> {
    let last: Readings | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await runIn(ns!.name, [process.execPath, "run", READINGS], { argv0: "bun" });
      expect(r.stderr.toString()).toBe("");
      last = JSON.parse(r.stdout.toString()) as Readings;
      const same = (a: InetSocket[], b: InetSocket[]): boolean => JSON.stringify(a.map(steady)) === JSON.stringify(b.map(steady));
      const tcpFiles = last.files.filter(isTcp);
      if (same(last.netlink, last.files) && same(last.info, last.files) && same(last.paired, tcpFiles) && same(last.pairedInfo, tcpFiles)) break;
    }
    return last!;
  }
  // One reading serves every test below.
  let read: Promise<Readings> | undefined;
  const readings = (): Promise<Readings> => (read ??= agreeingReadings());

  test("inetDiagChunks gives /proc's TCP records, in /proc's order, with and without tcp_info", async () => {
    const r = await readings();
    expect(r.ownNetns).toBe(true);
    const [netlink, info, files] = [r.netlink, r.info, r.files].map((all) => all.filter(isTcp));
    expect(files!.length).toBeGreaterThan(20);
    expect(new Set(files!.map((s) => s.label))).toEqual(new Set(["tcp", "tcp6"]));
    expect(netlink!.map(steady)).toEqual(files!.map(steady));
    expect(info!.map(steady)).toEqual(files!.map(steady));
    for (const s of netlink!) expect(s.timerActive === 0 ? s.timerTicks : 0).toBe(0);
  }, 30_000);

  test("one dump of both families gives /proc's tcp and tcp6 records, in /proc's order, each with its cookie", async () => {
    const r = await readings();
    const files = r.files.filter(isTcp);
    expect(files.filter((s) => s.label === "tcp6").length).toBeGreaterThan(0);
    for (const dump of [r.paired, r.pairedInfo]) {
      expect(dump.map(steady)).toEqual(files.map(steady));
      // Both tables came from netlink (a /proc record has no cookie).
      for (const s of dump) expect(Number.isSafeInteger(s.cookie) && s.cookie! > 0).toBe(true);
    }
  }, 30_000);

  test("inetDiagChunks gives /proc's UDP records field for field, in /proc's order, over several batches", async () => {
    const r = await readings();
    const [netlink, info, files] = [r.netlink, r.info, r.files].map((all) => all.filter(isUdp));
    // No countdown to allow for: UDP has no timers, so the records are equal in every /proc field.
    expect(netlink!.map(asProc)).toEqual(files!);
    expect(info!.map(asProc)).toEqual(files!);
    // What the fixtures hold: both families, bound and connected, queued bytes both ways, nobody's socket.
    expect(r.batches.udp).toBeGreaterThan(2);
    expect(r.batches.udp6).toBeGreaterThan(2);
    expect(files!.filter((s) => s.label === "udp").length).toBeGreaterThan(UDP_BULK);
    expect(files!.filter((s) => s.label === "udp6").length).toBeGreaterThan(UDP_BULK);
    expect(new Set(files!.map((s) => s.state))).toEqual(new Set([1, 7]));
    expect(files!.some((s) => s.txQueue > 0)).toBe(true);
    for (const family of ["inet", "inet6"]) expect(files!.some((s) => s.family === family && s.rxQueue > 0)).toBe(true);
    expect(files!.some((s) => s.uid === 65534)).toBe(true);
    expect(files!.some((s) => s.localAddress === "::ffff:127.0.0.1" && s.state === 1)).toBe(true);
  }, 30_000);

  test("every netlink record carries its socket's cookie, the same in every dump; /proc's carry none", async () => {
    const r = await readings();
    for (const dump of [r.netlink, r.info]) {
      for (const s of dump) expect(Number.isSafeInteger(s.cookie) && s.cookie! > 0).toBe(true);
      expect(new Set(dump.map((s) => s.cookie)).size).toBe(dump.length);
    }
    // The two dumps list the same sockets in the same order (readings() waits for that).
    expect(r.info.map((s) => s.cookie)).toEqual(r.netlink.map((s) => s.cookie));
    for (const s of r.files) expect("cookie" in s).toBe(false);
  }, 30_000);

  test("--watch readings of UDP come from netlink through the memo, unchanged sockets as the same records", async () => {
    const r = await readings();
    const files = r.files.filter(isUdp);
    expect(r.watch.second.map(asProc)).toEqual(files);
    expect(r.watch.second.every((s) => s.cookie !== undefined)).toBe(true);
    expect(r.watch.memo).toEqual(["/proc/net/udp#netlink", "/proc/net/udp6#netlink"]);
    // The fixtures' sockets do not change between two polls; a datagram arriving meanwhile may.
    expect(r.watch.reused).toBeGreaterThan(files.length - 5);
  }, 30_000);
});

// 900 listeners take three dump batches or more before the first connection; one of them, in
// the middle, first tried to connect (see scripts/listener_after_connect.py). A kernel that
// refuses such a listener skips this case, by name.
const MANY_LISTENERS = `
import socket, sys, time
sys.dont_write_bytecode = True
sys.path.insert(0, sys.argv[1])
from listener_after_connect import listener_after_connect
keep = []
for port in range(46000, 46900):
    s = socket.socket(); s.bind(("127.0.0.1", port)); s.listen(1); keep.append(s)
    if port == 46450:
        keep.append(listener_after_connect("127.0.0.1", 46950, 46951, backlog=1))
c = socket.create_connection(("127.0.0.1", 46000)); a, _ = keep[0].accept(); keep += [c, a]
print("READY", flush=True)
time.sleep(120)
`;
const refused = available.ok ? await listenerAfterConnectRefused() : "";
if (refused !== "") console.warn(`sock-diag: the many-listeners case is skipped: ${refused}`);

describe.skipIf(!available.ok || refused !== "")(
  `TCP from netlink with many listeners${refused === "" ? "" : ` (skipped: ${refused})`}`,
  () => {
    let ns: Netns | undefined;
    beforeAll(async () => {
      ns = await createNetns("nssmany");
      const argv = ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", MANY_LISTENERS, dirname(LISTENER_AFTER_CONNECT)];
      await startUntilReady(ns, argv, "the many-listeners fixture");
    }, 30_000);
    afterAll(async () => {
      await ns?.destroy();
    }, 30_000);

    test("a listener that tried to connect, batches into the dump, still sends the table to /proc", async () => {
      const r = await runIn(ns!.name, [process.execPath, "run", READINGS], { argv0: "bun" });
      const readings = JSON.parse(r.stdout.toString()) as Readings;
      expect(readings.files.filter((s) => s.state === 10).length).toBe(901);
      const connected = readings.files.find((s) => s.localPort === 46950);
      expect(connected?.remoteAddress).toBe("127.0.0.1");
      expect(connected?.txQueue).toBeGreaterThan(0);
      expect(readings.netlink.map(steady)).toEqual(readings.files.map(steady));
    }, 30_000);
  },
);

test("inetDiagChunks closes its netlink socket when a dump ends and when it is abandoned", () => {
  // The socket descriptors open now; other tests' descriptors may close meanwhile, so only new ones count.
  const sockets = (): Set<string> => {
    const links = new Set<string>();
    for (const fd of readdirSync("/proc/self/fd")) {
      try {
        const link = readlinkSync(`/proc/self/fd/${fd}`);
        if (link.startsWith("socket:")) links.add(link);
      } catch {
        // Closed while listed (the directory's own descriptor).
      }
    }
    return links;
  };
  const before = sockets();
  for (let i = 0; i < 20; i++) {
    const whole = inetDiagChunks("tcp", { withInfo: false });
    if (whole === undefined) return; // no netlink here: nothing was opened
    for (const _ of whole) void _;
    for (const _ of inetDiagChunks("udp6", { withInfo: false }) ?? []) void _;
    for (const label of ["tcp6", "udp"] as const) for (const _ of inetDiagChunks(label, { withInfo: false }) ?? []) break;
  }
  expect([...sockets()].filter((link) => !before.has(link))).toEqual([]);
});
