/**
 * `--count-by` and `--top` against counts computed here from the real netstat's own rows
 * (`netstat -tuwanpW`, `-tuwanWe` for users) in a private namespace holding the socket parity
 * fixture: for each key list, ours (`--json`, read from outside with `--netns NAME`) holds the
 * same groups with the same counts, in the documented order (largest first, ties by key values),
 * and `--top N` keeps the first N; the text prints the same counts under a Count column.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFixture } from "../_support/fixture.ts";
import { run } from "../../src/cli/run.ts";
import { runInProcess } from "../_support/in-process.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { REAL_NETSTAT, runIn } from "../_support/run.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/count-by.test.ts SKIPPED: ${available.why}`);

type Row = Readonly<Record<string, string | number | null>>;

/** Splits netstat's `ADDRESS:PORT` at its last colon. */
function endpoint(text: string): [string, string] {
  const at = text.lastIndexOf(":");
  return [text.slice(0, at), text.slice(at + 1)];
}

/** netstat's Internet rows as key values: `-tuwanpW` (owner last) or `-tuwanWe` (user, inode last). */
function netstatRows(text: string, extra: "owner" | "user"): Row[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => /^(tcp|udp|raw)6?$/.test(f[0] ?? ""))
    .map((f) => {
      // An unconnected udp socket has no State word.
      const tail = extra === "owner" ? 1 : 2;
      const state = f.length === 6 + tail ? f[5]! : null;
      const [local_address, local_port] = endpoint(f[3]!);
      const [foreign_address, foreign_port] = endpoint(f[4]!);
      const last = f.at(-1)!;
      const owner = last === "-" ? null : last;
      const slash = owner?.indexOf("/") ?? -1;
      return {
        proto: f[0]!,
        state,
        local_address,
        local_port,
        foreign_address,
        foreign_port,
        ...(extra === "owner"
          ? { pid: owner === null ? null : Number(owner.slice(0, slash)), program: owner === null ? null : owner.slice(slash + 1) }
          : { user: f.at(-2)! }),
      };
    });
}

/** The oracle's groups: counts of equal key values, largest first, ties by key values (numbers by value, text by code, null last). */
function oracle(rows: readonly Row[], keys: readonly string[]): Row[] {
  const groups = new Map<string, { values: (string | number | null)[]; count: number }>();
  for (const row of rows) {
    const values = keys.map((k) => row[k] ?? null);
    const id = JSON.stringify(values);
    const g = groups.get(id);
    if (g === undefined) groups.set(id, { values, count: 1 });
    else g.count++;
  }
  const cmp = (a: string | number | null, b: string | number | null): number =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : typeof a === "number" && typeof b === "number" ? a - b : String(a) < String(b) ? -1 : 1;
  return [...groups.values()]
    .sort((x, y) => y.count - x.count || x.values.map((v, i) => cmp(v, y.values[i]!)).find((c) => c !== 0) || 0)
    .map((g) => ({ kind: "count", count: g.count, ...Object.fromEntries(keys.map((k, i) => [k, g.values[i]])) }));
}

const KEY_SETS: readonly (readonly string[])[] = [
  ["proto"],
  ["state"],
  ["proto", "state"],
  ["foreign_address"],
  ["local_port"],
  ["local_address", "state"],
  ["program", "pid"],
  ["foreign_port", "proto"],
];

describe.skipIf(!available.ok)("--count-by against counts of netstat's own rows", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nscount");
    await startFixture(ns, "main");
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  const theirs = async (flags: string, extra: "owner" | "user"): Promise<Row[]> =>
    netstatRows((await runIn(ns!.name, [REAL_NETSTAT, flags])).stdout.toString("latin1"), extra);
  const ours = async (...args: string[]): Promise<Row[]> => {
    const r = await runInProcess(["--netns", ns!.name, "-tuwanW", "--json", ...args]);
    expect(r.code).toBe(0);
    return r.out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Row);
  };

  test("the namespace holds sockets of several protocols, states and programs", async () => {
    const rows = await theirs("-tuwanpW", "owner");
    expect(new Set(rows.map((r) => r["proto"])).size).toBeGreaterThanOrEqual(4);
    expect(new Set(rows.map((r) => r["state"])).size).toBeGreaterThanOrEqual(3);
    expect(rows.some((r) => r["program"] !== null)).toBe(true);
  });

  for (const keys of KEY_SETS) {
    test(`--count-by ${keys.join(",")} holds netstat's groups and counts, largest first`, async () => {
      const extra = keys.includes("program") || keys.includes("pid") ? ["-p"] : [];
      const want = oracle(await theirs("-tuwanpW", "owner"), keys);
      expect(want.length).toBeGreaterThan(0);
      expect(await ours("--count-by", keys.join(","), ...extra)).toEqual(want);
    });
  }

  test("--count-by user counts netstat -e's User column", async () => {
    expect(await ours("--count-by", "user")).toEqual(oracle(await theirs("-tuwanWe", "user"), ["user"]));
  });

  test("--top 3 keeps the first three groups of the full count", async () => {
    const want = oracle(await theirs("-tuwanpW", "owner"), ["foreign_address", "state"]);
    expect(want.length).toBeGreaterThan(3);
    expect(await ours("--count-by", "foreign_address,state", "--top", "3")).toEqual(want.slice(0, 3));
  });

  test("--watch --count-by writes a fresh count each interval, each equal to netstat's", async () => {
    const want = oracle((await theirs("-tuwanpW", "owner")).filter((r) => /^tcp/.test(String(r["proto"]))), ["state"]);
    let out = "";
    let stop: ((signal: "SIGTERM") => void) | undefined;
    const passes = (): string[] => [...new Set(out.split("\n").filter(Boolean).map((l) => (JSON.parse(l) as { ts: string }).ts))];
    const ran = run("netstat-stream", ["--netns", ns!.name, "-tan", "--count-by", "state", "--watch", "--interval", "100ms", "--json"], {
      stdout: (t) => (out += t),
      stderr: () => undefined,
      euid: 0,
      onSignal: (handler) => ((stop = handler), () => undefined),
    });
    for (let waited = 0; passes().length < 4 && waited < 10_000; waited += 20) await Bun.sleep(20);
    stop?.("SIGTERM");
    expect(await ran).toBe(0);
    const stamps = passes();
    expect(stamps.length).toBeGreaterThanOrEqual(4);
    const records = out.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Row);
    // The last pass may have been cut short by the stop: every complete one equals the oracle.
    for (const ts of stamps.slice(0, 3)) expect(records.filter((r) => r["ts"] === ts).map(({ ts: _, ...r }) => r)).toEqual(want);
  });

  test("the text prints each group's count right-aligned under Count, then the keys", async () => {
    const want = oracle(await theirs("-tuwanpW", "owner"), ["proto", "state"]);
    const r = await runInProcess(["--netns", ns!.name, "-tuwanW", "--count-by", "proto,state"]);
    const lines = r.out.split("\n").filter(Boolean);
    expect(lines[0]!.split(/\s+/)).toEqual(["Count", "Proto", "State"]);
    const width = lines[0]!.indexOf("Count") + "Count".length;
    const rows = lines.slice(1).map((l) => {
      const f = l.trim().split(/\s+/);
      return { count: Number(f[0]), proto: f[1], state: f[2] === "-" ? null : f[2], end: l.indexOf(f[0]!) + f[0]!.length };
    });
    expect(rows.map(({ end: _, ...g }): Row => ({ kind: "count", ...g }) as Row)).toEqual(want);
    expect(new Set(rows.map((x) => x.end))).toEqual(new Set([Math.max(width, ...rows.map((x) => x.end))]));
  });
});
