/**
 * `npm run bench`: netstat-stream against net-tools netstat and iproute2 ss.
 *
 * 1. Start-up on an idle namespace, against an empty Bun executable built the same way.
 * 2. What each build option is worth (size, start-up).
 * 3. N loopback TCP connection pairs (N = 1,000, 10,000, 30,000) in a private network namespace:
 *    hyperfine medians, ratios and peak RSS for -tan, -tanp, -ta (names), -s and --json -tan,
 *    the three tools interleaved round by round.
 * 4. --watch at a 1 s interval over 10,000 pairs, idle and under 200 connections a second of
 *    churn (scripts/bench-churn.py): average CPU, RSS at the start and at the end, events
 *    written; also for the build BENCH_BASELINE names, when given (e.g. an earlier commit's).
 * 5. The exporter over 10,000 pairs: one scrape of --serve and one --format prometheus against
 *    -tan, and the exporter's RSS after 10 and after 1,000 scrapes (scripts/bench-scrape.ts).
 * 6. --top at a 1 s refresh over 10,000 pairs on a tmux screen: average CPU and RSS
 *    (scripts/bench-top.ts; target: at most 3 % of a core).
 *
 * Never a test: it needs root, takes minutes, and its figures depend on the machine.
 * Environment: BENCH_SIZES=1000,10000 (pair counts), BENCH_WATCH_SECONDS=60, BENCH_QUICK=1
 * (fewer runs),
 * BENCH_ONLY=watch, scrape or top (only that measurement), BENCH_TOP_SECONDS=60, BENCH_BASELINE=PATH (a second build measured
 * in the --watch part). Prints markdown tables and writes them to dist/bench/results.md.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { buildExecutable, DEFAULT_BUILD, type BuildOptions } from "./build.ts";
import { scrapeBench } from "./bench-scrape.ts";
import { topBench } from "./bench-top.ts";

const ROOT = resolve(import.meta.dir, "..");
const OURS = join(ROOT, "dist/netstat-stream");
const NETSTAT = "/usr/bin/netstat";
const SS = existsSync("/usr/bin/ss") ? "/usr/bin/ss" : "/bin/ss";
const DNS_TRAP = "198.51.100.53";
const QUICK = process.env["BENCH_QUICK"] === "1";
const SIZES = (process.env["BENCH_SIZES"] ?? "1000,10000,30000").split(",").map(Number);
const WATCH_SECONDS = Number(process.env["BENCH_WATCH_SECONDS"] ?? "60");
const WATCH_PAIRS = 10_000;
/** Connections a second of the --watch churn measurement. */
const CHURN_RATE = 200;
const TMP = mkdtempSync(join(tmpdir(), "nss-bench-"));
const report: string[] = [];

const T0 = performance.now();

/** Progress on stderr, with the time since the bench started. */
function progress(what: string): void {
  console.error(`[${((performance.now() - T0) / 1000).toFixed(0)} s] ${what}`);
}

function say(line = ""): void {
  console.log(line);
  report.push(line);
}

