/**
 * Namespaces without entering them: three private namespaces, each with the socket fixture
 * holding its own sockets. `--all-netns` (run from inside the first one, so that name lookups
 * stay behind its DNS trap) must show each namespace's sockets under that namespace's header,
 * byte-identical to /usr/bin/netstat run inside that namespace, and nowhere else; `--netns` and
 * `--netns-pid` must print exactly what netstat prints inside the namespace.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { accessSync, constants, readFileSync, readlinkSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { start, until } from "../_support/lines.ts";
import { startFixture, type Fixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { readableIn } from "../_support/readable.ts";
import { OURS, REAL_NETSTAT, REPO_ROOT, runIn, setprivAvailable, type RunResult } from "../_support/run.ts";
import { maskTimers } from "./_compare.ts";
import { countersBetween } from "./_counters.ts";

/** Every mode that has landed, with the flags that show the most of it. */
const MODES: readonly (readonly string[])[] = [
  ["-anpe"],
  ["-tulpn"],
  ["-ap"],
  ["-xap"],
  ["-anpeW", "-o"],
  ["-6", "-anp"],
];

// Readings of ours and of netstat in three namespaces, taken one after the other, can straddle a
// moving counter or a SYN_SENT retransmission; on a busy machine they lie further apart.
const ATTEMPTS = 6;

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

type Json = Record<string, unknown>;
const records = (r: RunResult): Json[] =>
  r.stdout
    .toString("utf8")
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Json);

/** What identifies an Internet row and its owner in `netstat -tuwanpW` text: proto, ends, state, PID/Program. */
function netstatInetKeys(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => /^(tcp|udp|udpl|raw)6? /.test(l))
    .map((l) => {
      const t = l.trim().split(/\s+/);
      const [state, owner] = t.length >= 7 ? [t[5]!, t[6]!] : ["", t[5]!];
      return `${t[0]} ${t[3]} ${t[4]} ${state} ${owner}`;
    })
    .sort();
}

/** The same key for a record of `--json -n`. */
function recordInetKey(r: Json): string {
  const owner = r["pid"] === null ? "-" : `${r["pid"]}/${r["program_name"]}`;
  return `${r["proto"]} ${r["local_address"]}:${r["local_port"]} ${r["foreign_address"]}:${r["foreign_port"]} ${r["state"] ?? ""} ${owner}`;
}

/**
 * The same key for a row of `--format table` with its three namespace columns (the container cell
 * empty); a table brackets IPv6 endpoints as ss does (test/parity/ss-endpoints.test.ts), netstat does not.
 */
function tableInetKey(row: string): string {
  const t = row.trim().split(/\s+/);
  const [state, owner] = t.length >= 9 ? [t[7]!, t[8]!] : ["", t[7]!];
  const netstatForm = (endpoint: string): string => endpoint.replace(/^\[(.*)\]:([^:]*)$/, "$1:$2");
  return `${t[2]} ${netstatForm(t[5]!)} ${netstatForm(t[6]!)} ${state} ${owner}`;
}

/** Unix sockets of `netstat -xanp` as `inode owner`, leaving out the listing tool's own. */
function netstatUnixKeys(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l.startsWith("unix "))
    .map((l) => {
      const t = l.slice(l.indexOf("]") + 1).trim().split(/\s+/);
      const at = /^[0-9]+$/.test(t[1] ?? "") ? 1 : 2;
      return `${t[at]} ${t[at + 1]}`;
    })
    .filter((k) => !k.endsWith("/netstat"))
    .sort();
}

