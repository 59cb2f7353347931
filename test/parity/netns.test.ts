/**
 * Namespaces without entering them: three private namespaces, each with the socket fixture
 * holding its own sockets. `--all-netns` (run from inside the first one, so that name lookups
 * stay behind its DNS trap) must show each namespace's sockets under that namespace's header,
 * byte-identical to /usr/bin/netstat run inside that namespace, and nowhere else; `--netns` and
 * `--netns-pid` must print exactly what netstat prints inside the namespace.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { accessSync, constants } from "node:fs";
import { startFixture, type Fixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, runIn, type RunResult } from "../_support/run.ts";
import { maskTimers } from "./_compare.ts";

/** Every mode that has landed, with the flags that show the most of it. */
const MODES: readonly (readonly string[])[] = [
  ["-anpe"],
  ["-tulpn"],
  ["-ap"],
  ["-xap"],
  ["-anpeW", "-o"],
  ["-6", "-anp"],
];

const ATTEMPTS = 3;

interface Group {
  readonly netns: number;
  readonly header: string;
  readonly body: string;
}

const HEADER = /^Network namespace ([0-9]+) \((.*)\)$/;

/** Splits `--all-netns` text into its groups (the blank line between groups is not part of a body). */
function groups(text: string): Group[] {
  const found: Group[] = [];
  let current: { netns: number; header: string; lines: string[] } | undefined;
  const flush = (): void => {
    if (current !== undefined) found.push({ netns: current.netns, header: current.header, body: current.lines.join("") });
  };
  for (const line of text.split(/(?<=\n)/)) {
    const m = HEADER.exec(line.replace(/\n$/, ""));
    if (m !== null) {
      // Groups after the first are set off by one blank line, which belongs to neither.
      if (current !== undefined && current.lines.at(-1) === "\n") current.lines.pop();
      flush();
      current = { netns: Number(m[1]), header: m[2]!, lines: [] };
    } else if (current !== undefined) {
      current.lines.push(line);
    }
  }
  flush();
  return found;
}

/** The Internet section of a listing (everything before the UNIX section). */
function inetPart(body: string): string {
  const unix = body.indexOf("Active UNIX domain sockets");
  return unix === -1 ? body : body.slice(0, unix);
}

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`parity/netns.test.ts SKIPPED: ${avail.why}; it needs root and ip netns`);