interface Done {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function sh(argv: readonly string[], timeoutMs = 600_000): Done {
  const p = Bun.spawnSync([...argv], { stdout: "pipe", stderr: "pipe", timeout: timeoutMs });
  return { code: p.exitCode ?? -1, stdout: p.stdout.toString(), stderr: p.stderr.toString() };
}

function must(argv: readonly string[], timeoutMs?: number): string {
  const r = sh(argv, timeoutMs);
  if (r.code !== 0) throw new Error(`Cannot run ${argv.join(" ")}: ${r.stderr.trim() || `exit ${r.code}`}`);
  return r.stdout;
}

/** hyperfine and GNU time come from Debian packages; install them when missing. */
function ensureTools(): void {
  const need: string[] = [];
  if (sh(["sh", "-c", "command -v hyperfine"]).code !== 0) need.push("hyperfine");
  if (!existsSync("/usr/bin/time")) need.push("time");
  if (need.length === 0) return;
  console.log(`installing ${need.join(" ")}`);
  must(["apt-get", "update", "-qq"]);
  must(["apt-get", "install", "-y", "-qq", ...need]);
}

// ---- namespaces ---------------------------------------------------------------------------

const namespaces = new Set<string>();

/** A namespace with lo up, a DNS trap (resolver routed unreachable) and its own hosts file. */
function createNs(tag: string): string {
  const name = `nsbench-${tag}-${process.pid}`;
  must(["ip", "netns", "add", name]);
  namespaces.add(name);
  must(["ip", "-n", name, "link", "set", "lo", "up"]);
  must(["ip", "-n", name, "route", "add", "unreachable", `${DNS_TRAP}/32`]);
  must(["ip", "netns", "exec", name, "sysctl", "-q", "-w", "net.ipv4.ip_local_port_range=10000 65000"]);
  mkdirSync(`/etc/netns/${name}`, { recursive: true });
  writeFileSync(`/etc/netns/${name}/resolv.conf`, `nameserver ${DNS_TRAP}\noptions timeout:1 attempts:1\n`);
  writeFileSync(`/etc/netns/${name}/hosts`, "127.0.0.1 localhost\n::1 localhost ip6-localhost\n");
  return name;
}

function destroyNs(name: string): void {
  for (const pid of sh(["ip", "netns", "pids", name]).stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  sh(["ip", "netns", "del", name]);
  rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
  namespaces.delete(name);
}

/** Starts the socket holder with n pairs in ns; resolves once every pair is connected. */
async function holdSockets(ns: string, n: number): Promise<ReturnType<typeof Bun.spawn>> {
  const proc = Bun.spawn(["ip", "netns", "exec", ns, "python3", join(ROOT, "scripts/bench-sockets.py"), String(n)], {
    stdin: "pipe",
    stdout: "pipe",
    stderr: "inherit",
  });
  const reader = (proc.stdout as ReadableStream<Uint8Array>).getReader();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const first = await Promise.race([
    reader.read(),
    new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), 180_000))),
  ]);
  clearTimeout(timer);
  reader.releaseLock();
  if (first?.value === undefined || !Buffer.from(first.value).toString().startsWith("READY")) {
    proc.kill("SIGKILL");
    throw new Error(`Cannot open ${n} connection pairs in ${ns}`);
  }
  return proc;
}

// ---- measuring ----------------------------------------------------------------------------

