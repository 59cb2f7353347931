/**
 * `--serve` against a real Prometheus 2.42: the exporter runs in a private namespace with the
 * fixture's known socket set and listens on the namespace's 203.0.113.1; Prometheus runs in the
 * peer namespace on its loopback (so that neither it nor the test's queries add sockets to what is
 * counted), scraping every second. By PromQL: the socket counts equal what netstat lists in that
 * namespace, the opened and closed totals grow by exactly the connections the test makes (and
 * /events streams each of their opens and closes to a curl -N in the peer namespace), and the
 * scrapes were OpenMetrics (Prometheus keeps a counter's metadata under its OpenMetrics family
 * name, without `_total`, only when it parsed OpenMetrics).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { startExporter, type Exporter } from "../_support/exporter.ts";
import { readFileSync } from "node:fs";
import { FIXTURE_PYTHON, startFixture, startUntilReady } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, NET, type Netns } from "../_support/netns.ts";
import { PROMETHEUS } from "../_support/prometheus.ts";
import { PROMETHEUS_242_ACCEPT, startPrometheusIn, type NetnsPrometheus as Prometheus } from "../_support/prometheus-netns.ts";
import { OURS, REAL_NETSTAT, runIn } from "../_support/run.ts";

const available = await netnsAvailable();
const why = !available.ok ? available.why : PROMETHEUS === undefined ? "prometheus is not installed" : !existsSync(OURS) ? "the binary is not built" : "";
const EXPORTER_PORT = 9469;
/** The port of the test's own server, whose connections the totals must count. */
const CHURN_PORT = 47600;
const CONNECTIONS = 5;
/** The capture server's port, on the peer namespace's loopback beside Prometheus. */
const CAPTURE_PORT = 9471;

/** A scrape target that writes the Accept header of each request to a file and answers with one sample. */
const CAPTURE = `
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        open(sys.argv[1], "w").write(self.headers.get("Accept", ""))
        body = b"capture_up 1\\n"
        self.send_response(200); self.send_header("Content-Type", "text/plain; version=0.0.4"); self.send_header("Content-Length", str(len(body))); self.end_headers()
        self.wfile.write(body)
    def log_message(self, *a): pass
s = http.server.HTTPServer(("127.0.0.1", ${CAPTURE_PORT}), H)
print("READY", flush=True)
s.serve_forever()
`;

