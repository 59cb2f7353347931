/**
 * `--watch` of other namespaces hears their closes from the kernel too, through a listener made
 * inside each one: run from the test's own namespace with `--netns NAME` or `--all-netns`, the
 * traffic of test/_support/close-traffic.ts gets what it gets inside the namespace, each event
 * with the namespace's inode. A namespace that appears during the watch is listened in from its
 * first poll, and its listener goes with it. As `nobody`, which cannot enter a namespace, the
 * closes come from polls and one sentence says so.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readlinkSync, statSync } from "node:fs";
import { checkTraffic, CONNECTIONS, PORT, run, startServer, watchTraffic, type Event } from "../_support/close-traffic.ts";
import { FIXTURE_PYTHON } from "../_support/fixture.ts";
import { sleep, start, until } from "../_support/lines.ts";
import { createNetns, NET, netnsAvailable, type Netns } from "../_support/netns.ts";
import { readableIn } from "../_support/readable.ts";
import { asNobody, OURS } from "../_support/run.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/kernel-closes-netns.test.ts SKIPPED: ${available.why}`);

const WATCH = ["--watch", "--json", "--include-existing", "--interval", "2s", "-tun"];

/** The nsfs inode of a named namespace. */
const inodeOf = (ns: Netns): number => statSync(`/run/netns/${ns.name}`).ino;

/** The inodes of the sockets a process holds open. */
function socketsOf(pid: number): Set<number> {
  const inodes = new Set<number>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const link = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (link !== null) inodes.add(Number(link[1]));
    } catch {
      // Closed meanwhile.
    }
  }
  return inodes;
}

/** The inodes of the netlink sockets of a namespace, as its /proc/net/netlink lists them (last column). */
async function netlinkSocketsIn(ns: Netns): Promise<Set<number>> {
  const table = await run(["ip", "netns", "exec", ns.name, "cat", "/proc/net/netlink"]);
  return new Set(table.slice(1).map((line) => Number(line.trim().split(/\s+/).at(-1))));
}

/** Short connections from the peer namespace, each sending 10 bytes; prints each one's local port. */
const SHORT = (count: number): string =>
  [
    "import socket, time",
    `for _ in range(${count}):`,
    `    c = socket.create_connection(('${NET.local4}', ${PORT}), timeout=5); print(c.getsockname()[1], flush=True)`,
    "    c.sendall(b'x' * 10); time.sleep(0.02); c.close()",
  ].join("\n");

describe.skipIf(!available.ok)("--watch of other namespaces hears their closes from the kernel", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nskcns");
    await startServer(ns, 3 * CONNECTIONS + 100);
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("--netns NAME as root: every connection and UDP socket has exactly one open and one close, with the bytes and the namespace", async () => {
    const watched = await watchTraffic(ns!, [OURS, ...WATCH, "--netns", ns!.name]);
    checkTraffic(watched);
    expect([...new Set(watched.events.map((e) => e["netns"]))]).toEqual([inodeOf(ns!)]);
  }, 90_000);

  test("--all-netns as root: the same, for the namespace's events", async () => {
    checkTraffic(await watchTraffic(ns!, [OURS, ...WATCH, "--all-netns"], (e) => e["netns"] === inodeOf(ns!)));
  }, 90_000);

  test("--all-netns: a namespace that appears is listened in from its first poll, and its listener goes with it", async () => {
    const watch = start([OURS, "--watch", "--json", "--interval", "1s", "-tn", "--all-netns"]);
    let late: Netns | undefined;
    try {
      const events = (): Event[] => watch.lines.map((l) => JSON.parse(l) as Event);
      await sleep(1500);
      late = await createNetns("nskcnew");
      await startServer(late, 100);
      const netns = inodeOf(late);
      const mine = (): Event[] => events().filter((e) => e["netns"] === netns);
      await until(() => mine().some((e) => e["local_port_num"] === PORT && e["state"] === "LISTEN"), 15_000, "the new namespace's listener");
      // The watch holds a netlink socket made inside the new namespace.
      const netlinkIn = await netlinkSocketsIn(late);
      const inside = [...socketsOf(watch.proc.pid)].filter((inode) => netlinkIn.has(inode));
      const ports = await run(["ip", "netns", "exec", late.peer, FIXTURE_PYTHON, "-c", SHORT(20)]);
      await until(() => mine().filter((e) => e["event"] === "close").length >= ports.length, 15_000, "the new namespace's closes");
      for (const port of ports) {
        const ends = mine().filter((e) => e["foreign_port_num"] === Number(port));
        expect({ port, events: ends.map((e) => `${e["event"]}:${e["source"] ?? ""}`) }).toEqual({ port, events: ["open:", "close:kernel"] });
      }
      expect(inside.length).toBeGreaterThan(0);
      await late.destroy();
      late = undefined;
      await until(() => inside.every((inode) => !socketsOf(watch.proc.pid).has(inode)), 10_000, "the ended namespace's listener to close");
    } finally {
      watch.proc.kill("SIGTERM");
      await watch.done;
      await late?.destroy();
    }
  }, 90_000);

  test("--netns NAME as nobody: closes come from polls, and one sentence says why", async () => {
    // nobody reads a namespace through a process of its own living there.
    const sleeper = Bun.spawn(["ip", "netns", "exec", ns!.name, ...asNobody(), "sleep", "30"], { stdout: "ignore", stderr: "ignore" });
    ns!.track(sleeper.pid);
    const watch = Bun.spawn([...asNobody(), readableIn(ns!.name, OURS), "--watch", "--json", "--interval", "1s", "-tn", "--netns", ns!.name], {
      stdout: "pipe",
      stderr: "pipe",
    });
    try {
      await sleep(1500);
      // A connection that lives across polls: its open and close come from them.
      await run(["ip", "netns", "exec", ns!.peer, FIXTURE_PYTHON, "-c", `import socket, time\nc = socket.create_connection(('${NET.local4}', ${PORT})); time.sleep(2.5); c.close()`]);
      await sleep(2500);
    } finally {
      watch.kill("SIGTERM");
      sleeper.kill();
    }
    const [out, err] = await Promise.all([new Response(watch.stdout).text(), new Response(watch.stderr).text()]);
    expect(await watch.exited).toBe(0);
    const lines = err.split("\n").filter(Boolean);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain("CAP_SYS_ADMIN");
    const closes = out.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Event).filter((e) => e["event"] === "close" && e["local_port_num"] === PORT);
    expect(closes.map((e) => e["source"])).toEqual(["poll"]);
  }, 60_000);
});
