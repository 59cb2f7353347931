/**
 * The real node_exporter (Debian's `prometheus-node-exporter`) as an oracle: started on
 * 127.0.0.1 on a free port with only the collectors a test names, polled until it answers
 * (bounded), scraped, and stopped.
 */
import { existsSync } from "node:fs";
import { freePort } from "./prometheus.ts";

/** Where node_exporter is, when installed. */
export const NODE_EXPORTER = ["/usr/bin/prometheus-node-exporter", "/usr/local/bin/node_exporter"].find((p) => existsSync(p));

/**
 * Runs node_exporter with `args` (after `--collector.disable-defaults`), scrapes /metrics once it
 * answers, and stops it. Gives up after 10 s.
 */
export async function scrapeNodeExporter(args: readonly string[]): Promise<string> {
  const port = freePort();
  const child = Bun.spawn([NODE_EXPORTER!, "--collector.disable-defaults", `--web.listen-address=127.0.0.1:${port}`, ...args], { stdout: "ignore", stderr: "pipe" });
  try {
    const until = Date.now() + 10_000;
    for (let attempt = 0; attempt < 200 && Date.now() < until; attempt++) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        if (res.ok) return await res.text();
      } catch {
        // Not listening yet.
      }
      if (child.exitCode !== null) break;
      await Bun.sleep(50);
    }
    throw new Error(`node_exporter did not answer on 127.0.0.1:${port}: ${await new Response(child.stderr).text()}`);
  } finally {
    child.kill();
    await child.exited;
  }
}

/** The series of an exposition whose names start with `prefix`: name and labels text -> value text. */
export function seriesOf(exposition: string, prefix: string): Map<string, string> {
  const series = new Map<string, string>();
  for (const line of exposition.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const space = line.lastIndexOf(" ");
    series.set(line.slice(0, space), line.slice(space + 1));
  }
  return series;
}