function recordUnixKey(r: Json): string {
  return `${r["inode"]} ${r["pid"] === null ? "-" : `${r["pid"]}/${r["program_name"]}`}`;
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
  const inodeOf = (ns: Netns): number => Number(statSync(`/run/netns/${ns.name}`).ino);

  /** Groups of ours against netstat run just before and just after inside each namespace; undefined when all fit. */
  function misfit(ours: RunResult, before: RunResult[], after: RunResult[]): string | undefined {
    const g = groups(ours.stdout.toString("latin1"));
    for (const [k, ns] of spaces.entries()) {
      const mine = g.filter((x) => x.netns === inodeOf(ns));
      if (mine.length !== 1) return `${ns.name}: ${mine.length} groups`;
      if (!mine[0]!.header.startsWith(`name ${ns.name}, pid `)) return `${ns.name}: header ${mine[0]!.header}`;
      const why = countersBetween(before[k]!.stdout.toString("latin1"), mine[0]!.body, after[k]!.stdout.toString("latin1"));
      if (why !== undefined) return `${ns.name}: ${why}`;
    }
    return undefined;
  }

  const OTHER_MODES: readonly (readonly string[])[] = [["-r"], ["-rn"], ["-r", "-6", "-n"], ["-i"], ["-ian"], ["-g"], ["-gn"], ["-s"], ["-s", "-6"]];
  for (const args of OTHER_MODES) {
    test(`--all-netns ${args.join(" ")} shows each namespace once, as netstat inside it does`, async () => {
      let verdict: string | undefined = "not run";
      let ours: RunResult | undefined;
      for (let i = 0; i < ATTEMPTS && verdict !== undefined; i++) {
        const before = await Promise.all(spaces.map((ns) => runIn(ns.name, [REAL_NETSTAT, ...args])));
        ours = await runIn(observer(), [OURS, "--all-netns", ...args]);
        const after = await Promise.all(spaces.map((ns) => runIn(ns.name, [REAL_NETSTAT, ...args])));
        verdict = misfit(ours, before, after);
      }
      expect(verdict).toBeUndefined();
      // Other namespaces on the machine may fail (one without routes, one without a /sys of its own); ours never.
      for (const ns of spaces) expect(ours!.stderr.toString()).not.toContain(`network namespace ${inodeOf(ns)}:`);
    }, 60_000);

    test(`--netns and --netns-pid ${args.join(" ")} print what netstat prints inside`, async () => {
      for (const [k, ns] of spaces.entries()) {
        for (const sel of [["--netns", ns.name], ["--netns-pid", String(fixtures[k]!.pid)]]) {
          let verdict: string | undefined = "not run";
          let ours: RunResult | undefined;
          let real: RunResult | undefined;
          for (let i = 0; i < ATTEMPTS && verdict !== undefined; i++) {
            const before = await runIn(ns.name, [REAL_NETSTAT, ...args]);
            ours = await runIn(observer(), [OURS, ...sel, ...args]);
            real = await runIn(ns.name, [REAL_NETSTAT, ...args]);
            verdict = countersBetween(before.stdout.toString("latin1"), ours.stdout.toString("latin1"), real.stdout.toString("latin1"));
          }
          expect(verdict).toBeUndefined();
          expect(ours!.stderr.toString("latin1")).toBe(real!.stderr.toString("latin1"));
          expect(ours!.code).toBe(real!.code);
        }
      }
    }, 60_000);
  }

  test("-i of a namespace without a /sys of its own fails in one sentence instead of showing the reader's", async () => {
    const holder = Bun.spawn(["unshare", "-n", "sleep", "30"], { stdin: "ignore", stdout: "ignore", stderr: "ignore" });
    try {
      // Until unshare has made the namespace and become sleep (both under the same pid).
      const own = readlinkSync("/proc/self/ns/net");
      const inOwn = (): boolean => {
        try {
          return readlinkSync(`/proc/${holder.pid}/ns/net`) !== own && readFileSync(`/proc/${holder.pid}/comm`, "utf8") === "sleep\n";
        } catch {
          return false;
        }
      };
      await until(inOwn, 20_000, "the holder's own namespace");
      const r = await runIn(observer(), [OURS, "--netns-pid", String(holder.pid), "-i"]);
      expect(r.stdout.toString()).toBe("");
      expect(r.stderr.toString()).toMatch(/^netstat-stream: Cannot show the interfaces of network namespace [0-9]+: [^\n]+\n$/);
      expect(r.code).toBe(1);
    } finally {
      holder.kill("SIGKILL");
    }
  }, 30_000);

  /** Ours as JSON and netstat inside each namespace, until every namespace's Internet and unix keys agree. */
  async function jsonAgrees(selection: (k: number) => readonly string[], label: string): Promise<void> {
    for (const [k, ns] of spaces.entries()) {
      let inet: [string[], string[]] = [[], []];
      let unix: [string[], string[]] = [[], []];
      let mine: Json[] = [];
      for (let i = 0; i < ATTEMPTS; i++) {
        const ours = await runIn(observer(), [OURS, ...selection(k), "--json", "-anpW"]);
        expect(ours.code).toBe(0);
        const real = (await runIn(ns.name, [REAL_NETSTAT, "-anpW"])).stdout.toString("latin1");
        mine = records(ours).filter((r) => r["netns"] === inodeOf(ns));
        inet = [mine.filter((r) => r["kind"] === "network").map(recordInetKey).sort(), netstatInetKeys(real)];
        unix = [mine.filter((r) => r["kind"] === "socket").map(recordUnixKey).filter((key) => !key.endsWith("/netstat")).sort(), netstatUnixKeys(real)];
        if (inet[0].join() === inet[1].join() && unix[0].join() === unix[1].join()) break;
      }
      expect({ label, ns: ns.name, inet: inet[0] }).toEqual({ label, ns: ns.name, inet: inet[1] });
      expect({ label, ns: ns.name, unix: unix[0] }).toEqual({ label, ns: ns.name, unix: unix[1] });
      for (const r of mine) expect([r["netns_name"], r["container_id"], r["container_runtime"], r["pod_uid"]]).toEqual([ns.name, null, null, null]);
      expect(mine.some((r) => r["pid"] === fixtures[k]!.pid)).toBe(true);
    }
  }

  test("--all-netns --json lists every socket once, under its namespace, with its process", async () => {
    await jsonAgrees(() => ["--all-netns"], "--all-netns");
    const all = records(await runIn(observer(), [OURS, "--all-netns", "--json", "-an"]));
    // No socket under two namespaces.
    const keys = all.filter((r) => r["kind"] === "network" && r["inode"] !== 0).map((r) => `${r["inode"]}`);
    expect(new Set(keys).size).toBe(keys.length);
  }, 60_000);

  test("--netns and --netns-pid --json list exactly their namespace's sockets", async () => {
    await jsonAgrees((k) => ["--netns", spaces[k]!.name], "--netns");
    await jsonAgrees((k) => ["--netns-pid", String(fixtures[k]!.pid)], "--netns-pid");
    for (const [k, ns] of spaces.entries()) {
      const r = records(await runIn(observer(), [OURS, "--netns-pid", String(fixtures[k]!.pid), "--json", "-an"]));
      expect(r.length).toBeGreaterThan(0);
      expect(r.filter((x) => x["netns"] !== inodeOf(ns))).toEqual([]);
    }
  }, 90_000);

  /** Column `at` of netstat's data lines after `skip` header lines. */
  const column = (text: string, skip: number, at: number): string[] =>
    text.split("\n").slice(skip).filter((l) => l.trim() !== "").map((l) => l.trim().split(/\s+/)[at]!).sort();

  // netstat's IPv6 table writes destinations as ADDRESS/PREFIX, as the records' destination does.
  const modeRecordCases: readonly { name: string; args: readonly string[]; kind: string; field: string; skip: number; at: number }[] = [
    { name: "routes", args: ["-rn"], kind: "route", field: "destination", skip: 2, at: 0 },
    { name: "IPv6 routes", args: ["-rn", "-6"], kind: "route", field: "destination", skip: 2, at: 0 },
    { name: "group memberships", args: ["-gn"], kind: "group", field: "group", skip: 3, at: 2 },
  ];
  for (const c of modeRecordCases) {
    test(`--all-netns --json lists each namespace's ${c.name}, labelled with it`, async () => {
      const ours = await runIn(observer(), [OURS, "--all-netns", "--json", ...c.args]);
      expect(ours.code).toBe(0);
      const all = records(ours).filter((r) => r["kind"] === c.kind);
      for (const ns of spaces) {
        const mine = all.filter((r) => r["netns"] === inodeOf(ns));
        const real = (await runIn(ns.name, [REAL_NETSTAT, ...c.args])).stdout.toString("latin1");
        const want = column(real, c.skip, c.at);
        const got = mine.map((r) => String(r[c.field])).sort();
        expect({ ns: ns.name, got }).toEqual({ ns: ns.name, got: want });
        for (const r of mine) expect(r["netns_name"]).toBe(ns.name);
      }
    }, 30_000);
  }

  test("--all-netns --json -s gives each namespace's counters, labelled with it", async () => {
    const ours = await runIn(observer(), [OURS, "--all-netns", "--json", "-s"]);
    const all = records(ours);
    for (const ns of spaces) {
      const mine = all.filter((r) => r["netns"] === inodeOf(ns));
      expect(mine.some((r) => r["section"] === "Tcp" && r["key"] === "ActiveOpens")).toBe(true);
      for (const r of mine) expect([r["kind"], r["netns_name"]]).toEqual(["statistic", ns.name]);
    }
  }, 30_000);

  test("--all-netns --format table -rn is one routing table over every namespace, led by the namespace columns", async () => {
    const ours = (await runIn(observer(), [OURS, "--all-netns", "--format", "table", "-rn"])).stdout.toString("latin1");
    const headers = ours.split("\n").filter((l) => l.includes("Destination"));
    // As the socket table does: one table, its rows told apart by their namespace columns.
    expect(headers.length).toBe(1);
    for (const h of headers) expect(h.trimStart().startsWith("Netns")).toBe(true);
    for (const ns of spaces) expect(ours).toContain(ns.name);
  }, 30_000);

  test("--all-netns -I=IF lists the namespaces that have IF, and fails in one sentence only when none has it", async () => {
    const [first, second] = [spaces[0]!, spaces[1]!];
    const added = Bun.spawnSync(["ip", "-n", first.name, "link", "add", "vx7", "type", "veth", "peer", "name", "vx8"]);
    expect(added.exitCode).toBe(0);
    try {
      const found = await runIn(observer(), [OURS, "--all-netns", "-ia", "-I=vx7"]);
      const text = found.stdout.toString("latin1");
      expect(found.code).toBe(0);
      expect(text).toContain(`name ${first.name},`);
      expect(text).not.toContain(`name ${second.name},`);
      expect(found.stderr.toString("latin1")).not.toContain("no such interface");
      const none = await runIn(observer(), [OURS, "--all-netns", "-ia", "-I=vx9"]);
      expect(none.code).toBe(1);
      expect(none.stdout.toString("latin1")).toBe("");
      const said = none.stderr.toString("latin1").split("\n").filter((l) => l.includes("no such interface"));
      expect(said).toEqual(["netstat-stream: vx9: no such interface in any network namespace (-I takes the rest of its word as the name, as in -Ieth0)"]);
    } finally {
      Bun.spawnSync(["ip", "-n", first.name, "link", "del", "vx7"]);
    }
  }, 30_000);

  test("--all-netns --format table leads with the namespace columns, one row per socket", async () => {
    for (const [k, ns] of spaces.entries()) {
      let got: string[] = [];
      let want: string[] = [];
      for (let i = 0; i < ATTEMPTS; i++) {
        const ours = await runIn(observer(), [OURS, "--all-netns", "--format", "table", "-tuwanp"]);
        const lines = ours.stdout.toString("latin1").split("\n");
        expect(lines[0]).toMatch(/^ +Netns  Netns Name +Container  Proto /);
        got = lines.filter((l) => l.trim().startsWith(`${inodeOf(ns)}  ${ns.name} `)).map(tableInetKey).sort();
        want = netstatInetKeys((await runIn(ns.name, [REAL_NETSTAT, "-tuwanpW"])).stdout.toString("latin1"));
        if (got.join() === want.join()) break;
      }
      expect({ ns: ns.name, rows: got }).toEqual({ ns: ns.name, rows: want });
      expect(got.some((key) => key.endsWith(` ${fixtures[k]!.pid}/python3`))).toBe(true);
    }
  }, 60_000);

  test("attribution: ok for a held socket, orphan for TIME_WAIT", async () => {
    const r = records(await runIn(observer(), [OURS, "--netns", spaces[1]!.name, "--json", "-tanp"]));
    const held = r.filter((x) => x["state"] === "LISTEN");
    expect(held.length).toBeGreaterThan(0);
    for (const x of held) expect([x["attribution"], x["pid"]]).toEqual(["ok", fixtures[1]!.pid]);
    const waiting = r.filter((x) => x["state"] === "TIME_WAIT");
    expect(waiting.length).toBeGreaterThan(0);
    for (const x of waiting) expect([x["attribution"], x["pid"], x["inode"]]).toEqual(["orphan", null, 0]);
  }, 30_000);

  test.skipIf(!setprivAvailable())("attribution: permission for root's sockets read by nobody", async () => {
    const r = records(await runIn(spaces[1]!.name, [OURS, "--json", "-tanp"], { asUser: "nobody" }));
    const listeners = r.filter((x) => x["state"] === "LISTEN");
    expect(listeners.length).toBeGreaterThan(0);
    for (const x of listeners) expect([x["attribution"], x["pid"]]).toEqual(["permission", null]);
    for (const x of r.filter((x) => x["state"] === "TIME_WAIT")) expect(x["attribution"]).toBe("orphan");
  }, 30_000);

  test.skipIf(!setprivAvailable())("attribution: hidden behind a hidepid=2 proc mount given as --proc-root", async () => {
    const dir = `${spaces[2]!.dir}/hidden-proc`;
    const r = await runIn(spaces[2]!.name, [
      "unshare", "-m", "--propagation", "private", "bash", "-c",
      'mkdir -p "$1" && mount -t proc -o hidepid=2 proc "$1" && exec setpriv --reuid=65534 --regid=65534 --clear-groups "$0" --proc-root "$1" --json -tanp',
      readableIn(spaces[2]!.name, OURS), dir,
    ]);
    expect(r.code).toBe(0);
    const listeners = records(r).filter((x) => x["state"] === "LISTEN");
    expect(listeners.length).toBeGreaterThan(0);
    for (const x of listeners) expect([x["attribution"], x["pid"]]).toEqual(["hidden", null]);
  }, 30_000);

  test("--watch --all-netns --json reports the connections of all three namespaces, each under its own", async () => {
    const CHURN = resolve(REPO_ROOT, "scripts", "tcp-churn.py");
    const PORT = 47650;
    const FIRST = 48500;
    const COUNT = 6;
    const inNs = (ns: Netns, ...argv: string[]): string[] => ["ip", "netns", "exec", ns.name, ...argv];
    // The same ports in every namespace: only the labels tell the connections apart.
    const servers = spaces.map((ns) => start(inNs(ns, "python3", CHURN, "server", "127.0.0.1", String(PORT))));
    servers.forEach((s, k) => spaces[k]!.track(s.proc.pid));
    await Promise.all(servers.map((s) => s.waitFor("READY", 10_000)));
    // The sockets already there come first (--include-existing): the first line says that the
    // baseline was taken, however long a busy machine took to start the watcher.
    const watcher = start(inNs(spaces[0]!, OURS, "--watch", "--all-netns", "--json", "--include-existing", "--interval", "200ms", "-tnp"));
    spaces[0]!.track(watcher.proc.pid);
    try {
      await until(() => watcher.lines.length > 0, 30_000, "the watcher's first line");
      const clients = spaces.map((ns) => start(inNs(ns, "python3", CHURN, "client", "127.0.0.1", String(PORT), String(FIRST), String(COUNT), "150", "1500")));
      clients.forEach((c, k) => spaces[k]!.track(c.proc.pid));
      await Promise.all(clients.map((c) => c.waitFor("DONE", 30_000)));
      const patternCloses = (): number =>
        watcher.lines
          .map((l) => JSON.parse(l) as Json)
          .filter((e) => e["event"] === "close" && (e["local_port_num"] === PORT || e["foreign_port_num"] === PORT)).length;
      // Let the last closes be seen (a missing one is reported below, by port).
      await until(() => patternCloses() >= 2 * COUNT * spaces.length, 30_000, "the last closes").catch(() => undefined);
      watcher.proc.kill("SIGINT");
      expect(await watcher.done).toBe(0);
      const events = watcher.lines.map((l) => JSON.parse(l) as Json).filter((e) => e["existing"] !== true);
      for (const [k, ns] of spaces.entries()) {
        const mine = events.filter((e) => e["netns"] === inodeOf(ns));
        for (const e of mine) expect(e["netns_name"]).toBe(ns.name);
        for (let c = 0; c < COUNT; c++) {
          for (const [local, foreign, pid] of [
            [FIRST + c, PORT, clients[k]!.proc.pid],
            [PORT, FIRST + c, servers[k]!.proc.pid],
          ] as const) {
            const ends = mine.filter((e) => e["local_port_num"] === local && e["foreign_port_num"] === foreign && e["event"] !== "state");
            expect({ ns: ns.name, local, foreign, events: ends.map((e) => e["event"]) }).toEqual({ ns: ns.name, local, foreign, events: ["open", "close"] });
            expect(ends[1]!["pid"]).toBe(pid);
          }
        }
      }
    } finally {
      watcher.proc.kill("SIGKILL");
      for (const s of servers) s.proc.kill("SIGKILL");
    }
  }, 90_000);
});