describe.skipIf(!avail.ok)("namespaces read without entering them", () => {
  const spaces: Netns[] = [];
  const fixtures: Fixture[] = [];

  beforeAll(async () => {
    accessSync(OURS, constants.X_OK);
    for (const prefix of ["nsi7a", "nsi7b", "nsi7c"]) spaces.push(await createNetns(prefix));
    for (const ns of spaces) fixtures.push(await startFixture(ns, "main"));
  }, 90_000);

  afterAll(async () => {
    for (const ns of spaces) await ns.destroy();
  }, 30_000);

  const observer = (): string => spaces[0]!.name;
  const text = (r: RunResult): string => maskTimers(r.stdout.toString("latin1"));

  /** Ours with --all-netns, and netstat inside each namespace, until they agree (counters move). */
  async function allNetns(args: readonly string[]): Promise<{ ours: RunResult; real: RunResult[] }> {
    let last: { ours: RunResult; real: RunResult[] } | undefined;
    for (let i = 0; i < ATTEMPTS; i++) {
      const ours = await runIn(observer(), [OURS, "--all-netns", ...args]);
      const real = await Promise.all(spaces.map((ns) => runIn(ns.name, [REAL_NETSTAT, ...args])));
      last = { ours, real };
      const g = groups(text(ours));
      const agree = spaces.every((ns, k) => g.find((x) => x.header.includes(`name ${ns.name},`))?.body === text(real[k]!));
      if (agree) break;
    }
    return last!;
  }

  test("the fixture's sockets are what netstat sees inside each namespace", async () => {
    for (const ns of spaces) {
      const out = (await runIn(ns.name, [REAL_NETSTAT, "-anp"])).stdout.toString("latin1");
      expect(out).toContain("LISTEN");
      expect(out).toContain("TIME_WAIT");
      expect(out).toContain("/python3");
    }
  }, 30_000);

  for (const args of MODES) {
    test(`--all-netns ${args.join(" ")} shows each namespace once, as netstat inside it does`, async () => {
      const { ours, real } = await allNetns(args);
      expect(ours.code).toBe(0);
      const g = groups(text(ours));
      // Each inode at most once: a namespace is never listed twice.
      expect(new Set(g.map((x) => x.netns)).size).toBe(g.length);
      spaces.forEach((ns, k) => {
        const mine = g.filter((x) => x.header.includes(`name ${ns.name},`));
        expect(mine.length).toBe(1);
        expect(mine[0]!.header).toMatch(new RegExp(`^name ${ns.name}, pid [0-9]+$`));
        expect(mine[0]!.body).toBe(text(real[k]!));
        // The namespace's process holds Internet sockets in its own group only. (Its stdio are
        // unix sockets of the test runner's namespace, so they rightly show up there.)
        const holder = `${fixtures[k]!.pid}/python3`;
        if (args.some((a) => a.includes("p"))) expect(mine[0]!.body).toContain(holder);
        for (const other of g) if (other !== mine[0]) expect(inetPart(other.body)).not.toContain(holder);
      });
    }, 60_000);
  }

  test("--netns NAME, --netns PATH and --netns-pid PID print exactly what netstat prints inside", async () => {
    for (const [k, ns] of spaces.entries()) {
      for (const sel of [["--netns", ns.name], [`--netns=/run/netns/${ns.name}`], ["--netns-pid", String(fixtures[k]!.pid)]]) {
        let ours: RunResult | undefined;
        let real: RunResult | undefined;
        for (let i = 0; i < ATTEMPTS; i++) {
          ours = await runIn(observer(), [OURS, ...sel, "-anpe"]);
          real = await runIn(ns.name, [REAL_NETSTAT, "-anpe"]);
          if (ours.stdout.equals(real.stdout)) break;
        }
        expect(ours!.stdout.toString("latin1")).toBe(real!.stdout.toString("latin1"));
        expect(ours!.stderr.toString("latin1")).toBe(real!.stderr.toString("latin1"));
        expect(ours!.code).toBe(0);
      }
    }
  }, 60_000);

  test("--all-netns through --proc-root (a second proc mount, as in a monitoring container) matches", async () => {
    const mount = `${spaces[0]!.dir}/hostproc`;
    const viaRoot = async (): Promise<RunResult> =>
      runIn(observer(), [
        "unshare", "-m", "--propagation", "private", "bash", "-c",
        'mkdir -p "$1" && mount -t proc proc "$1" && exec "$0" --proc-root "$1" --all-netns -anp', OURS, mount,
      ]);
    let ok = false;
    for (let i = 0; i < ATTEMPTS && !ok; i++) {
      const [ours, real] = [await viaRoot(), await Promise.all(spaces.map((ns) => runIn(ns.name, [REAL_NETSTAT, "-anp"])))];
      expect(ours.code).toBe(0);
      const g = groups(text(ours));
      ok = spaces.every((ns, k) => g.find((x) => x.header.includes(`name ${ns.name},`))?.body === text(real[k]!));
      if (i === ATTEMPTS - 1) spaces.forEach((ns, k) => expect(g.find((x) => x.header.includes(`name ${ns.name},`))?.body).toBe(text(real[k]!)));
    }
  }, 60_000);

  test("--netns of a namespace no process lives in says so in one sentence and fails", async () => {
    const r = await runIn(observer(), [OURS, "--netns", spaces[1]!.peer, "-an"]);
    expect(r.stdout.toString()).toBe("");
    expect(r.stderr.toString()).toMatch(new RegExp(`^netstat-stream: Cannot read network namespace ${spaces[1]!.peer}: [^\\n]+\\n$`));
    expect(r.code).toBe(1);
  });

  test("--all-netns names the namespaces it cannot read", async () => {
    const r = await runIn(observer(), [OURS, "--all-netns", "-tn"]);
    for (const ns of spaces) expect(r.stderr.toString()).toContain(`network namespace ${ns.peer} (`);
  });
});
