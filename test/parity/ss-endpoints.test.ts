/**
 * `address:port` in tables and --watch lines as ss writes it: an IPv6 literal in brackets
 * (`[2001:db8::1]:443`, `[::]:*`), IPv4 bare. Compared with the real ss
 * (iproute2 6.1) in a private namespace holding IPv6, IPv4-mapped and IPv4 sockets. netstat's
 * own text keeps netstat's unbracketed form (held to netstat by the other parity suites).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { createNetns, NET, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, runIn } from "../_support/run.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/ss-endpoints.test.ts SKIPPED: ${available.why}`);

/** Listeners on one IPv6, one loopback IPv6, one dual-stack and one IPv4 address, with a connection to each. */
const SOCKETS = [
  "import socket, time",
  "held = []",
  "def pair(family, listen_at, connect_to):",
  "    s = socket.socket(family); s.bind(listen_at); s.listen(4); held.append(s)",
  "    c = socket.socket(socket.AF_INET if '.' in connect_to[0] else socket.AF_INET6)",
  "    c.connect((connect_to[0], s.getsockname()[1])); held.append(c); held.append(s.accept()[0])",
  `pair(socket.AF_INET6, ('${NET.local6}', 0), ('${NET.local6}',))`,
  "pair(socket.AF_INET6, ('::1', 0), ('::1',))",
  // A dual-stack listener accepting IPv4: the accepted socket's addresses are IPv4-mapped IPv6.
  "pair(socket.AF_INET6, ('::', 0), ('127.0.0.1',))",
  `pair(socket.AF_INET, ('${NET.local4}', 0), ('${NET.local4}',))`,
  "print('READY', flush=True)",
  "time.sleep(600)",
].join("\n");

/** The local and peer endpoints of each row, as `LOCAL PEER`. */
function endpoints(text: string, local: number, peer: number, keep: (fields: string[]) => boolean): string[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length > peer && keep(f))
    .map((f) => `${f[local]} ${f[peer]}`)
    .sort();
}

describe.skipIf(!available.ok)("address:port in tables and --watch lines, against ss", () => {
  let ns: Netns | undefined;
  let raw: string[] = [];
  let theirs: string[] = [];

  beforeAll(async () => {
    ns = await createNetns("nssend");
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", SOCKETS]);
    const ss = await runIn(ns.name, ["/usr/bin/ss", "-tanH"], { argv0: "ss" });
    // ss writes a dual-stack wildcard listener as `*:PORT` (from its v6only flag, which /proc does not carry).
    raw = endpoints(ss.stdout.toString("latin1"), 3, 4, (f) => !f[3]!.startsWith("*:"));
    // The address text is netstat's, which writes an IPv4-mapped address as IPv4 (local_ip keeps the mapped form).
    theirs = raw.map((e) => e.replace(/\[::ffff:([0-9.]+)\]/g, "$1")).sort();
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("ss sees the IPv6, IPv4-mapped and IPv4 sockets the namespace holds", () => {
    expect(raw.filter((e) => e.startsWith("[2001:db8::1]:")).length).toBe(3);
    expect(raw.filter((e) => e.startsWith("[::1]:")).length).toBe(3);
    expect(raw.filter((e) => e.startsWith("[::ffff:127.0.0.1]:")).length).toBe(1);
    expect(raw.filter((e) => e.startsWith(`${NET.local4}:`)).length).toBe(3);
  });

  test("--format table writes each endpoint as ss does", async () => {
    const r = await runIn(ns!.name, [OURS, "-tan", "--format", "table"]);
    expect(r.code).toBe(0);
    const ours = endpoints(r.stdout.toString("latin1"), 3, 4, (f) => f[0]!.startsWith("tcp"));
    expect(ours.filter((e) => theirs.includes(e))).toEqual(theirs);
  });

  test("--watch text lines write each endpoint as ss does", async () => {
    // SIGINT after a few polls ends the watch with status 0.
    const r = await runIn(ns!.name, ["timeout", "-s", "INT", "2", OURS, "--watch", "--include-existing", "-tn", "--interval", "200ms"], {
      argv0: "timeout",
    });
    const ours = endpoints(r.stdout.toString("latin1"), 3, 4, (f) => f[1] === "open");
    expect(ours.filter((e) => theirs.includes(e))).toEqual(theirs);
  });
});
