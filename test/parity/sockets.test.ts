/**
 * Socket-listing parity: for every case, run /usr/bin/netstat and dist/netstat-stream in the same
 * private namespace (same sockets, same hosts file, same argv[0], same uid) and require stdout,
 * stderr and exit code to be byte-identical. The expected output is always netstat's, taken at
 * test time.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { accessSync, constants } from "node:fs";
import { startFixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { readableIn } from "../_support/readable.ts";
import { OURS, REAL_NETSTAT, runIn, setprivAvailable, type RunResult } from "../_support/run.ts";
import { prepare, type Normalise } from "./_compare.ts";

interface Case {
  readonly args: readonly string[];
  /** Also run as nobody (uid 65534). */
  readonly nobody?: boolean;
  readonly normalise?: Normalise;
}

const timers: Normalise = "timers";
const name: Normalise = "name";

const cases: readonly Case[] = [
  // Plain listings and scope.
  { args: [], nobody: true },
  { args: ["-a"], nobody: true },
  { args: ["-l"] },
  { args: ["-n"] },
  { args: ["-an"], nobody: true },
  { args: ["-ln"] },
  // Protocol selection.
  { args: ["-t"] },
  { args: ["-u"] },
  { args: ["-w"] },
  { args: ["-U"] },
  { args: ["-x"] },
  { args: ["-Ua"] },
  { args: ["-uw", "-a"] },
  { args: ["-wn"] },
  { args: ["-xa"] },
  { args: ["-nx", "-a"] },
  { args: ["-x", "-t"] },
  { args: ["-tuUwx", "-a"] },
  { args: ["--tcp", "--udp", "-l"] },
  // Common mixes.
  { args: ["-tulpn"], nobody: true },
  { args: ["-tuna"] },
  { args: ["-nap"], nobody: true },
  { args: ["-ap"], nobody: true },
  { args: ["-antp"], nobody: true },
  { args: ["-lx"] },
  { args: ["-xp"], nobody: true },
  { args: ["-lnp", "-6"] },
  // Address families.
  { args: ["-4"] },
  { args: ["-6"] },
  { args: ["-4", "-a"] },
  { args: ["-6", "-an"] },
  { args: ["-4", "-6", "-a"] },
  { args: ["-6", "-x", "-l"] },
  { args: ["-A", "inet"] },
  { args: ["-A", "inet6", "-a"] },
  { args: ["-A", "inet,unix", "-a"] },
  { args: ["-A", "inet,inet6", "-n"] },
  { args: ["-A", "ip,ip6", "-a"] },
  { args: ["-A", "unix", "-p"] },
  { args: ["--inet", "-a"] },
  { args: ["--inet6"] },
  { args: ["--unix", "-a"] },
  { args: ["--ip", "-a"] },
  // Long options, prefixes, numeric variants.
  { args: ["--tcp", "--all", "--numeric", "--programs"], nobody: true },
  { args: ["--prog", "-a"] },
  { args: ["--numeric-h", "-a"] },
  { args: ["--numeric-hosts", "-a"] },
  { args: ["--numeric-ports", "-a"] },
  { args: ["--numeric-users", "-ae"], nobody: true },
  { args: ["-ltn", "--numeric-ports"] },
  { args: ["-au", "--numeric-hosts"] },
  // Extended columns, programs, timers.
  { args: ["-e", "-a"] },
  { args: ["-ee", "-a"], nobody: true },
  { args: ["-eee", "-an"] },
  { args: ["-p"] },
  { args: ["-o"], normalise: timers },
  { args: ["-ao"], normalise: timers },
  { args: ["-tano"], normalise: timers },
  { args: ["-aeop"], nobody: true, normalise: timers },
  { args: ["-t", "-a", "-n", "-p", "-e", "-o"], normalise: timers },
  // Wide, verbose, families this kernel lacks, SELinux.
  { args: ["-W", "-a"] },
  { args: ["-an", "-W"] },
  { args: ["-tanW"] },
  { args: ["-l", "-W"] },
  { args: ["-v"] },
  { args: ["-v", "-a"] },
  { args: ["-S"] },
  { args: ["-tS"] },
  { args: ["-Z"] },
  { args: ["-aZ"] },
  // Words and families netstat rejects or ignores.
  { args: ["-t", "foo"] },
  { args: ["-tn", "8080"] },
  { args: ["-A", "foo"] },
  { args: ["-A", ""] },
  { args: ["--tcpip"] },
  // Usage errors print the usage (difference 4 applies to its name lines).
  { args: ["-X"], normalise: name },
  { args: ["--bogus"], normalise: name },
  { args: ["--num"], normalise: name },
  // getopt names an ambiguous option with its whole word, `=value` included.
  { args: ["--t=1"], normalise: name },
  { args: ["--=x"], normalise: name },
  { args: ["-r", "-i"], normalise: name },
  { args: ["-X", "-V"], normalise: name },
  // -h and -V name netstat-stream (difference 4).
  { args: ["-h"], normalise: name },
  { args: ["-V"], normalise: name },
  { args: ["-V", "-X"], normalise: name },
];

