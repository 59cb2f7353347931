/**
 * The byte counters of a socket-diag dump that asks for tcp_info (`--top`), against `ss -tin`
 * (iproute2), which prints the same tcp_info fields: in a private namespace, a client sends a
 * known number of bytes to a loopback server, which answers with another, and both then stay
 * idle, so the two readings agree exactly.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { REPO_ROOT, runIn } from "../_support/run.ts";

const READER = resolve(REPO_ROOT, "test/_support/diag-counters.ts");
const PORT = 4611;
const available = await netnsAvailable();
if (!available.ok) console.warn(`sock-diag counters live tests skipped: ${available.why}`);

/** A server that answers 7890 bytes to whoever sends it 123456, and a client that does so; both then wait. */
const PAIR = [
  "import socket, threading, time",
  `s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', ${PORT})); s.listen(4)`,
  "def serve():",
  "    a = s.accept()[0]; got = 0",
  "    while got < 123456: got += len(a.recv(65536))",
  "    a.sendall(b'y' * 7890); time.sleep(120)",
  "threading.Thread(target=serve, daemon=True).start()",
  `c = socket.create_connection(('127.0.0.1', ${PORT})); c.sendall(b'x' * 123456); got = 0`,
  "while got < 7890: got += len(c.recv(65536))",
  "time.sleep(0.2); print('READY', flush=True); time.sleep(120)",
].join("\n");

interface Dumped {
  readonly local: number;
  readonly remote: number;
  readonly counters?: Record<string, number>;
}

/** `ss -tin`'s bytes_acked and bytes_received of each socket, by its local port. */
function ssCounters(text: string): Map<number, { bytes_acked: number; bytes_received: number }> {
  const found = new Map<number, { bytes_acked: number; bytes_received: number }>();
  const lines = text.split("\n");
  for (let i = 0; i + 1 < lines.length; i++) {
    const local = /^\d+\s+\d+\s+\S+:(\d+)\s/.exec(lines[i]!);
    if (local === null) continue;
    const info = lines[i + 1]!;
    const acked = /bytes_acked:(\d+)/.exec(info);
    const received = /bytes_received:(\d+)/.exec(info);
    found.set(Number(local[1]), { bytes_acked: Number(acked?.[1] ?? 0), bytes_received: Number(received?.[1] ?? 0) });
  }
  return found;
}

describe.skipIf(!available.ok)("tcp_info byte counters from a netlink dump", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nscount");
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", PAIR], "the counted pair");
  }, 30_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("inetChunks with counters gives each TCP socket the bytes ss -tin shows", async () => {
    const dumped = JSON.parse((await runIn(ns!.name, [process.execPath, "run", READER], { argv0: "bun" })).stdout.toString()) as Dumped[];
    const ss = ssCounters((await runIn(ns!.name, ["ss", "-tin", "state", "established"])).stdout.toString());
    const established = dumped.filter((d) => d.remote !== 0);
    expect(established.length).toBe(2);
    expect(ss.size).toBe(2);
    for (const d of established) {
      const want = ss.get(d.local);
      expect(want).toBeDefined();
      expect({ bytes_acked: d.counters?.["bytes_acked"], bytes_received: d.counters?.["bytes_received"] }).toEqual(want!);
    }
    // The client sent 123456 bytes and got 7890 back.
    const client = established.find((d) => d.remote === PORT)!;
    expect(client.counters?.["bytes_received"]).toBe(7890);
  }, 30_000);
});
