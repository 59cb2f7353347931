/**
 * A real Prometheus (Debian's `prometheus` package) as an oracle: started on 127.0.0.1 on a free
 * port with its own scratch storage and one scrape job (1 s interval) against the given target,
 * asked over its HTTP API, and stopped. Every wait is bounded.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Where prometheus is, when installed. */
export const PROMETHEUS = ["/usr/bin/prometheus", "/usr/local/bin/prometheus"].find((p) => existsSync(p));

/** A free loopback TCP port: one the kernel handed out and that was closed again. */
export function freePort(): number {
  const server = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = server.port;
  server.stop(true);
  return port;
}

/** The target's state as /api/v1/targets tells it. */
export interface TargetState {
  readonly health: string;
  readonly lastError: string;
}

/** A running Prometheus. */
export interface RunningPrometheus {
  /** Every active target's state by its address, once each has been scraped (health other than "unknown"). */
  targetsScraped(timeoutMs: number): Promise<ReadonlyMap<string, TargetState>>;
  /** An instant query's result vector: each series' labels and value. */
  query(promql: string): Promise<{ readonly metric: Readonly<Record<string, string>>; readonly value: number }[]>;
  stop(): Promise<void>;
}

/** Starts Prometheus scraping http://TARGET/metrics of each of `targets` every second. */
export async function startPrometheus(targets: readonly string[]): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), "netstat-prometheus-"));
  const config = join(dir, "prometheus.yml");
  writeFileSync(config, `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: netstat\n    static_configs:\n      - targets: ${JSON.stringify(targets)}\n`);
  const port = freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = Bun.spawn([PROMETHEUS!, `--config.file=${config}`, `--storage.tsdb.path=${join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`], {
    stdout: "ignore",
    stderr: "ignore",
  });
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${base}${path}`);
    const body = (await res.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`Prometheus refused ${path}: ${body.error ?? res.status}`);
    return body.data;
  };
  return {
    async targetsScraped(timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (let attempt = 0; attempt < 1000 && Date.now() < until; attempt++) {
        try {
          const data = await api<{ activeTargets: { health: string; lastError: string; labels: { instance: string } }[] }>("/api/v1/targets");
          const scraped = data.activeTargets.filter((t) => t.health !== "unknown");
          if (scraped.length === targets.length) return new Map(scraped.map((t) => [t.labels.instance, { health: t.health, lastError: t.lastError }]));
        } catch {
          // Not up yet.
        }
        if (child.exitCode !== null) throw new Error(`prometheus exited with status ${child.exitCode}`);
        await Bun.sleep(200);
      }
      throw new Error(`Prometheus did not scrape ${targets.join(", ")} within ${timeoutMs} ms`);
    },
    async query(promql) {
      const data = await api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(`/api/v1/query?query=${encodeURIComponent(promql)}`);
      return data.result.map((r) => ({ metric: r.metric, value: Number(r.value[1]) }));
    },
    async stop() {
      child.kill();
      await child.exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