/** A program run twice in a row may see a queue or timer move; retry before calling it a diff. */
const ATTEMPTS = 3;

function show(args: readonly string[]): string {
  if (args.length === 0) return "(no flags)";
  return args.map((a) => (a === "" || /\s/.test(a) ? `'${a}'` : a)).join(" ");
}

interface Pair {
  readonly real: RunResult;
  readonly ours: RunResult;
}

function same(p: Pair, how: Normalise): boolean {
  const s = (r: RunResult, tool: "real" | "ours", k: "stdout" | "stderr"): string =>
    prepare(r[k].toString("latin1"), how, tool);
  return (
    p.real.code === p.ours.code &&
    s(p.real, "real", "stdout") === s(p.ours, "ours", "stdout") &&
    s(p.real, "real", "stderr") === s(p.ours, "ours", "stderr")
  );
}

const avail = await netnsAvailable();
const why = !avail.ok ? avail.why : setprivAvailable() ? "" : "setpriv (util-linux) is missing";
if (why !== "") console.warn(`parity/sockets.test.ts SKIPPED: ${why}; it needs root and ip netns`);

describe.skipIf(why !== "")("netstat socket listing parity", () => {
  let ns: Netns | undefined;
  let started = 0;

  beforeAll(async () => {
    accessSync(OURS, constants.X_OK);
    ns = await createNetns("nsparity");
    await startFixture(ns, "main");
    await startFixture(ns, "nobody");
    const probe = await runIn(ns.name, ["/usr/bin/test", "-x", readableIn(ns.name, OURS)], { asUser: "nobody" });
    if (probe.code !== 0) throw new Error(`nobody cannot execute ${readableIn(ns.name, OURS)}: check the path's permissions`);
    started = Date.now();
  }, 60_000);

  afterAll(async () => {
    // TIME_WAIT lasts 60 s; past that the listing lost that row (the same for both tools).
    if (started > 0) console.log(`parity/sockets: cases ran in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    await ns?.destroy();
  }, 30_000);

  async function pair(args: readonly string[], asUser: "nobody" | undefined): Promise<Pair> {
    const opts = asUser === undefined ? {} : { asUser };
    const real = await runIn(ns!.name, [REAL_NETSTAT, ...args], opts);
    const ours = await runIn(ns!.name, [OURS, ...args], opts);
    return { real, ours };
  }

  // Guards against a vacuous pass: the oracle must see every kind of socket the fixture makes.
  test("sockets-fixture is visible to netstat -anW in full", async () => {
    const text = (await runIn(ns!.name, [REAL_NETSTAT, "-anW"])).stdout.toString("latin1");
    const wanted = [
      "LISTEN", "ESTABLISHED", "TIME_WAIT", "FIN_WAIT2", "CLOSE_WAIT", "SYN_SENT", "127.0.0.1:47003",
      "\nudp6 ", "\nudpl ", "\nudpl6 ", "\nraw6 ", "CONNECTING", "SEQPACKET", "@netstat-parity-abstract",
      "/with\n", "and-a-long-socket-name-",
    ];
    expect(wanted.filter((w) => !text.includes(w))).toEqual([]);
  });

  for (const c of cases) {
    const users: ("nobody" | undefined)[] = c.nobody === true ? [undefined, "nobody"] : [undefined];
    for (const user of users) {
      test(`netstat ${show(c.args)} matches as ${user ?? "root"}`, async () => {
        // A self-check (PARITY_OURS=/usr/bin/netstat) has no name difference to expect.
        const how = c.normalise === "name" && OURS === REAL_NETSTAT ? "none" : (c.normalise ?? "none");
        let p = await pair(c.args, user);
        let attempt = 1;
        for (; attempt < ATTEMPTS && !same(p, how); attempt++) p = await pair(c.args, user);
        if (attempt > 1 && same(p, how)) console.log(`parity/sockets: ${show(c.args)} matched on run ${attempt}`);
        expect(prepare(p.ours.stdout.toString("latin1"), how, "ours")).toBe(
          prepare(p.real.stdout.toString("latin1"), how, "real"),
        );
        expect(prepare(p.ours.stderr.toString("latin1"), how, "ours")).toBe(
          prepare(p.real.stderr.toString("latin1"), how, "real"),
        );
        expect(p.ours.code).toBe(p.real.code);
      }, 20_000);
    }
  }
});
