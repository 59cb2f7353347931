/**
 * `--tcp-info` against the real `ss -tin` (iproute2 6.1) in a private namespace: connections left
 * idle after a known transfer (different byte counts each way), read by ours from outside
 * (`--netns NAME`, which enters the namespace for netlink as root). For each connection
 * bytes_acked, bytes_received, segs_in/out, mss, wscale and the congestion algorithm equal ss's,
 * and the text's second line is ss's -i line but for the lastsnd/lastrcv/lastack ages. A proc
 * root that cannot be entered says so once and lists the sockets without internals.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { runInProcess } from "../_support/in-process.ts";
import { createNetns, NET, netnsAvailable, type Netns } from "../_support/netns.ts";
import { runIn } from "../_support/run.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/tcp-info.test.ts SKIPPED: ${available.why}`);

/** Bytes each client sends, and each server sends back. */
const TRANSFERS: readonly (readonly [number, number])[] = [
  [1000, 10],
  [50_000, 2000],
  [300_000, 70_000],
];

const SCRIPT = [
  "import socket, time, os",
  "held = []",
  `s = socket.socket(); s.bind(('${NET.local4}', 0)); s.listen(8); held.append(s)`,
  "def full(sock, n):",
  "    got = 0",
  "    while got < n:",
  "        chunk = sock.recv(65536)",
  "        if not chunk: break",
  "        got += len(chunk)",
  `for up, down in ${JSON.stringify(TRANSFERS)}:`,
  `    c = socket.socket(); c.connect(('${NET.local4}', s.getsockname()[1])); a = s.accept()[0]`,
  "    c.sendall(b'u' * up); full(a, up); a.sendall(b'd' * down); full(c, down); held.extend([c, a])",
  `c6 = socket.socket(socket.AF_INET6); s6 = socket.socket(socket.AF_INET6); s6.bind(('${NET.local6}', 0)); s6.listen(1)`,
  "c6.connect(s6.getsockname()[:2]); a6 = s6.accept()[0]; c6.sendall(b'x' * 4321); full(a6, 4321); held.extend([c6, a6, s6])",
  "time.sleep(0.5)",
  "print('READY', flush=True)",
  "time.sleep(600)",
].join("\n");

/** One connection as ss -tin shows it: `local peer` and its -i line. */
interface SsConnection {
  readonly ends: string;
  readonly line: string;
  readonly fields: ReadonlyMap<string, string>;
  readonly congestion: string;
}

function ssConnections(text: string): SsConnection[] {
  const lines = text.split("\n");
  const found: SsConnection[] = [];
  for (let i = 0; i + 1 < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f[0] !== "ESTAB" || !lines[i + 1]!.startsWith("\t")) continue;
    const line = lines[i + 1]!.trimEnd();
    const words = line.trim().split(" ");
    const fields = new Map(words.filter((w) => w.includes(":")).map((w) => [w.slice(0, w.indexOf(":")), w.slice(w.indexOf(":") + 1)] as [string, string]));
    found.push({ ends: `${f[3]} ${f[4]}`, line, fields, congestion: words[0]! });
  }
  return found;
}

/** ss writes IPv6 ends in brackets, netstat-stream's records bare: one spelling for both. */
const endOf = (host: string, port: number): string => (host.includes(":") ? `[${host}]:${port}` : `${host}:${port}`);
const withoutAges = (line: string): string => line.replace(/ last(snd|rcv|ack):\d+/g, "");

