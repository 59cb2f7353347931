/**
 * Parity of netstat's other modes: routes (-r), interfaces (-i), groups (-g), statistics (-s),
 * masquerade (-M), their -c behaviour and their option conflicts. Both tools run in the same
 * private namespace (see modes-netns.ts for what it holds); stdout, stderr and exit status must
 * be byte-identical. For -s, netstat runs before and after ours, and a number of ours may differ
 * only when it lies between netstat's two values (a counter that moved in between).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { accessSync, constants } from "node:fs";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { furnishModes, LONG_IFNAME } from "../_support/modes-netns.ts";
import { OURS, REAL_NETSTAT, runIn, type RunResult } from "../_support/run.ts";
import { prepare, type Normalise } from "./_compare.ts";
import { countersBetween } from "./_counters.ts";

interface Case {
  readonly args: readonly string[];
  readonly normalise?: Normalise;
  /**
   * Send stderr through a shell pipe. netstat's second `-r -A netrom` message shows the errno its
   * first perror left behind, which depends on what stderr is (a pipe or file: EINVAL).
   */
  readonly stderrPipe?: true;
}

const ROUTES: readonly Case[] = [
  { args: ["-r"] }, { args: ["-rn"] }, { args: ["-re"] }, { args: ["-ree"] }, { args: ["-reee"] },
  { args: ["-rn", "-e"] }, { args: ["-rF"] }, { args: ["-rC"] }, { args: ["-rFC"] }, { args: ["-rCe"] },
  { args: ["-rCee"] }, { args: ["-rN"] }, { args: ["--route", "--numeric-hosts"] }, { args: ["-rv"] },
  { args: ["-r", "-6"] }, { args: ["-rn", "-6"] }, { args: ["-rC", "-6"] }, { args: ["-rFC", "-6"] },
  { args: ["-r", "-A", "inet6", "-e"] }, { args: ["-r", "-6", "-4"] }, { args: ["-r", "-4", "-6", "-n"] },
  { args: ["-r", "-A", "inet6,unix"] }, { args: ["-r", "-4", "-x"] }, { args: ["-r", "-A", "ax25"] },
  { args: ["-r", "-A", "ipx"] }, { args: ["-r", "-A", "netrom"], stderrPipe: true }, { args: ["-r", "-A", "rose"] },
  { args: ["-r", "-A", "x25"] }, { args: ["-r", "-A", "ddp"] }, { args: ["-r", "--appletalk"] },
  { args: ["-r", "--bluetooth"] }, { args: ["-r", "-A", "econet"] }, { args: ["-r", "-A", "ash"] },
];

/** Interface counters move with the links' own IPv6 traffic, so these get the -s rule too. */
const INTERFACES: readonly (readonly string[])[] = [
  ["-i"], ["-ia"], ["-ie"], ["-iea"], ["-iv"], ["-in"], ["-i", "-a", "-e", "-e"], ["--interfaces", "-a"], ["-ig"],
  ["-iaN"], ["-i", "-6"], ["-iae", "-v"],
];

const GROUPS: readonly Case[] = [
  { args: ["-g"] }, { args: ["-gn"] }, { args: ["-g", "-4"] }, { args: ["-g", "-6", "-n"] }, { args: ["-gt"] },
  { args: ["-ga"] }, { args: ["-g", "-x"] }, { args: ["-rg"] }, { args: ["-g", "-A", "inet6"] }, { args: ["--groups", "-v"] },
];

const OTHERS: readonly Case[] = [
  { args: ["-M"] }, { args: ["-Mn"] }, { args: ["-Me"] }, { args: ["-M", "-c"] },
  { args: ["-s", "-x"] }, { args: ["-s", "-4", "-6"] }, { args: ["-s", "--unix"] },
  { args: ["-r", "-i"], normalise: "name" }, { args: ["-s", "-r"], normalise: "name" },
  { args: ["-M", "-i"], normalise: "name" }, { args: ["-i", "-s"], normalise: "name" },
];

const COUNTERS: readonly (readonly string[])[] = [
  ...INTERFACES,
  ["-s"], ["-st"], ["-su"], ["-sw"], ["-sU"], ["-sS"], ["-s", "-6"], ["-s", "-6", "-t"], ["-s", "-6", "-u"],
  ["-s", "-6", "-w"], ["-sg"], ["-s", "-c"], ["--statistics", "--tcp", "--udp"], ["-s", "-4"],
];

