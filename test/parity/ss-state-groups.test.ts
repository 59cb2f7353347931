/**
 * `--state` with ss's state groups (`connected`, `synchronized`, `bucket`, `big`, `all`) and
 * state names selects the TCP sockets `ss -tan state WORD` lists, compared with the real ss
 * (iproute2 6.1) in a private namespace holding a listener, established pairs, FIN_WAIT2 and
 * CLOSE_WAIT, TIME_WAIT and SYN_SENT.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { createNetns, NET, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, runIn } from "../_support/run.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/ss-state-groups.test.ts SKIPPED: ${available.why}`);

const SOCKETS = [
  "import socket, time",
  "held = []",
  `s = socket.socket(); s.bind(('${NET.local4}', 0)); s.listen(8); held.append(s)`,
  "port = s.getsockname()[1]",
  "def connection():",
  `    c = socket.socket(); c.connect(('${NET.local4}', port)); a = s.accept()[0]; held.extend([c, a]); return c, a`,
  "connection()",
  // FIN_WAIT2 on the side that closed, CLOSE_WAIT on the other.
  "c, a = connection(); c.shutdown(socket.SHUT_WR)",
  // TIME_WAIT on the side that closed first once both have.
  "c, a = connection(); c.close(); time.sleep(0.2); a.close()",
  // SYN_SENT: the silent neighbour's SYNs leave the veth and are never answered.
  `q = socket.socket(); q.setblocking(False); q.connect_ex(('${NET.silent4}', 80)); held.append(q)`,
  "time.sleep(0.3)",
  "print('READY', flush=True)",
  "time.sleep(600)",
].join("\n");

/** `LOCAL PEER` of each row: the last two fields of ss's rows, the fourth and fifth of netstat's. */
function endpoints(text: string, ours: boolean): string[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => (ours ? f[0] === "tcp" : f.length >= 4))
    .map((f) => (ours ? `${f[3]} ${f[4]}` : `${f.at(-2)} ${f.at(-1)}`))
    .sort();
}

describe.skipIf(!available.ok)("--state with ss's groups and names, against ss state", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nsstgr");
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", SOCKETS]);
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("the namespace holds every state the groups tell apart", async () => {
    const ss = await runIn(ns!.name, ["/usr/bin/ss", "-tanH"], { argv0: "ss" });
    const states = new Set(ss.stdout.toString("latin1").split("\n").filter(Boolean).map((l) => l.split(/\s+/)[0]));
    expect([...states].sort()).toEqual(["CLOSE-WAIT", "ESTAB", "FIN-WAIT-2", "LISTEN", "SYN-SENT", "TIME-WAIT"]);
  });

  for (const word of ["connected", "synchronized", "bucket", "big", "all", "established", "syn-sent", "time-wait", "listening", "fin-wait-2", "close-wait"]) {
    test(`-tan --state ${word} lists what ss -tan state ${word} lists`, async () => {
      const ss = await runIn(ns!.name, ["/usr/bin/ss", "-tanH", "state", word], { argv0: "ss" });
      expect(ss.code).toBe(0);
      const theirs = endpoints(ss.stdout.toString("latin1"), false);
      const r = await runIn(ns!.name, [OURS, "-tn", "--state", word]);
      expect(r.code).toBe(0);
      expect(endpoints(r.stdout.toString("latin1"), true)).toEqual(theirs);
      if (word !== "bucket" && word !== "fin-wait-2" && word !== "close-wait") expect(theirs.length).toBeGreaterThan(0);
    });
  }
});
