/**
 * A real Prometheus (Debian's 2.42 package) inside a network namespace, for the exporter tests:
 * started on the namespace's loopback with a 1 s scrape interval, one job per target and its own
 * storage directory, and asked over its HTTP API with curl run in that namespace (the test's own
 * process cannot reach that loopback; prometheus.ts runs one on the host's). `stop()` ends it and
 * removes its files.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Netns } from "./netns.ts";

import { PROMETHEUS } from "./prometheus.ts";

/**
 * The Accept header Prometheus 2.42 scrapes with (its scrape.go's acceptHeader); the Prometheus
 * test checks that the real one sends exactly this.
 */
export const PROMETHEUS_242_ACCEPT =
  "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/** The port Prometheus listens on, on the namespace's loopback. */
const PORT = 9090;

export interface NetnsPrometheus {
  /** The JSON of GET /api/v1/PATH?QUERY, asked from inside the namespace. */
  api(path: string, params?: Readonly<Record<string, string>>): Promise<unknown>;
  /** An instant query's vector: each series' labels and value. */
  query(promql: string): Promise<readonly { readonly metric: Record<string, string>; readonly value: number }[]>;
  /** Waits (at most `ms`) until every target is up; resolves to the targets. */
  waitUp(ms: number): Promise<readonly Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** Runs Prometheus in namespace `ns` scraping each job's target (host:port) every second. */
export async function startPrometheusIn(ns: string, track: Netns["track"], jobs: Readonly<Record<string, string>>): Promise<NetnsPrometheus> {
  if (PROMETHEUS === undefined) throw new Error("prometheus is not installed");
  const dir = mkdtempSync(join(tmpdir(), "netstat-stream-prometheus-"));
  const config = join(dir, "prometheus.yml");
  writeFileSync(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "  scrape_timeout: 1s",
      "scrape_configs:",
      ...Object.entries(jobs).flatMap(([job, target]) => [`  - job_name: ${job}`, "    static_configs:", `      - targets: ["${target}"]`]),
      "",
    ].join("\n"),
  );
  const proc = Bun.spawn(
    ["ip", "netns", "exec", ns, PROMETHEUS, `--config.file=${config}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${PORT}`, "--log.level=warn"],
    { stdin: "ignore", stdout: "ignore", stderr: "pipe", cwd: dir },
  );
  track(proc.pid);
  const api = async (path: string, params: Readonly<Record<string, string>> = {}): Promise<unknown> => {
    const args = Object.entries(params).flatMap(([k, v]) => ["--data-urlencode", `${k}=${v}`]);
    const curl = Bun.spawn(["ip", "netns", "exec", ns, "curl", "-s", "--max-time", "5", "-G", ...args, `http://127.0.0.1:${PORT}/api/v1/${path}`], { stdout: "pipe", stderr: "ignore" });
    const text = await new Response(curl.stdout).text();
    await curl.exited;
    return text === "" ? undefined : JSON.parse(text);
  };
  const query: NetnsPrometheus["query"] = async (promql) => {
    const r = (await api("query", { query: promql })) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } } | undefined;
    if (r?.status !== "success") throw new Error(`Prometheus did not answer the query ${promql}`);
    return r.data.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
  };
  const waitUp: NetnsPrometheus["waitUp"] = async (ms) => {
    const deadline = Date.now() + ms;
    let last: Record<string, unknown>[] = [];
    for (let i = 0; i < 200 && Date.now() < deadline; i++) {
      const r = (await api("targets").catch(() => undefined)) as { data?: { activeTargets?: Record<string, unknown>[] } } | undefined;
      last = r?.data?.activeTargets ?? [];
      if (last.length > 0 && last.every((t) => t["health"] === "up")) return last;
      await Bun.sleep(250);
    }
    throw new Error(`Prometheus's targets were not up within ${ms} ms: ${JSON.stringify(last)}`);
  };
  return {
    api,
    query,
    waitUp,
    async stop() {
      proc.kill("SIGTERM");
      const timer = setTimeout(() => proc.kill("SIGKILL"), 5000);
      await proc.exited;
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