/** netstat's TCP and UDP sockets in `ns` counted by Proto and State (UDP without a state: ""). */
async function netstatCounts(ns: string): Promise<Map<string, number>> {
  const r = await runIn(ns, [REAL_NETSTAT, "-tuan"]);
  const counts = new Map<string, number>();
  for (const line of r.stdout.toString("latin1").split("\n")) {
    const f = line.trim().split(/\s+/);
    if (!/^(tcp|udp)6?$/.test(f[0] ?? "")) continue;
    const key = `${f[0]} ${f[5] ?? ""}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The nonzero series of netstat_sockets, keyed as netstatCounts keys them. */
async function promCounts(prom: Prometheus): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const s of await prom.query("netstat_sockets > 0")) counts.set(`${s.metric["proto"]} ${s.metric["state"] ?? ""}`, s.value);
  return counts;
}

/** The sum of a counter's series for the churn port, by direction. */
async function totals(prom: Prometheus, family: string): Promise<Record<string, number>> {
  const out: Record<string, number> = { inbound: 0, outbound: 0 };
  for (const s of await prom.query(`sum by (direction) (${family}{port="${CHURN_PORT}"})`)) out[s.metric["direction"]!] = s.value;
  return out;
}

/** A scrape newer than `after` (ms since the epoch) has been stored. */
async function scrapedAfter(prom: Prometheus, after: number): Promise<void> {
  for (let i = 0; i < 40; i++) {
    const r = await prom.query("timestamp(up)");
    if ((r[0]?.value ?? 0) * 1000 > after) return;
    await Bun.sleep(250);
  }
  throw new Error("Prometheus stored no new scrape within 10 s");
}

/** The test's server and client, in python: CONNECTIONS connections held for 2.5 s, then reset. */
const CHURN = `
import socket, sys, time
srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("${NET.local4}", ${CHURN_PORT})); srv.listen(16)
print("READY", flush=True)
sys.stdin.readline()
clients = []
for _ in range(${CONNECTIONS}):
    c = socket.create_connection(("${NET.local4}", ${CHURN_PORT}))
    c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x00")
    clients.append((c, srv.accept()[0]))
time.sleep(2.5)
for c, a in clients:
    c.close()
    time.sleep(0.05)
    a.close()
print("DONE", flush=True)
time.sleep(600)
`;

describe.skipIf(why !== "")(`--serve scraped by Prometheus 2.42${why === "" ? "" : ` (skipped: ${why})`}`, () => {
  let ns: Netns;
  let exporter: Exporter;
  let prom: Prometheus;
  beforeAll(async () => {
    ns = await createNetns("nss-prom");
    await startFixture(ns, "main");
    exporter = await startExporter(ns, ["--serve", `${NET.local4}:${EXPORTER_PORT}`, "-tuan"]);
    // The capture server answers Prometheus beside the exporter, to learn the Accept header it really sends.
    await startUntilReady(ns, ["ip", "netns", "exec", ns.peer, FIXTURE_PYTHON, "-c", CAPTURE, `${ns.dir}/accept.txt`]);
    prom = await startPrometheusIn(ns.peer, (pid) => ns.track(pid), { netstat: `${NET.local4}:${EXPORTER_PORT}`, capture: `127.0.0.1:${CAPTURE_PORT}` });
  }, 60_000);
  afterAll(async () => {
    await prom?.stop();
    await exporter?.stop();
    await ns?.destroy();
  });

  test("Prometheus finds the target up", async () => {
    const targets = await prom.waitUp(20_000);
    expect(targets.map((t) => `${String((t["labels"] as Record<string, string>)["job"])} ${String(t["health"])}`).sort()).toEqual(["capture up", "netstat up"]);
  }, 30_000);

  test("netstat_sockets equals what netstat lists in the namespace", async () => {
    let last: readonly [Map<string, number>, Map<string, number>] | undefined;
    // The socket set must hold still around the scrape compared: netstat before and after it agree.
    for (let attempt = 0; attempt < 5; attempt++) {
      const before = await netstatCounts(ns.name);
      const t = Date.now();
      await scrapedAfter(prom, t + 200);
      const scraped = await promCounts(prom);
      const after = await netstatCounts(ns.name);
      last = [after, scraped];
      if (JSON.stringify([...before].sort()) === JSON.stringify([...after].sort())) break;
    }
    const [oracle, scraped] = last!;
    expect(Object.fromEntries([...scraped].sort())).toEqual(Object.fromEntries([...oracle].sort()));
  }, 60_000);

  test("the opened and closed totals grow by exactly the connections the test makes, and /events streams each open and close", async () => {
    const opened0 = await totals(prom, "netstat_connections_opened_total");
    const closed0 = await totals(prom, "netstat_connections_closed_total");
    // A log shipper's view: curl -N from the peer namespace, for the time of the churn.
    const events = Bun.spawn(["ip", "netns", "exec", ns.peer, "curl", "-sN", "--max-time", "20", `http://${NET.local4}:${EXPORTER_PORT}/events`], { stdout: "pipe", stderr: "ignore" });
    ns.track(events.pid);
    const eventText = new Response(events.stdout).text();
    await Bun.sleep(300);
    const churn = Bun.spawn(["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", CHURN], { stdin: "pipe", stdout: "pipe", stderr: "pipe" });
    ns.track(churn.pid);
    const reader = churn.stdout.getReader();
    const lines = async (want: string): Promise<void> => {
      let text = "";
      for (let i = 0; i < 100 && !text.includes(want); i++) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the churn script ended: ${await new Response(churn.stderr).text()}`);
        text += new TextDecoder().decode(value);
      }
    };
    await lines("READY");
    churn.stdin.write("go\n");
    churn.stdin.flush();
    await lines("DONE");
    // The closes are heard as they happen; the next scrape after a poll carries them.
    await Bun.sleep(1500);
    await scrapedAfter(prom, Date.now());
    const opened = await totals(prom, "netstat_connections_opened_total");
    const closed = await totals(prom, "netstat_connections_closed_total");
    churn.kill("SIGKILL");
    events.kill("SIGTERM");
    const streamed = (await eventText).split("\n").filter((l) => l !== "").map((l) => JSON.parse(l) as Record<string, unknown>);
    // The connections' ends, not the test server's listener (which /events tells of as well).
    const churned = (event: string): number =>
      streamed.filter((e) => e["event"] === event && e["state"] !== "LISTEN" && (e["local_port_num"] === CHURN_PORT || e["foreign_port_num"] === CHURN_PORT)).length;
    expect({ opens: churned("open"), closes: churned("close") }).toEqual({ opens: 2 * CONNECTIONS, closes: 2 * CONNECTIONS });
    expect({ inbound: opened.inbound! - opened0.inbound!, outbound: opened.outbound! - opened0.outbound! }).toEqual({ inbound: CONNECTIONS, outbound: CONNECTIONS });
    expect({ inbound: closed.inbound! - closed0.inbound!, outbound: closed.outbound! - closed0.outbound! }).toEqual({ inbound: CONNECTIONS, outbound: CONNECTIONS });
  }, 60_000);

  test("the Accept header Prometheus sends gets OpenMetrics 1.0.0, ending in # EOF", async () => {
    const accept = readFileSync(`${ns.dir}/accept.txt`, "utf8");
    expect(accept).toBe(PROMETHEUS_242_ACCEPT);
    const curl = Bun.spawn(["ip", "netns", "exec", ns.peer, "curl", "-s", "--max-time", "5", "-D", "-", "-H", `Accept: ${accept}`, `http://${NET.local4}:${EXPORTER_PORT}/metrics`], { stdout: "pipe" });
    const answer = await new Response(curl.stdout).text();
    expect(answer).toMatch(/^content-type: application\/openmetrics-text; version=1\.0\.0; charset=utf-8\r$/im);
    expect(answer).toEndWith("# EOF\n");
  });

  test("Prometheus scraped OpenMetrics: a counter's metadata is under its OpenMetrics family name", async () => {
    const r = (await prom.api("metadata")) as { data: Record<string, { type: string }[]> };
    expect(r.data["netstat_connections_opened"]?.[0]?.type).toBe("counter");
    expect(r.data["netstat_connections_opened_total"]).toBeUndefined();
  });

  test("SIGTERM stops the exporter with status 0", async () => {
    expect(await exporter.stop("SIGTERM")).toBe(0);
    expect(exporter.stderr()).not.toMatch(/^\s+at /m);
  });
});

