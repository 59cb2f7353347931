/**
 * The exporter case of `npm run bench` (scripts/bench.ts), over 10,000 idle loopback connection
 * pairs in a private namespace:
 *
 * 1. Time: one scrape of a running `--serve 127.0.0.1:PORT` (`curl` of /metrics, the way a
 *    Prometheus server asks) and one `--format prometheus` run, interleaved with `-tan` and
 *    netstat's `-tan` by hyperfine. Target: a scrape within 1.5 × `-tan`'s time.
 * 2. Memory: the exporter's RSS after 10 scrapes and after 1,000 (one after the other, each a
 *    fresh reading). Target: within 10 % of each other.
 */

/** What the case borrows from the bench. */
export interface ScrapeBenchTools {
  readonly say: (line?: string) => void;
  readonly progress: (what: string) => void;
  readonly must: (argv: readonly string[], timeoutMs?: number) => string;
  readonly inFreshNamespace: (pairs: number, run: (ns: string) => Promise<void>) => Promise<void>;
  readonly timeInterleaved: (ns: string, commands: readonly { readonly label: string; readonly argv: readonly string[] }[], rounds: number, runs: number) => Map<string, number[]>;
  readonly median: (values: readonly number[]) => number;
  readonly statusField: (pid: number, field: string) => number;
  readonly mib: (kib: number) => string;
  readonly binary: string;
  readonly netstat: string;
  readonly runs: number;
}

const PAIRS = 10_000;
const PORT = 9798;
const URL = `http://127.0.0.1:${PORT}/metrics`;
const SCRAPES = 1_000;
const FIRST = 10;

/** Waits (at most 20 s) until the exporter in `ns` answers. */
async function answering(t: ScrapeBenchTools, ns: string, server: ReturnType<typeof Bun.spawn>): Promise<boolean> {
  for (let i = 0; i < 200 && server.exitCode === null; i++) {
    const probe = Bun.spawnSync(["ip", "netns", "exec", ns, "curl", "-fs", "-o", "/dev/null", URL], { timeout: 10_000 });
    if (probe.exitCode === 0) return true;
    await Bun.sleep(100);
  }
  t.progress(`the exporter did not answer (exit ${server.exitCode ?? "none"})`);
  return false;
}

/** `count` scrapes one after the other, by one curl that reuses its connection; their wall time in seconds. */
function scrapes(t: ScrapeBenchTools, ns: string, count: number): number {
  const t0 = performance.now();
  // curl's URL globbing makes `count` requests; the query part is ignored by the exporter.
  t.must(["ip", "netns", "exec", ns, "sh", "-c", `curl -fsS '${URL}?n=[1-${count}]' >/dev/null`], 900_000);
  return (performance.now() - t0) / 1000;
}

/** Both tables, measured in one namespace. */
export async function scrapeBench(t: ScrapeBenchTools): Promise<void> {
  await t.inFreshNamespace(PAIRS, async (ns) => {
    t.progress("--serve");
    const server = Bun.spawn(["ip", "netns", "exec", ns, t.binary, "--serve", `127.0.0.1:${PORT}`], { stdin: "ignore", stdout: "ignore", stderr: "inherit" });
    try {
      if (!(await answering(t, ns, server))) {
        t.say("The exporter case was not measured: `--serve` did not answer.\n");
        return;
      }
      const times = t.timeInterleaved(ns, [
        { label: "scrape", argv: ["curl", "-fsS", "-o", "/dev/null", URL] },
        { label: "prometheus", argv: [t.binary, "--format", "prometheus"] },
        { label: "ours", argv: [t.binary, "-tan"] },
        { label: "netstat", argv: [t.netstat, "-tan"] },
      ], 3, t.runs);
      const tan = t.median(times.get("ours")!);
      t.say(`### The exporter over ${PAIRS.toLocaleString("en-US")} pairs`);
      t.say();
      t.say("| command | median ms | × `netstat-stream -tan` |");
      t.say("| --- | ---: | ---: |");
      const row = (label: string, what: string): void => {
        const m = t.median(times.get(label)!);
        t.say(`| ${what} | ${(m * 1000).toFixed(1)} | ${(m / tan).toFixed(2)} |`);
      };
      row("scrape", "one scrape of `--serve` (`curl` of /metrics)");
      row("prometheus", "`netstat-stream --format prometheus`");
      row("ours", "`netstat-stream -tan`");
      row("netstat", "`netstat -tan`");
      t.say();
      // The timing above already scraped; the memory count starts from a fresh exporter.
      server.kill("SIGTERM");
      await server.exited;
    } finally {
      if (server.exitCode === null) server.kill("SIGKILL");
    }
    t.progress(`--serve: ${SCRAPES} scrapes`);
    const fresh = Bun.spawn(["ip", "netns", "exec", ns, t.binary, "--serve", `127.0.0.1:${PORT}`], { stdin: "ignore", stdout: "ignore", stderr: "inherit" });
    try {
      if (!(await answering(t, ns, fresh))) return;
      // `answering` made one scrape; FIRST - 1 more make FIRST.
      const early = scrapes(t, ns, FIRST - 1);
      const rss10 = t.statusField(fresh.pid, "VmRSS");
      const late = scrapes(t, ns, SCRAPES - FIRST);
      const rss1000 = t.statusField(fresh.pid, "VmRSS");
      const hwm = t.statusField(fresh.pid, "VmHWM");
      t.say(`| exporter RSS after ${FIRST} scrapes MiB | after ${SCRAPES.toLocaleString("en-US")} MiB | growth | peak RSS MiB | mean scrape ms (first ${FIRST}, the rest) |`);
      t.say("| ---: | ---: | ---: | ---: | ---: |");
      const growth = (((rss1000 - rss10) / rss10) * 100).toFixed(1);
      const mean = `${((early / (FIRST - 1)) * 1000).toFixed(1)}, ${((late / (SCRAPES - FIRST)) * 1000).toFixed(1)}`;
      t.say(`| ${t.mib(rss10)} | ${t.mib(rss1000)} | ${growth}% | ${t.mib(hwm)} | ${mean} |`);
      t.say();
    } finally {
      fresh.kill("SIGTERM");
      await fresh.exited;
    }
  });
}