interface Command {
  readonly label: string;
  readonly argv: readonly string[];
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Wall times (seconds) per command: `rounds` hyperfine runs inside ns, each timing every command
 * `runs` times, with the command order rotated each round so no tool always goes first.
 */
function timeInterleaved(ns: string, commands: readonly Command[], rounds: number, runs: number): Map<string, number[]> {
  const times = new Map<string, number[]>(commands.map((c) => [c.label, []]));
  const json = join(TMP, "hyperfine.json");
  for (let round = 0; round < rounds; round++) {
    const order = commands.map((_, i) => commands[(i + round) % commands.length]!);
    progress(`round ${round + 1}/${rounds}: ${order.map((c) => c.label).join(", ")}`);
    must([
      "ip", "netns", "exec", ns,
      "hyperfine", "-N", "--style", "none", "--warmup", "3", "--runs", String(runs), "--export-json", json,
      ...order.map((c) => c.argv.join(" ")),
    ]);
    const results = (JSON.parse(readFileSync(json, "utf8")) as { results: { times: number[] }[] }).results;
    results.forEach((r, i) => times.get(order[i]!.label)!.push(...r.times));
  }
  return times;
}

/** Peak RSS (KiB) of one command in ns: the median of three runs of GNU time's %M. */
function peakRss(ns: string, argv: readonly string[]): number {
  const out = join(TMP, "time.txt");
  const values: number[] = [];
  for (let i = 0; i < 3; i++) {
    must(["ip", "netns", "exec", ns, "/usr/bin/time", "-f", "%M", "-o", out, "sh", "-c", 'exec "$@" >/dev/null 2>&1', "sh", ...argv]);
    values.push(Number(readFileSync(out, "utf8").trim().split("\n").pop()));
  }
  return median(values);
}

const ms = (seconds: number): string => (seconds * 1000).toFixed(1);
const mib = (kib: number): string => (kib / 1024).toFixed(1);

/** Whether our binary runs these arguments here (a mode that is not built yet exits with an error). */
function available(ns: string, args: readonly string[]): { ok: boolean; why: string } {
  const r = sh(["ip", "netns", "exec", ns, OURS, ...args], 60_000);
  if (r.code === 0 && r.stdout.length > 0) return { ok: true, why: "" };
  return { ok: false, why: (r.stderr.trim().split("\n")[0] ?? "") || `exit ${r.code}` };
}

// ---- sections -----------------------------------------------------------------------------

function machine(): void {
  const cpu = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown";
  const bun = must([join(ROOT, "node_modules/.bin/bun"), "--version"]).trim();
  say(`Machine: ${must(["nproc"]).trim()} CPUs, ${cpu}, Linux ${must(["uname", "-r"]).trim()}; ` +
    `date ${new Date().toISOString().slice(0, 10)}; Bun ${bun}; ${must(["sh", "-c", "netstat -V 2>&1 | head -1"]).trim()}; ` +
    `${must([SS, "-V"]).trim()}.`);
  say();
}

async function emptyExecutable(options: Omit<BuildOptions, "outfile">): Promise<string> {
  const src = join(TMP, "empty.ts");
  writeFileSync(src, 'console.log("hello");\n');
  const outfile = join(TMP, "empty");
  const result = await Bun.build({
    entrypoints: [src],
    target: "bun",
    format: "esm",
    minify: options.minify,
    bytecode: options.bytecode,
    compile: { outfile, autoloadBunfig: false, autoloadDotenv: false },
  });
  if (!result.success) throw new Error("Cannot build the empty executable");
  return outfile;
}

async function idle(empty: string): Promise<void> {
  const ns = createNs("idle");
  try {
    const commands: Command[] = [
      { label: "empty Bun executable", argv: [empty] },
      { label: "netstat-stream -tan", argv: [OURS, "-tan"] },
      { label: "netstat -tan", argv: [NETSTAT, "-tan"] },
      { label: "ss -tan", argv: [SS, "-tan"] },
    ];
    const t = timeInterleaved(ns, commands, 3, QUICK ? 10 : 60);
    const base = median(t.get("empty Bun executable")!);
    say("### Start-up on an idle namespace (no sockets)");
    say();
    say("| command | median ms | × empty Bun executable |");
    say("| --- | ---: | ---: |");
    for (const c of commands) {
      const m = median(t.get(c.label)!);
      say(`| \`${c.label}\` | ${ms(m)} | ${(m / base).toFixed(2)} |`);
    }
    say();
  } finally {
    destroyNs(ns);
  }
}

const BUILD_VARIANTS: readonly { readonly name: string; readonly options: Partial<BuildOptions> }[] = [
  { name: "default: --minify, --bytecode, rxjs ESM, no sourcemap", options: {} },
  { name: "without --bytecode", options: { bytecode: false } },
  { name: "without --minify", options: { minify: false } },
  { name: "rxjs CommonJS (Bun's default resolution)", options: { esmRxjs: false } },
  { name: "with an inline --sourcemap", options: { sourcemap: true } },
  { name: "none of them (plain bun build --compile)", options: { minify: false, bytecode: false, esmRxjs: false } },
];

async function buildOptions(): Promise<void> {
  const ns = createNs("builds");
  try {
    const commands: Command[] = [];
    const sizes = new Map<string, number>();
    for (const [i, v] of BUILD_VARIANTS.entries()) {
      const outfile = join(TMP, `variant-${i}`);
      await buildExecutable({ ...DEFAULT_BUILD, ...v.options, outfile });
      sizes.set(v.name, statSync(outfile).size);
      commands.push({ label: v.name, argv: [outfile, "-tan"] });
    }
    const t = timeInterleaved(ns, commands, 3, QUICK ? 5 : 30);
    say("### Build options (size, and `-tan` on an idle namespace)");
    say();
    say("| build | size MB | median ms |");
    say("| --- | ---: | ---: |");
    for (const c of commands) say(`| ${c.label} | ${(sizes.get(c.label)! / 1e6).toFixed(1)} | ${ms(median(t.get(c.label)!))} |`);
    say();
  } finally {
    destroyNs(ns);
  }
}

const MODES: readonly { readonly name: string; readonly ours: string[]; readonly netstat: string[]; readonly ss?: string[] }[] = [
  { name: "-tan", ours: ["-tan"], netstat: ["-tan"], ss: ["-tan"] },
  { name: "-tanp", ours: ["-tanp"], netstat: ["-tanp"], ss: ["-tanp"] },
  { name: "-ta (names)", ours: ["-ta"], netstat: ["-ta"], ss: ["-tar"] },
  { name: "-s", ours: ["-s"], netstat: ["-s"], ss: ["-s"] },
  { name: "--json -tan", ours: ["--json", "-tan"], netstat: ["-tan"] },
];

async function connections(n: number, skipped: Set<string>): Promise<void> {
  const ns = createNs(`n${n}`);
  const holder = await holdSockets(ns, n);
  try {
    const modes = MODES.filter((m) => {
      const a = available(ns, m.ours);
      if (!a.ok) skipped.add(`\`${m.name}\` (${a.why})`);
      return a.ok;
    });
    const runs = QUICK ? 2 : n >= 30_000 ? 3 : n >= 10_000 ? 5 : 10;
    say(`### ${n.toLocaleString("en-US")} connection pairs (${2 * n} TCP sockets plus listeners)`);
    say();
    say("| mode | netstat-stream ms | netstat ms | ss ms | ratio to netstat | netstat-stream RSS MiB | netstat RSS MiB | ss RSS MiB |");
    say("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const m of modes) {
      const commands: Command[] = [
        { label: "ours", argv: [OURS, ...m.ours] },
        { label: "netstat", argv: [NETSTAT, ...m.netstat] },
        ...(m.ss === undefined ? [] : [{ label: "ss", argv: [SS, ...m.ss] }]),
      ];
      const t = timeInterleaved(ns, commands, 3, runs);
      const ours = median(t.get("ours")!);
      const netstat = median(t.get("netstat")!);
      const ss = t.has("ss") ? ms(median(t.get("ss")!)) : "–";
      const rss = commands.map((c) => mib(peakRss(ns, c.argv)));
      const netstatLabel = m.netstat.join(" ") === m.ours.join(" ") ? "" : ` (netstat ${m.netstat.join(" ")})`;
      say(`| \`${m.name}\`${netstatLabel} | ${ms(ours)} | ${ms(netstat)} | ${ss} | ${(ours / netstat).toFixed(2)} | ${rss.join(" | ")}${rss.length === 2 ? " | –" : ""} |`);
    }
    say();
  } finally {
    holder.kill();
    destroyNs(ns);
  }
}

function statusField(pid: number, field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? "0");
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/** What one --watch measurement found. */
interface WatchFigures {
  readonly cpu: number;
  readonly rss0: number;
  readonly rss1: number;
  readonly hwm: number;
  /** Lines written (events). */
  readonly lines: number;
}

/** Runs `binary --watch --interval 1s -tn` (NDJSON with `json`) in `ns` for `seconds` after a 3 s start, with `during` running meanwhile. */
async function measureWatch(ns: string, binary: string, seconds: number, json: boolean, during?: () => Promise<void>): Promise<WatchFigures | string> {
  const argv = [binary, "--watch", ...(json ? ["--json"] : []), "--interval", "1s", "-tn"];
  const proc = Bun.spawn(["ip", "netns", "exec", ns, ...argv], { stdin: "ignore", stdout: "pipe", stderr: "pipe" });
  let lines = 0;
  const counting = (async () => {
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) for (const byte of chunk) if (byte === 10) lines++;
  })();
  await Bun.sleep(3000);
  if (proc.exitCode !== null) {
    const why = (await new Response(proc.stderr).text()).trim().split("\n")[0] ?? "";
    return `\`${argv.slice(1).join(" ")}\` exited at once (${why || `exit ${proc.exitCode}`})`;
  }
  const hz = Number(must(["getconf", "CLK_TCK"]).trim());
  const t0 = performance.now();
  const ticks0 = cpuTicks(proc.pid);
  const rss0 = statusField(proc.pid, "VmRSS");
  const lines0 = lines;
  const load = during?.();
  await Bun.sleep(seconds * 1000);
  const elapsed = (performance.now() - t0) / 1000;
  const ticks1 = cpuTicks(proc.pid);
  const rss1 = statusField(proc.pid, "VmRSS");
  const hwm = statusField(proc.pid, "VmHWM");
  proc.kill("SIGTERM");
  await proc.exited;
  await counting;
  await load;
  return { cpu: ((ticks1 - ticks0) / hz / elapsed) * 100, rss0, rss1, hwm, lines: lines - lines0 };
}

