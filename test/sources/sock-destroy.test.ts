/**
 * The destroy listener on live sockets, in a private network namespace: it hears every TCP and UDP
 * socket that closes there (each once, by a distinct cookie, with its ports), root's included
 * when it runs as nobody; its default buffer holds 2,000 closes without a drain; and an overflow
 * of a tiny buffer is reported as `lost`, with the kernel's own count, after which drains work
 * again. The listener runs in its own process (test/_support/destroy-listen.ts), the traffic in
 * another (scripts/destroy-traffic.py).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync } from "node:fs";
import { resolve } from "node:path";
import { netlinkDrops } from "../../src/proc/net-netlink.ts";
import type { Destroyed } from "../../src/proc/sock-destroy.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { asNobody, REPO_ROOT, runIn, setprivAvailable } from "../_support/run.ts";

const HELPER = resolve(REPO_ROOT, "test/_support/destroy-listen.ts");
const TRAFFIC = resolve(REPO_ROOT, "scripts/destroy-traffic.py");
const available = await netnsAvailable();
if (!available.ok) console.warn(`sock-destroy live tests skipped: ${available.why}`);
const nobodyOk = available.ok && setprivAvailable();
if (available.ok && !nobodyOk) console.warn("sock-destroy live test as nobody skipped: no setpriv");

interface Drained {
  readonly destroyed: readonly Destroyed[];
  readonly lost?: { readonly count: number | null };
  readonly procDrops: number | null;
}

/** The listener process: `drain()` asks it for one drain and resolves with what it gives. */
interface Listening {
  readonly inode: number;
  drain(): Promise<Drained>;
  stop(): Promise<void>;
}

async function listen(ns: Netns, bundle: string, as: "root" | "nobody", receiveBytes?: number): Promise<Listening> {
  const argv = ["ip", "netns", "exec", ns.name, ...(as === "nobody" ? asNobody() : []), process.execPath, "run", bundle];
  const proc = Bun.spawn([...argv, ...(receiveBytes === undefined ? [] : [String(receiveBytes)])], { stdin: "pipe", stdout: "pipe", stderr: "inherit" });
  ns.track(proc.pid);
  const lines: string[] = [];
  let wake: (() => void) | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const chunk of proc.stdout) {
      rest += decoder.decode(chunk, { stream: true });
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      lines.push(...parts);
      wake?.();
    }
  })();
  const nextLine = async (ms: number): Promise<string> => {
    for (const deadline = Date.now() + ms; lines.length === 0; ) {
      if (Date.now() > deadline) throw new Error("Cannot hear from the listener: no line in time");
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 100);
      });
    }
    return lines.shift()!;
  };
  const hello = JSON.parse(await nextLine(10_000)) as { inode?: number; unavailable?: string };
  if (hello.unavailable !== undefined) throw new Error(hello.unavailable);
  expect(hello.inode).toBeGreaterThan(0);
  return {
    inode: hello.inode!,
    async drain() {
      proc.stdin.write("drain\n");
      await proc.stdin.flush();
      return JSON.parse(await nextLine(10_000)) as Drained;
    },
    async stop() {
      proc.stdin.write("quit\n");
      await proc.stdin.end();
      await proc.exited;
    },
  };
}

interface Many {
  readonly listener: { readonly port: number };
  readonly tcp: readonly { readonly client: number; readonly server: number }[];
  readonly receiver: { readonly port: number };
  readonly udp: readonly number[];
}

/** Runs the traffic script as root in the namespace; what it made. */
async function traffic(ns: Netns, ...args: string[]): Promise<Many> {
  const r = await runIn(ns.name, ["python3", TRAFFIC, ...args], { argv0: "python3", timeoutMs: 60_000 });
  if (r.code !== 0) throw new Error(`Cannot make traffic: ${r.stderr.toString()}`);
  return JSON.parse(r.stdout.toString()) as Many;
}

/**
 * Waits until the kernel has dropped notifications for the listener and drops no more: it sends
 * them from a work queue, a little after each socket is freed, and later still on a busy machine.
 */
async function dropsSettled(ns: Netns, inode: number): Promise<void> {
  let last = -1;
  for (let steady = 0, deadline = Date.now() + 10_000; steady < 3 && Date.now() < deadline; await Bun.sleep(100)) {
    const r = await runIn(ns.name, ["cat", "/proc/net/netlink"], { argv0: "cat", timeoutMs: 10_000 });
    const drops = netlinkDrops(r.stdout.toString("latin1"), inode) ?? 0;
    steady = drops > 0 && drops === last ? steady + 1 : 0;
    last = drops;
  }
}

