/**
 * The netlink source against /proc on live sockets: in a private namespace holding the parity
 * fixture's sockets, the TCP records of a socket-diag dump are /proc/net/tcp and tcp6's records,
 * in the same order. The text listings built on them are compared with the real netstat by
 * test/parity/sockets.test.ts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readlinkSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { steady } from "../_support/steady.ts";
import type { InetSocket } from "../../src/model/socket.ts";
import { tcpDiagChunks } from "../../src/sources/sock-diag.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { FIXTURE_PYTHON, LISTENER_AFTER_CONNECT, listenerAfterConnectRefused, startFixture, startUntilReady } from "../_support/fixture.ts";
import { REPO_ROOT, runIn } from "../_support/run.ts";

const READINGS = resolve(REPO_ROOT, "test/_support/tcp-readings.ts");
const available = await netnsAvailable();
if (!available.ok) console.warn(`sock-diag live tests skipped: ${available.why}`);

interface Readings {
  readonly ownNetns: boolean;
  readonly netlink: InetSocket[];
  readonly info: InetSocket[];
  readonly files: InetSocket[];
}

describe.skipIf(!available.ok)("TCP from netlink in a namespace with the parity fixture", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nssdiag");
    await startFixture(ns, "main");
    await startFixture(ns, "nobody");
  }, 30_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  /** Reads until the three agree (a SYN_SENT retransmission may land between two of them); the last reading otherwise. */
  async function readings(): Promise<Readings> {
    let last: Readings | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const r = await runIn(ns!.name, [process.execPath, "run", READINGS], { argv0: "bun" });
      expect(r.stderr.toString()).toBe("");
      last = JSON.parse(r.stdout.toString()) as Readings;
      const same = (a: InetSocket[], b: InetSocket[]): boolean => JSON.stringify(a.map(steady)) === JSON.stringify(b.map(steady));
      if (same(last.netlink, last.files) && same(last.info, last.files)) break;
    }
    return last!;
  }

  test("tcpDiagChunks gives /proc's TCP records, in /proc's order, with and without tcp_info", async () => {
    const r = await readings();
    expect(r.ownNetns).toBe(true);
    expect(r.files.length).toBeGreaterThan(20);
    expect(new Set(r.files.map((s) => s.label))).toEqual(new Set(["tcp", "tcp6"]));
    expect(r.netlink.map(steady)).toEqual(r.files.map(steady));
    expect(r.info.map(steady)).toEqual(r.files.map(steady));
    for (const s of r.netlink) expect(s.timerActive === 0 ? s.timerTicks : 0).toBe(0);
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

test("tcpDiagChunks closes its netlink socket when a dump ends and when it is abandoned", () => {
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
    const whole = tcpDiagChunks("tcp", { withInfo: false });
    if (whole === undefined) return; // no netlink here: nothing was opened
    for (const _ of whole) void _;
    const abandoned = tcpDiagChunks("tcp6", { withInfo: false });
    for (const _ of abandoned ?? []) break;
  }
  expect([...sockets()].filter((link) => !before.has(link))).toEqual([]);
});