/** RATE short connections a second for `seconds` in `ns` (scripts/bench-churn.py). */
async function churn(ns: string, rate: number, seconds: number): Promise<void> {
  const proc = Bun.spawn(["ip", "netns", "exec", ns, "python3", join(ROOT, "scripts/bench-churn.py"), String(rate), String(seconds)], { stdin: "ignore", stdout: "ignore", stderr: "inherit" });
  await proc.exited;
}

/** The binaries --watch is measured with: this build, and `BENCH_BASELINE` (another build, e.g. an earlier commit's) when given. */
function watchBinaries(): readonly (readonly [string, string])[] {
  const baseline = process.env["BENCH_BASELINE"];
  return [["this build", OURS], ...(baseline === undefined ? [] : [[`BENCH_BASELINE (${baseline})`, baseline] as const])];
}

/** One row of the --watch table. */
function watchRow(label: string, load: string, f: WatchFigures | string): void {
  if (typeof f === "string") say(`| ${label} | ${load} | not measured: ${f} | | | | | |`);
  else say(`| ${label} | ${load} | ${f.cpu.toFixed(1)} | ${mib(f.rss0)} | ${mib(f.rss1)} | ${(((f.rss1 - f.rss0) / f.rss0) * 100).toFixed(1)}% | ${mib(f.hwm)} | ${f.lines.toLocaleString("en-US")} |`);
}

