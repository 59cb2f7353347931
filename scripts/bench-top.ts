/**
 * The `--top` case of `npm run bench` (scripts/bench.ts): `--top -t` at a 1 s refresh over
 * 10,000 idle loopback connection pairs, drawn in a detached tmux session of 120x40 cells inside
 * the namespace (it needs a terminal), for BENCH_TOP_SECONDS (default 60) after a 5 s start:
 * its average CPU as a share of one core, and its RSS. Target: at most 3 % of a core.
 */

/** What the case borrows from the bench. */
export interface TopBenchTools {
  readonly say: (line?: string) => void;
  readonly progress: (what: string) => void;
  readonly must: (argv: readonly string[]) => string;
  readonly sh: (argv: readonly string[]) => { readonly code: number; readonly stdout: string };
  readonly inFreshNamespace: (pairs: number, run: (ns: string) => Promise<void>) => Promise<void>;
  readonly cpuTicks: (pid: number) => number;
  readonly statusField: (pid: number, field: string) => number;
  readonly mib: (kib: number) => string;
  readonly binary: string;
}

const PAIRS = 10_000;
const SECONDS = Number(process.env["BENCH_TOP_SECONDS"] ?? "60");

/** One table: --top's CPU and memory over the pairs, measured once. */
export async function topBench(t: TopBenchTools): Promise<void> {
  t.say(`### --top at a 1 s refresh over ${PAIRS.toLocaleString("en-US")} pairs for ${SECONDS} s (a 120x40 tmux screen, processes view)`);
  t.say();
  t.say("| binary | average CPU (% of one core) | RSS at start MiB | RSS at end MiB | peak RSS MiB |");
  t.say("| --- | ---: | ---: | ---: | ---: |");
  await t.inFreshNamespace(PAIRS, async (ns) => {
    const socket = `nsbench-top-${process.pid}`;
    t.progress("--top");
    t.must(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-x", "120", "-y", "40", "ip", "netns", "exec", ns, t.binary, "--top", "--interval", "1s", "-t"]);
    try {
      await Bun.sleep(5000);
      // `ip netns exec` execs the command, so the pane's process is --top itself.
      const pid = Number(t.must(["tmux", "-L", socket, "list-panes", "-F", "#{pane_pid}"]).trim());
      const screen = t.sh(["tmux", "-L", socket, "capture-pane", "-p"]).stdout;
      if (!Number.isInteger(pid) || !screen.includes("[Processes]")) {
        t.say(`| this build | not measured: --top did not draw its screen (${screen.trim().split("\n")[0] ?? ""}) | | | |`);
        return;
      }
      const hz = Number(t.must(["getconf", "CLK_TCK"]).trim());
      const t0 = performance.now();
      const ticks0 = t.cpuTicks(pid);
      const rss0 = t.statusField(pid, "VmRSS");
      await Bun.sleep(SECONDS * 1000);
      const elapsed = (performance.now() - t0) / 1000;
      const cpu = ((t.cpuTicks(pid) - ticks0) / hz / elapsed) * 100;
      const rss1 = t.statusField(pid, "VmRSS");
      const hwm = t.statusField(pid, "VmHWM");
      t.say(`| this build | ${cpu.toFixed(1)} | ${t.mib(rss0)} | ${t.mib(rss1)} | ${t.mib(hwm)} |`);
    } finally {
      t.sh(["tmux", "-L", socket, "kill-server"]);
    }
  });
  t.say();
}
