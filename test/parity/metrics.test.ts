/**
 * The exposition in a private namespace with a known socket set (scripts/sockets-fixture.py)
 * and a listener whose program name is hostile (quotes, backslashes, a newline, control bytes,
 * a byte that is not UTF-8), against the oracles:
 * - the sockets, listeners and connections it counts are what netstat (the oracle) lists there;
 * - promtool accepts it (its only lint is the camelCase of node_exporter's counter names), and
 *   the Python client's parser reads the hostile name back;
 * - the real node_exporter's textfile collector reads `--textfile`'s file with
 *   node_textfile_scrape_error 0 and serves every family of it, with the same values;
 * - `--netns NAME` from outside labels every series with the namespace, counting the same.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_PYTHON, startFixture, startUntilReady } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, runIn } from "../_support/run.ts";
import { PROMTOOL, PYTHON_CLIENT, promtoolCheck, pythonParse, type ParsedSample } from "../_support/exposition-oracles.ts";
import { NODE_EXPORTER, scrapeNodeExporter, seriesOf } from "../_support/node-exporter.ts";

const HOSTILE_PORT = 47431;
/** printf's format of the hostile program name (bash builds its bytes, so \377 stays one byte). */
const HOSTILE_FORMAT = 'say"hi"\\\\back\\nline\\033[31m\\001\\377end';
/** The name as a parser must read it back: the newline escaped and kept, every control and the non-UTF-8 byte as U+FFFD. */
const HOSTILE_READ = 'say"hi"\\back\nline\ufffd[31m\ufffd\ufffdend';

const avail = await netnsAvailable();
const why = !avail.ok ? avail.why : !PYTHON_CLIENT ? "python3-prometheus-client is missing" : "";
if (why !== "") console.warn(`parity/metrics.test.ts SKIPPED: ${why}; it needs root, ip netns and the Python client`);

interface Row {
  readonly proto: string;
  readonly local: string;
  readonly localPort: string;
  readonly foreignPort: string;
  readonly state: string;
}

const split = (endpoint: string): [string, string] => {
  const at = endpoint.lastIndexOf(":");
  return [endpoint.slice(0, at), endpoint.slice(at + 1)];
};

/** netstat -W's Internet rows. */
function rows(text: string): Row[] {
  return text
    .split("\n")
    .slice(2)
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 5 && /^(tcp|udp|udpl|raw|sctp)6?$/.test(f[0]!))
    .map((f) => {
      const [local, localPort] = split(f[3]!);
      return { proto: f[0]!, local, localPort, foreignPort: split(f[4]!)[1], state: f[5] ?? "" };
    });
}

const tally = (keys: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
};

function summed(samples: readonly ParsedSample[], name: string, key: (l: Readonly<Record<string, string>>) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of samples) if (s.name === name && s.value !== 0) out[key(s.labels)] = (out[key(s.labels)] ?? 0) + s.value;
  return out;
}

const PORTED = /^(tcp|udp|udpl|sctp)6?$/;
const space = (proto: string): string => proto.replace(/6$/, "");
const isListener = (r: Row): boolean => PORTED.test(r.proto) && (r.state === "LISTEN" || (r.state === "" && r.foreignPort === "*" && r.localPort !== "0"));

/** What netstat's rows say each family holds (program left out: netstat prints hostile names raw, across lines). */
function expected(list: readonly Row[]): { sockets: Record<string, number>; listening: Record<string, number>; connections: Record<string, number> } {
  const listeners = list.filter(isListener);
  const held = new Set(listeners.map((r) => `${space(r.proto)} ${r.localPort}`));
  const connections = list
    .filter((r) => PORTED.test(r.proto) && !isListener(r) && r.state !== "LISTEN" && r.foreignPort !== "*")
    .map((r) => {
      const inbound = held.has(`${space(r.proto)} ${r.localPort}`);
      const port = inbound ? r.localPort : held.has(`${space(r.proto)} ${r.foreignPort}`) ? r.foreignPort : "other";
      return `${r.proto} ${r.state} ${inbound ? "inbound" : "outbound"} ${port}`;
    });
  return {
    sockets: tally(list.map((r) => `${r.proto} ${r.state}`)),
    listening: tally(listeners.map((r) => `${r.proto} ${r.local} ${r.localPort}`)),
    connections: tally(connections),
  };
}

function counted(samples: readonly ParsedSample[]): ReturnType<typeof expected> {
  const sockets = summed(samples, "netstat_sockets", (l) => `${l["proto"]} ${l["state"]}`);
  for (const k of Object.keys(sockets)) if (k.startsWith("unix")) delete sockets[k];
  return {
    sockets,
    listening: summed(samples, "netstat_listening_sockets", (l) => `${l["proto"]} ${l["address"]} ${l["port"]}`),
    connections: summed(samples, "netstat_connections", (l) => `${l["proto"]} ${l["state"]} ${l["direction"]} ${l["port"]}`),
  };
}