describe.skipIf(!available.ok)("--tcp-info against ss -tin after a known transfer", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nstcpinfo");
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", SCRIPT]);
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  const ss = async (): Promise<SsConnection[]> => ssConnections((await runIn(ns!.name, ["/usr/bin/ss", "-tinH"], { argv0: "ss" })).stdout.toString("latin1"));

  test("--json's tcp_info holds ss's bytes, segments, mss, wscale and congestion for every connection", async () => {
    const theirs = await ss();
    expect(theirs.length).toBe(2 * TRANSFERS.length + 2);
    const r = await runInProcess(["--netns", ns!.name, "-tn", "--tcp-info", "--json"]);
    expect(r.err).toBe("");
    const ours = new Map<string, Record<string, unknown>>();
    for (const line of r.out.split("\n").filter(Boolean)) {
      const rec = JSON.parse(line) as { local_ip: string; local_port_num: number; foreign_ip: string; foreign_port_num: number; tcp_info?: Record<string, unknown> };
      ours.set(`${endOf(rec.local_ip, rec.local_port_num)} ${endOf(rec.foreign_ip, rec.foreign_port_num)}`, rec.tcp_info ?? {});
    }
    for (const c of theirs) {
      const info = ours.get(c.ends);
      expect(info).toBeDefined();
      const n = (key: string): number => Number(c.fields.get(key) ?? 0);
      const wscale = info!["wscale"] as { snd: number; rcv: number } | null;
      expect({
        bytes_acked: info!["bytes_acked"], bytes_received: info!["bytes_received"], segs_in: info!["segs_in"], segs_out: info!["segs_out"],
        mss: info!["mss"], wscale: wscale === null ? undefined : `${wscale.snd},${wscale.rcv}`, congestion: info!["congestion"],
      }).toEqual({
        bytes_acked: n("bytes_acked"), bytes_received: n("bytes_received"), segs_in: n("segs_in"), segs_out: n("segs_out"),
        mss: n("mss"), wscale: c.fields.get("wscale"), congestion: c.congestion,
      });
    }
    // The transfer itself: each client's bytes acked, each server's received.
    const sent = theirs.map((c) => n0(c, "bytes_received")).sort((a, b) => a - b);
    expect(sent).toEqual([...TRANSFERS.flat(), 4321, 0].sort((a, b) => a - b));
  });

  test("the text's line under each connection is ss -tin's line but for the ages", async () => {
    const theirs = await ss();
    const r = await runInProcess(["--netns", ns!.name, "-tn", "--tcp-info"]);
    const lines = r.out.split("\n");
    for (const c of theirs) {
      const [local, peer] = c.ends.split(" ").map((e) => e.replace(/^\[(.*)\]/, "$1"));
      const at = lines.findIndex((l) => l.split(/\s+/)[3] === local && l.split(/\s+/)[4] === peer);
      expect(at).toBeGreaterThan(0);
      expect(withoutAges(lines[at + 1]!)).toBe(withoutAges(c.line));
    }
  });

  test("--format table shows the readable subset ss's figures come from", async () => {
    const r = await runInProcess(["--netns", ns!.name, "-tn", "--tcp-info", "--format", "table"]);
    const header = r.out.split("\n")[0]!.trim().split(/\s+/);
    expect(header.slice(-6)).toEqual(["RTT", "Cwnd", "Retr", "Sent", "Recv", "Rate"]);
    const recv = header.indexOf("Recv") - header.length;
    const rows = r.out.split("\n").slice(1).filter(Boolean).map((l) => Number(l.trim().split(/\s+/).at(recv)));
    expect(rows.sort((a, b) => a - b)).toEqual((await ss()).map((c) => n0(c, "bytes_received")).sort((a, b) => a - b));
  });

  test("a proc root that cannot be entered lists the sockets and says once that it has no internals", async () => {
    const pid = (await runIn(ns!.name, ["/bin/sh", "-c", "ip netns pids \"$0\" | head -1", ns!.name])).stdout.toString().trim();
    const r = await runInProcess(["--proc-root", `/proc/${pid}`, "-tn", "--tcp-info"]);
    expect(r.code).toBe(0);
    expect(r.err.split("\n").filter(Boolean)).toEqual([
      `netstat-stream: --tcp-info shows no TCP internals for the sockets of /proc/${pid}/net/tcp: they come from the kernel's socket-diag netlink interface, which this run cannot use there (another namespace is entered only by root)`,
    ]);
    expect(r.out.split("\n").filter((l) => l.startsWith("tcp")).length).toBe(2 * TRANSFERS.length + 2);
  });
});

function n0(c: SsConnection, key: string): number {
  return Number(c.fields.get(key) ?? 0);
}