/** -c runs until stopped; both are stopped after the same time and compared pass by pass. */
const CONTINUOUS: readonly { readonly args: readonly string[]; readonly marker: string }[] = [
  { args: ["-rc"], marker: "Kernel IP routing table\n" },
  { args: ["-rc", "-6"], marker: "Kernel IPv6 routing table\n" },
  { args: ["-ic"], marker: "Iface " },
  { args: ["-iec"], marker: "lo: " },
  { args: ["-gc"], marker: "IPv6/IPv4 Group Memberships\n" },
];

/** Runs of a case before a difference counts (a reference count may move between two runs). */
const ATTEMPTS = 3;

function show(args: readonly string[]): string {
  return args.map((a) => (a === "" || /\s/.test(a) ? `'${a}'` : a)).join(" ");
}

/** The first `passes` passes of a -c output, each starting at `marker`. */
function firstPasses(text: string, marker: string, passes: number): string {
  let at = -1;
  for (let i = 0; i <= passes; i++) {
    at = text.indexOf(marker, at + 1);
    if (at === -1) return text;
  }
  return text.slice(0, at);
}

function countPasses(text: string, marker: string): number {
  return text.split(marker).length - 1;
}

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`parity/modes.test.ts SKIPPED: ${avail.why}; it needs root and ip netns`);