const CAMEL = /^netstat_[A-Za-z0-9]+_[A-Za-z0-9]+ metric names should be written in 'snake_case' not 'camelCase'$/;

// The fixture's sockets stand still, but a reading of ours and one of netstat's may straddle a change on a busy machine.
const ATTEMPTS = 4;

describe.skipIf(why !== "")("the exposition in a private namespace", () => {
  let ns: Netns | undefined;
  let scratch = "";

  beforeAll(async () => {
    ns = await createNetns("nsmetrics");
    await startFixture(ns, "main");
    await startUntilReady(ns, [
      "ip", "netns", "exec", ns.name, "bash", "-c", 'exec -a "$(printf "$1")" "${@:2}"', "bash", HOSTILE_FORMAT,
      FIXTURE_PYTHON, "-c", `import socket,time\ns=socket.socket()\ns.bind(("127.0.0.1",${HOSTILE_PORT}))\ns.listen()\nprint("READY",flush=True)\ntime.sleep(300)`,
    ]);
    scratch = mkdtempSync(join(tmpdir(), "netstat-textfile-"));
  }, 60_000);

  afterAll(async () => {
    await ns?.destroy();
    if (scratch !== "") rmSync(scratch, { recursive: true, force: true });
  }, 30_000);

  test("--format prometheus -tuanp counts what netstat -tuanW lists in the namespace", async () => {
    let last: { want: ReturnType<typeof expected>; got: ReturnType<typeof expected> } | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const ours = await runIn(ns!.name, [OURS, "-tuanp", "--format", "prometheus"]);
      const real = await runIn(ns!.name, [REAL_NETSTAT, "-tuanW"]);
      expect(ours.code).toBe(0);
      last = { want: expected(rows(real.stdout.toString("latin1"))), got: counted(pythonParse(ours.stdout.toString("utf8"), "text")) };
      if (Bun.deepEquals(last.want, last.got)) break;
    }
    expect(last!.got).toEqual(last!.want);
    expect(Object.keys(last!.want.connections).length).toBeGreaterThan(0);
  });

  test("--format prometheus with a hostile program name passes promtool, and the parser reads the name back", async () => {
    const ours = await runIn(ns!.name, [OURS, "-tuanp", "--format", "prometheus"]);
    const text = ours.stdout.toString("utf8");
    if (PROMTOOL !== undefined) {
      const check = promtoolCheck(text);
      expect(check.messages.filter((m) => !CAMEL.test(m))).toEqual([]);
    }
    const listener = pythonParse(text, "text").find((s) => s.name === "netstat_listening_sockets" && s.labels["port"] === String(HOSTILE_PORT));
    expect(listener?.labels["program"]).toBe(HOSTILE_READ);
  });

  test.skipIf(NODE_EXPORTER === undefined)("node_exporter's textfile collector reads --textfile's file with no error and serves every family", async () => {
    const file = join(scratch, "netstat.prom");
    const ours = await runIn(ns!.name, [OURS, "-tuanp", "--textfile", file]);
    expect(ours.code).toBe(0);
    expect(ours.stdout.length).toBe(0);
    // Written whole, by a rename: no temporary file stays behind.
    expect(readdirSync(scratch)).toEqual(["netstat.prom"]);
    expect(statSync(file).mode & 0o777).toBe(0o644);
    const written = readFileSync(file, "utf8");
    const scraped = await scrapeNodeExporter(["--collector.textfile", `--collector.textfile.directory=${scratch}`]);
    expect(seriesOf(scraped, "node_textfile_scrape_error").get("node_textfile_scrape_error")).toBe("0");
    const theirs = pythonParse(scraped, "text");
    const mine = pythonParse(written, "text");
    const families = [...new Set(mine.map((s) => s.family))];
    expect(families.length).toBeGreaterThan(10);
    const served = new Set(theirs.map((s) => s.family));
    expect(families.filter((f) => !served.has(f))).toEqual([]);
    const key = (s: ParsedSample): string => `${s.name} ${JSON.stringify(Object.entries(s.labels).sort())}`;
    const values = new Map(theirs.map((s) => [key(s), s.value]));
    for (const s of mine) expect([key(s), values.get(key(s))]).toEqual([key(s), s.value]);
  });

  test("--netns NAME labels every socket series with the namespace and counts what a reading inside it counts", async () => {
    const inode = statSync(`/run/netns/${ns!.name}`).ino;
    let outside: ReturnType<typeof counted> | undefined;
    let inside: ReturnType<typeof counted> | undefined;
    let samples: readonly ParsedSample[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const out = Bun.spawnSync([OURS, "--netns", ns!.name, "-tuan", "--format", "prometheus"], { stdout: "pipe", stderr: "pipe" });
      expect(out.exitCode).toBe(0);
      samples = pythonParse(out.stdout.toString("utf8"), "text");
      outside = counted(samples);
      inside = counted(pythonParse((await runIn(ns!.name, [OURS, "-tuan", "--format", "prometheus"])).stdout.toString("utf8"), "text"));
      if (Bun.deepEquals(outside, inside)) break;
    }
    expect(outside).toEqual(inside!);
    const socketSeries = samples.filter((s) => ["netstat_sockets", "netstat_listening_sockets", "netstat_connections", "netstat_Tcp_CurrEstab"].includes(s.name));
    expect(socketSeries.length).toBeGreaterThan(0);
    for (const s of socketSeries) {
      expect(s.labels["netns"]).toBe(String(inode));
      expect(s.labels["netns_name"]).toBe(ns!.name);
      expect(Object.keys(s.labels)).toEqual(expect.arrayContaining(["container_id", "container_runtime", "pod_uid"]));
    }
  });

  test("--all-netns labels each namespace's series apart: this namespace's count what a reading inside it counts", async () => {
    const inode = String(statSync(`/run/netns/${ns!.name}`).ino);
    let mine: ReturnType<typeof counted> | undefined;
    let inside: ReturnType<typeof counted> | undefined;
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const out = Bun.spawnSync([OURS, "--all-netns", "-tuan", "--format", "prometheus"], { stdout: "pipe", stderr: "pipe" });
      expect(out.exitCode).toBe(0);
      const samples = pythonParse(out.stdout.toString("utf8"), "text");
      expect(new Set(samples.filter((s) => s.name === "netstat_sockets").map((s) => s.labels["netns"])).size).toBeGreaterThan(1);
      mine = counted(samples.filter((s) => s.labels["netns"] === inode));
      inside = counted(pythonParse((await runIn(ns!.name, [OURS, "-tuan", "--format", "prometheus"])).stdout.toString("utf8"), "text"));
      if (Bun.deepEquals(mine, inside)) break;
    }
    expect(mine).toEqual(inside!);
  });

  test("--textfile -c counts every connection the test makes, opened and closed, between its readings", async () => {
    const file = join(scratch, "events.prom");
    const port = 47433;
    const made = 4;
    const feed = Bun.spawn(["ip", "netns", "exec", ns!.name, OURS, "-tan", "-c", "--interval", "300ms", "--textfile", file], { stdout: "ignore", stderr: "pipe" });
    ns!.track(feed.pid);
    try {
      for (let i = 0; i < 100 && !existsSync(file); i++) await Bun.sleep(100);
      // Each connection lives long enough for several readings to see it, so that its lifetime is known.
      await startUntilReady(ns!, [
        "ip", "netns", "exec", ns!.name, FIXTURE_PYTHON, "-c",
        `import socket,time\ns=socket.socket()\ns.bind(("127.0.0.1",${port}))\ns.listen()\ntime.sleep(1)\nfor i in range(${made}):\n  c=socket.create_connection(("127.0.0.1",${port}))\n  a,_=s.accept()\n  time.sleep(2)\n  c.close()\n  a.close()\nprint("READY",flush=True)\ntime.sleep(60)`,
      ], "the connection maker");
      const total = (samples: readonly ParsedSample[], name: string, direction: string): number =>
        samples.filter((x) => x.name === name && x.labels["direction"] === direction && x.labels["port"] === String(port)).reduce((n, x) => n + x.value, 0);
      let samples: readonly ParsedSample[] = [];
      for (let i = 0; i < 50; i++) {
        samples = pythonParse(readFileSync(file, "utf8"), "text");
        if (total(samples, "netstat_connections_closed_total", "inbound") + total(samples, "netstat_connections_closed_total", "outbound") >= 2 * made) break;
        await Bun.sleep(200);
      }
      for (const direction of ["inbound", "outbound"]) {
        expect([direction, total(samples, "netstat_connections_opened_total", direction)]).toEqual([direction, made]);
        expect([direction, total(samples, "netstat_connections_closed_total", direction)]).toEqual([direction, made]);
        expect([direction, total(samples, "netstat_connection_duration_seconds_count", direction)]).toEqual([direction, made]);
      }
      if (PROMTOOL !== undefined) expect(promtoolCheck(readFileSync(file, "utf8")).messages.filter((m) => !CAMEL.test(m))).toEqual([]);
    } finally {
      feed.kill();
      await feed.exited;
    }
  }, 45_000);
});
