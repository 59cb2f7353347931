/**
 * `--summary` against the real `ss -s` (iproute2 6.1) in private namespaces: one holding the
 * socket parity fixture (IPv4 and IPv6 sockets of every kind), one holding IPv4 sockets only.
 * Ours reads each namespace from outside (`--netns NAME`, `--netns-pid PID`: its process's
 * /proc/PID/net), ss from inside; the text must be equal byte for byte. sockstat's TCP `alloc` is
 * counted machine-wide, so a socket opened elsewhere between the two reads moves it: each
 * comparison is made when two readings by ss around ours agree (at most five tries).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FIXTURE_PYTHON, startFixture, startUntilReady } from "../_support/fixture.ts";
import { runInProcess } from "../_support/in-process.ts";
import { createNetns, NET, netnsAvailable, type Netns } from "../_support/netns.ts";
import { runIn } from "../_support/run.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/summary.test.ts SKIPPED: ${available.why}`);

const IPV4_ONLY = [
  "import socket, time",
  "held = []",
  `s = socket.socket(); s.bind(('${NET.local4}', 0)); s.listen(8); held.append(s)`,
  "for _ in range(3):",
  `    c = socket.socket(); c.connect(('${NET.local4}', s.getsockname()[1])); held.extend([c, s.accept()[0]])`,
  `u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('${NET.local4}', 0)); held.append(u)`,
  "print('READY', flush=True)",
  "time.sleep(600)",
].join("\n");

/** ss -s in `ns`, ours from outside with `args`, ss -s again; ours once both readings by ss agree. */
async function compared(ns: string, args: readonly string[]): Promise<{ ours: string; ss: string; err: string }> {
  const ss = async () => (await runIn(ns, ["/usr/bin/ss", "-s"], { argv0: "ss" })).stdout.toString("latin1");
  let last = { ours: "", ss: "", err: "" };
  for (let attempt = 0; attempt < 5; attempt++) {
    const before = await ss();
    const r = await runInProcess(["--summary", ...args]);
    const after = await ss();
    last = { ours: r.out, ss: before, err: r.err };
    if (before === after) return last;
  }
  return last;
}

describe.skipIf(!available.ok)("--summary against ss -s in private namespaces", () => {
  const spaces: Netns[] = [];
  let fixturePid = 0;
  beforeAll(async () => {
    const full = await createNetns("nssumall");
    spaces.push(full);
    fixturePid = (await startFixture(full, "main")).pid;
    const v4 = await createNetns("nssumv4");
    spaces.push(v4);
    await startUntilReady(v4, ["ip", "netns", "exec", v4.name, FIXTURE_PYTHON, "-c", IPV4_ONLY]);
  }, 60_000);
  afterAll(async () => {
    for (const ns of spaces) await ns.destroy();
  }, 30_000);

  test("the fixture namespace holds IPv6 sockets and the other none, as ss -s counts them", async () => {
    const [full, v4] = await Promise.all(spaces.map(async (ns) => (await runIn(ns.name, ["/usr/bin/ss", "-s"], { argv0: "ss" })).stdout.toString("latin1")));
    const ipv6OfInet = (text: string) => Number(/^INET\t  \d+ +\d+ +(\d+)/m.exec(text)?.[1]);
    expect(ipv6OfInet(full!)).toBeGreaterThan(0);
    expect(ipv6OfInet(v4!)).toBe(0);
  });

  for (const [which, index] of [["with IPv6 sockets", 0], ["with IPv4 sockets only", 1]] as const) {
    test(`--summary --netns NAME prints ss -s's text in the namespace ${which}`, async () => {
      const r = await compared(spaces[index]!.name, ["--netns", spaces[index]!.name]);
      expect(r.err).toBe("");
      expect(r.ours).toBe(r.ss);
    });
  }

  test("--summary --netns-pid PID reads the namespace of that process", async () => {
    const r = await compared(spaces[0]!.name, ["--netns-pid", String(fixturePid)]);
    expect(r.ours).toBe(r.ss);
  });
});