describe.skipIf(!avail.ok)("netstat routes, interfaces, groups, statistics and masquerade parity", () => {
  let ns: Netns | undefined;

  beforeAll(async () => {
    accessSync(OURS, constants.X_OK);
    ns = await createNetns("nsmodes");
    await furnishModes(ns);
  }, 60_000);

  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  const run = (argv: readonly string[]): Promise<RunResult> => runIn(ns!.name, argv);

  // Guards against a vacuous pass: the oracle sees every route, interface and group made.
  test("the namespace holds what the cases are about", async () => {
    const routes = (await run([REAL_NETSTAT, "-rn"])).stdout.toString("latin1");
    const routes6 = (await run([REAL_NETSTAT, "-rn", "-6"])).stdout.toString("latin1");
    const ifaces = (await run([REAL_NETSTAT, "-ia"])).stdout.toString("latin1");
    const groups = (await run([REAL_NETSTAT, "-gn"])).stdout.toString("latin1");
    const wanted = [
      [routes, "0.0.0.0         203.0.113.2     0.0.0.0         UG"],
      [routes, "198.51.100.64   203.0.113.2     255.255.255.192 UG"],
      [routes, "203.0.113.77    0.0.0.0         255.255.255.255 UH"],
      [routes, "198.51.100.128  -               255.255.255.128 !"],
      [routes6, "2001:db8:1::/48"],
      [routes6, "!n"],
      [ifaces, "vd0 "],
      [ifaces, "vp0:1"],
      [ifaces, `${LONG_IFNAME} `],
      [groups, "239.1.2.3"],
      [groups, "ff15::1234"],
    ] as const;
    expect(wanted.filter(([text, w]) => !text.includes(w)).map(([, w]) => w)).toEqual([]);
  });

  const piped = (argv: readonly string[]): Promise<RunResult> =>
    run(["bash", "-c", 'set -o pipefail; { "$0" "$@" 2>&1 1>&3 3>&- | cat 1>&2; } 3>&1', ...argv]);

  for (const c of [...ROUTES, ...GROUPS, ...OTHERS]) {
    test(`netstat ${show(c.args)} matches`, async () => {
      const how = c.normalise ?? "none";
      const exec = c.stderrPipe === true ? piped : run;
      const pair = async (): Promise<{ real: RunResult; ours: RunResult }> => ({
        real: await exec([REAL_NETSTAT, ...c.args]),
        ours: await exec([OURS, ...c.args]),
      });
      const same = (p: { real: RunResult; ours: RunResult }): boolean =>
        p.real.code === p.ours.code && p.real.stdout.equals(p.ours.stdout) && p.real.stderr.equals(p.ours.stderr);
      // Fresh links still send MLD reports, which move IPv6 route reference counts: retry a little.
      let p = await pair();
      for (let attempt = 1; attempt < ATTEMPTS && how === "none" && !same(p); attempt++) {
        await Bun.sleep(300);
        p = await pair();
      }
      const { real, ours } = p;
      expect(prepare(ours.stdout.toString("latin1"), how, "ours")).toBe(prepare(real.stdout.toString("latin1"), how, "real"));
      expect(prepare(ours.stderr.toString("latin1"), how, "ours")).toBe(prepare(real.stderr.toString("latin1"), how, "real"));
      expect(ours.code).toBe(real.code);
    });
  }

  // -I=IFACE is upstream net-tools' later syntax, which netstat 2.10 rejects: the expected text is
  // netstat's own -i table cut to that interface (vd0 is down, so its counters stay at 0).
  test("-I=IFACE, -IIFACE and --interfaces=IFACE show netstat's -ia row and -iae block of that interface", async () => {
    const short = (await run([REAL_NETSTAT, "-ia"])).stdout.toString("latin1").split("\n");
    const wantShort = `${[short[0], short[1], ...short.filter((l) => l.startsWith("vd0 "))].join("\n")}\n`;
    const long = (await run([REAL_NETSTAT, "-iae"])).stdout.toString("latin1");
    const blocks = long.slice(long.indexOf("\n") + 1).split("\n\n");
    const wantLong = `${long.slice(0, long.indexOf("\n") + 1)}${blocks.find((b) => b.startsWith("vd0: "))}\n\n`;
    expect(wantShort.split("\n")).toHaveLength(4);
    // With or without netstat's -i beside it (-i -I=vd0, -ie -I=vd0).
    for (const flag of ["-I=vd0", "-Ivd0", "--interfaces=vd0", "-i -I=vd0"]) {
      const words = flag.split(" ");
      const ours = await run([OURS, "-a", ...words]);
      expect({ flag, out: ours.stdout.toString("latin1"), code: ours.code }).toEqual({ flag, out: wantShort, code: 0 });
      const oursLong = await run([OURS, "-a", "-e", ...words]);
      expect({ flag, out: oursLong.stdout.toString("latin1") }).toEqual({ flag, out: wantLong });
    }
    const why = "(-I takes the rest of its word as the name, as in -Ieth0)";
    const none = await run([OURS, "-I=nope"]);
    expect([none.stdout.toString("latin1"), none.stderr.toString("latin1"), none.code]).toEqual(["", `netstat-stream: nope: no such interface ${why}\n`, 1]);
    const cluster = await run([OURS, "-Ip"]);
    expect([cluster.stdout.toString("latin1"), cluster.stderr.toString("latin1"), cluster.code]).toEqual(["", `netstat-stream: p: no such interface ${why}\n`, 1]);
  });

  for (const args of COUNTERS) {
    test(`netstat ${show(args)} matches, counters within netstat's before and after`, async () => {
      let verdict: string | undefined = "not run";
      for (let attempt = 0; attempt < 3 && verdict !== undefined; attempt++) {
        const before = await run([REAL_NETSTAT, ...args]);
        const ours = await run([OURS, ...args]);
        const after = await run([REAL_NETSTAT, ...args]);
        expect(ours.stderr.toString("latin1")).toBe(before.stderr.toString("latin1"));
        expect(ours.code).toBe(before.code);
        verdict = countersBetween(before.stdout.toString("latin1"), ours.stdout.toString("latin1"), after.stdout.toString("latin1"));
      }
      expect(verdict).toBeUndefined();
    });
  }

  for (const c of CONTINUOUS) {
    test(`netstat ${show(c.args)} repeats as netstat does`, async () => {
      const stop = (tool: string): Promise<RunResult> => run(["timeout", "-s", "INT", "2.5", tool, ...c.args]);
      const [real, ours] = await Promise.all([stop(REAL_NETSTAT), stop(OURS)]);
      const r = real.stdout.toString("latin1");
      const o = ours.stdout.toString("latin1");
      const passes = Math.min(countPasses(r, c.marker), countPasses(o, c.marker));
      expect(passes).toBeGreaterThanOrEqual(2);
      // The tools run side by side: our pass p lies within netstat's pass p and one pass either side
      // (interface counters move; -g's later passes differ from its first, as netstat's do).
      const realPasses = r.split(c.marker);
      const ourPasses = o.split(c.marker);
      expect(ourPasses[0]).toBe(realPasses[0]!);
      for (let p = 1; p < passes; p++) {
        const near = [realPasses[p - 1], realPasses[p], realPasses[p + 1]].filter((x): x is string => x !== undefined);
        const fits = near.some((lo) => near.some((hi) => countersBetween(lo, ourPasses[p]!, hi) === undefined));
        expect(fits ? "fits" : countersBetween(realPasses[p]!, ourPasses[p]!, realPasses[p]!)).toBe("fits");
      }
      expect(firstPasses(o, c.marker, 0)).toBe(firstPasses(r, c.marker, 0));
      const warnings = (t: string): string[] => [...new Set(t.split("\n"))];
      expect(warnings(ours.stderr.toString("latin1"))).toEqual(warnings(real.stderr.toString("latin1")));
    }, 15_000);
  }
});