/** Runs `run` in a fresh namespace holding `pairs` connection pairs, then lets both go. */
async function inFreshNamespace(pairs: number, run: (ns: string) => Promise<void>): Promise<void> {
  const ns = createNs("case");
  const holder = await holdSockets(ns, pairs);
  try {
    await run(ns);
  } finally {
    holder.kill();
    destroyNs(ns);
  }
}

/**
 * --watch idle (every build in one namespace, before any churn), then under churn, each build
 * in a fresh namespace: the churn leaves thousands of TIME_WAIT sockets behind for a minute,
 * which would load the next measurement.
 */
async function watch(): Promise<void> {
  say(`### --watch at a 1 s interval over ${WATCH_PAIRS.toLocaleString("en-US")} pairs for ${WATCH_SECONDS} s, idle and with ${CHURN_RATE} connections a second of churn`);
  say();
  say("| binary | load | average CPU (% of one core) | RSS at start MiB | RSS at end MiB | growth | peak RSS MiB | events written |");
  say("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
  await inFreshNamespace(WATCH_PAIRS, async (ns) => {
    for (const [label, binary] of watchBinaries()) {
      progress(`--watch ${label}`);
      watchRow(label, "idle", await measureWatch(ns, binary, WATCH_SECONDS, false));
    }
  });
  for (const [label, binary] of watchBinaries()) {
    await inFreshNamespace(WATCH_PAIRS, async (ns) => {
      progress(`--watch ${label} under churn`);
      watchRow(label, `${CHURN_RATE} connections/s (--json)`, await measureWatch(ns, binary, WATCH_SECONDS, true, () => churn(ns, CHURN_RATE, WATCH_SECONDS)));
    });
  }
  say();
}

/** The exporter case (scripts/bench-scrape.ts), with the bench's own helpers. */
function scrape(): Promise<void> {
  const runs = QUICK ? 2 : 5;
  return scrapeBench({ say, progress, must, inFreshNamespace, timeInterleaved, median, statusField, mib, binary: OURS, netstat: NETSTAT, runs });
}

/** The --top case (scripts/bench-top.ts), with the bench's own helpers. */
function top(): Promise<void> {
  return topBench({ say, progress, must, sh, inFreshNamespace, cpuTicks, statusField, mib, binary: OURS });
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error("Cannot bench: network namespaces need root");
  ensureTools();
  console.log("building dist/netstat-stream and the empty executable");
  await buildExecutable({ ...DEFAULT_BUILD, outfile: OURS });
  const empty = await emptyExecutable(DEFAULT_BUILD);
  const started = performance.now();
  machine();
  const only = process.env["BENCH_ONLY"];
  const alone: Record<string, () => Promise<void>> = { watch, scrape, top };
  if (only !== undefined && alone[only] !== undefined) {
    await alone[only]();
    say(`Bench time: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
    return;
  }
  await idle(empty);
  await buildOptions();
  const skipped = new Set<string>();
  for (const n of SIZES) await connections(n, skipped);
  if (skipped.size > 0) say(`Not available in this build, so not measured: ${[...skipped].join("; ")}.\n`);
  await watch();
  await scrape();
  await top();
  say(`Bench time: ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  mkdirSync(join(ROOT, "dist/bench"), { recursive: true });
  writeFileSync(join(ROOT, "dist/bench/results.md"), `${report.join("\n")}\n`);
}

try {
  await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  for (const ns of [...namespaces]) destroyNs(ns);
  rmSync(TMP, { recursive: true, force: true });
}
