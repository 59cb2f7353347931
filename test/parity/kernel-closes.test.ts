/**
 * `--watch` hears every TCP and UDP close from the kernel, run inside the server namespace: the
 * traffic and what must be reported are test/_support/close-traffic.ts's. The same as `nobody`;
 * and a reader paused under 200 connections a second gets gap records, with bounded memory.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FIXTURE_PYTHON } from "../_support/fixture.ts";
import { until } from "../_support/lines.ts";
import { createNetns, NET, netnsAvailable, type Netns } from "../_support/netns.ts";
import { asNobody, OURS } from "../_support/run.ts";
import { readableIn } from "../_support/readable.ts";
import { checkTraffic, CONNECTIONS, PORT, run, startServer, watchTraffic, type Event } from "../_support/close-traffic.ts";
import { pausedFifo } from "../_support/fifo.ts";
import { readFileSync } from "node:fs";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/kernel-closes.test.ts SKIPPED: ${available.why}`);

/** Connections of the paused-reader test, at about 200 a second. */
const CHURN = 1600;

describe.skipIf(!available.ok)("--watch hears every close from the kernel", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nskclose");
    await startServer(ns, 2 * CONNECTIONS + CHURN + 100);
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  const watchArgv = (nobody: boolean): string[] => [
    "ip", "netns", "exec", ns!.name, ...(nobody ? asNobody() : []), nobody ? readableIn(ns!.name, OURS) : OURS,
    "--watch", "--json", "--include-existing", "--interval", "2s", "-tun",
  ];

  test("as root: every connection and UDP socket has exactly one open and one close, with the bytes", async () => {
    checkTraffic(await watchTraffic(ns!, watchArgv(false)));
  }, 90_000);

  test("as nobody: the same", async () => {
    checkTraffic(await watchTraffic(ns!, watchArgv(true)));
  }, 90_000);

  test("a reader paused under 200 connections a second gets a gap for what it could not take, and the watch's memory stays bounded", async () => {
    const fifo = pausedFifo(ns!.dir, "paused-watch");
    const watch = Bun.spawn(["ip", "netns", "exec", ns!.name, OURS, "--watch", "--json", "--interval", "1s", "-tn"], { stdout: fifo.write, stderr: "pipe" });
    ns!.track(watch.pid);
    fifo.closeWrite();
    const churn = [
      "import socket, time",
      `for _ in range(${CHURN}):`,
      `    c = socket.create_connection(('${NET.local4}', ${PORT}), timeout=5); c.sendall(b'x' * 100); c.close(); time.sleep(0.005)`,
    ].join("\n");
    let peak = 0;
    const rss = (): number => Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${watch.pid}/status`, "latin1"))?.[1] ?? 0);
    const sampler = setInterval(() => (peak = Math.max(peak, rss())), 100);
    try {
      await run(["ip", "netns", "exec", ns!.peer, FIXTURE_PYTHON, "-c", churn]);
      let text = "";
      const gap = (): boolean => text.split("\n").some((l) => l.includes('"kind":"gap"') && l.includes('"source":"reader"'));
      await until(() => ((text += fifo.drain().toString("latin1")), gap()), 20_000, "a gap for the paused reader");
      const lines = text.split("\n").slice(0, -1).map((l) => JSON.parse(l) as Event);
      const gaps = lines.filter((e) => e["kind"] === "gap");
      expect(gaps.every((g) => g["source"] === "reader" && typeof g["lost"] === "number" && (g["lost"] as number) > 0)).toBe(true);
      // What it could hold came through: closes from before the pause and after it.
      expect(lines.filter((e) => e["event"] === "close").length).toBeGreaterThan(100);
      expect(peak).toBeGreaterThan(0);
      expect(peak).toBeLessThan(300 * 1024);
    } finally {
      clearInterval(sampler);
      watch.kill("SIGTERM");
      await watch.exited;
      fifo.close();
    }
  }, 90_000);
});