/** Every socket `many` closed, as local port → remote port (0 for the listener, the receiver and unconnected senders). */
function expectedPorts(m: Many): string[] {
  return [
    ...m.tcp.flatMap((c) => [`tcp ${c.client}>${c.server}`, `tcp ${c.server}>${c.client}`]),
    `tcp ${m.listener.port}>0`,
    ...m.udp.map((port) => `udp ${port}>0`),
    `udp ${m.receiver.port}>0`,
  ];
}

const portsOf = (d: Destroyed): string => `${d.socket.proto} ${d.socket.localPort}>${d.socket.remotePort}`;

/** Drains until `count` notifications came (or 10 s passed); all of them, and any `lost`. */
async function drainUntil(l: Listening, count: number): Promise<{ destroyed: Destroyed[]; lost: Drained["lost"][] }> {
  const destroyed: Destroyed[] = [];
  const lost: Drained["lost"][] = [];
  for (const deadline = Date.now() + 10_000; destroyed.length < count && Date.now() < deadline; ) {
    const d = await l.drain();
    destroyed.push(...d.destroyed);
    if (d.lost !== undefined) lost.push(d.lost);
    if (destroyed.length < count) await Bun.sleep(20);
  }
  return { destroyed, lost };
}

describe.skipIf(!available.ok)("openDestroyListener in a private namespace", () => {
  let ns: Netns | undefined;
  let bundle = "";
  beforeAll(async () => {
    ns = await createNetns("nsdestroy");
    // One file nobody can read and run, whatever the checkout's permissions.
    const built = await Bun.build({ entrypoints: [HELPER], target: "bun", outdir: ns.dir, naming: "destroy-listen.js" });
    if (!built.success) throw new Error(`Cannot bundle ${HELPER}`);
    bundle = `${ns.dir}/destroy-listen.js`;
    chmodSync(bundle, 0o644);
  }, 30_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("openDestroyListener hears each of 50 TCP connections and 20 UDP sockets close, once, by a distinct cookie", async () => {
    const l = await listen(ns!, bundle, "root");
    try {
      const m = await traffic(ns!, "many", "50", "20");
      const want = expectedPorts(m);
      const { destroyed, lost } = await drainUntil(l, want.length);
      await Bun.sleep(100);
      destroyed.push(...(await l.drain()).destroyed);
      expect(lost).toEqual([]);
      expect(destroyed.map(portsOf).sort()).toEqual(want.sort());
      expect(new Set(destroyed.map((d) => d.cookie)).size).toBe(destroyed.length);
      for (const d of destroyed) expect<string>(d.socket.label).toBe(d.socket.proto);
    } finally {
      await l.stop();
    }
  }, 60_000);

  test("openDestroyListener's default buffer holds 2,000 closes without a drain", async () => {
    const l = await listen(ns!, bundle, "root");
    try {
      const m = await traffic(ns!, "many", "1000", "0");
      const want = expectedPorts(m);
      const { destroyed, lost } = await drainUntil(l, want.length);
      expect(want.length).toBeGreaterThan(2000);
      expect(lost).toEqual([]);
      expect(destroyed).toHaveLength(want.length);
    } finally {
      await l.stop();
    }
  }, 60_000);

  test("openDestroyListener with a tiny buffer reports what the kernel dropped, as /proc/net/netlink counts it, then drains again", async () => {
    const l = await listen(ns!, bundle, "root", 4096);
    try {
      const m = await traffic(ns!, "many", "50", "0");
      const sent = expectedPorts(m).length;
      await dropsSettled(ns!, l.inode);
      const first = await l.drain();
      expect(first.lost?.count).toBeGreaterThan(0);
      expect(first.lost?.count).toBe(first.procDrops!);
      // Each notification was either queued or dropped and counted.
      expect(first.destroyed.length + first.lost!.count!).toBe(sent);
      const again = await traffic(ns!, "many", "1", "0");
      const { destroyed, lost } = await drainUntil(l, expectedPorts(again).length);
      expect(lost).toEqual([]);
      expect(destroyed.map(portsOf).sort()).toEqual(expectedPorts(again).sort());
    } finally {
      await l.stop();
    }
  }, 60_000);

  test.skipIf(!nobodyOk)("openDestroyListener run by nobody hears root's sockets close", async () => {
    const l = await listen(ns!, bundle, "nobody");
    try {
      const m = await traffic(ns!, "many", "10", "5");
      const want = expectedPorts(m);
      const { destroyed, lost } = await drainUntil(l, want.length);
      expect(lost).toEqual([]);
      expect(destroyed.map(portsOf).sort()).toEqual(want.sort());
    } finally {
      await l.stop();
    }
  }, 60_000);
});
