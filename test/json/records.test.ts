/**
 * Machine-readable output against real tools, in a private namespace with the shared socket
 * fixture: `--json` field by field against `netstat-stream ... | jc --netstat`, jq pipelines with
 * the real jq, every line validated against `--schema` with ajv, and the filters in text mode
 * against the real netstat's rows.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { startFixture, type Fixture } from "../_support/fixture.ts";
import { jc, JQ, jsonSuiteSkipReason, lines, type Json } from "../_support/jc.ts";
import { start, until } from "../_support/lines.ts";
import { createNetns, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, runIn } from "../_support/run.ts";

const why = await jsonSuiteSkipReason();
if (why !== "") console.warn(`json/records.test.ts SKIPPED: ${why}`);


/** Keys we add to jc's, each documented in the README. */
const EXTRA_KEYS = new Set(["local_ip", "foreign_ip", "uid", "timer", "family", "local_port_num", "foreign_port_num", "pid", "program_name", "path", "user", "inode", "local_ips", "foreign_ips", "attribution"]);

function timerText(t: Json | null): string {
  return t === null ? "" : `${t["name"]} (${(t["seconds"] as number).toFixed(2)}/${t["retransmits"]}/${t["timeout"]})`;
}

/** Differences between jc's record and ours; jc's absent keys equal our nulls. */
function compare(theirs: Json, ours: Json): string[] {
  const problems: string[] = [];
  for (const [key, value] of Object.entries(theirs)) {
    const mine = ours[key];
    if (key === "timer") {
      // The two runs are moments apart: a running timer may have moved on (and a SYN_SENT
      // socket may have retransmitted once more); a stopped one must be identical.
      const m = /^(\S+) \(([0-9.]+)\/(\d+)\/(\d+)\)$/.exec(String(value));
      const t = mine as Json | null;
      const running = m !== null && m[1] !== "off";
      const same = m !== null && t !== null && m[1] === t["name"] && Number(m[4]) === t["timeout"] &&
        (running
          ? Math.abs(Number(m[3]) - (t["retransmits"] as number)) <= 1
          : Number(m[2]) === t["seconds"] && Number(m[3]) === t["retransmits"]);
      if (!same) problems.push(`timer: jc ${value}, ours ${timerText(t)}`);
      continue;
    }
    // netstat's text (which jc reads) shows a unix path up to its first space; JSON keeps all of it.
    if (key === "path" && typeof mine === "string" && typeof value === "string") {
      if (mine.split(/[ \t]/)[0] !== value) problems.push(`path: jc ${JSON.stringify(value)}, ours ${JSON.stringify(mine)}`);
      continue;
    }
    // jc strips letters from a service name (x11 -> 11); only a numeric port text is comparable.
    if ((key === "local_port_num" || key === "foreign_port_num") && !/^[0-9]+$/.test(String(theirs[key.replace("_num", "")]))) continue;
    if (JSON.stringify(mine ?? null) !== JSON.stringify(value ?? null)) problems.push(`${key}: jc ${JSON.stringify(value)}, ours ${JSON.stringify(mine)}`);
  }
  for (const key of Object.keys(ours)) {
    if (!(key in theirs) && !EXTRA_KEYS.has(key)) problems.push(`${key}: only ours has it`);
  }
  return problems;
}

describe.skipIf(why !== "")("--json, jq, --schema and filters in a namespace", () => {
  let ns: Netns | undefined;
  let fixture: Fixture | undefined;
  let validate: ReturnType<Ajv["compile"]> | undefined;
  const ours = async (...args: string[]) => runIn(ns!.name, [OURS, ...args]);

  beforeAll(async () => {
    ns = await createNetns("nsjson");
    fixture = await startFixture(ns, "main");
    await startFixture(ns, "nobody");
    const schema = await ours("--schema");
    validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(schema.stdout.toString("utf8")));
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  const valid = (records: readonly Json[]): string[] =>
    records.flatMap((r) => (validate!(r) ? [] : [`${JSON.stringify(r)}: ${JSON.stringify(validate!.errors)}`]));

  for (const flags of [["-tan"], ["-tuwan"], ["-tuUwa"], ["-tanp"], ["-an"], ["-taeo"], ["-ape"], ["-lnp"], ["-xa"], ["-tua", "--numeric-ports"]]) {
    test(`--json matches jc's reading of the text for ${flags.join(" ")}`, async () => {
      // JSON never truncates, so the text side is asked for the untruncated (-W) listing. The two
      // runs see the sockets a moment apart (a short-lived one may come or go): up to 3 tries. They
      // run one after the other: run together, each could list the UDP sockets the other asks its
      // DNS questions from.
      let theirs: Json[] = [];
      let mine: Json[] = [];
      for (let attempt = 0; attempt < 3; attempt++) {
        const text = await ours(...flags, "-W");
        const json = await ours(...flags, "--json");
        theirs = await jc("--netstat", text.stdout.toString("utf8"));
        mine = lines(json.stdout.toString("utf8"));
        if (mine.length === theirs.length) break;
      }
      expect(theirs.length).toBeGreaterThan(0);
      expect(mine.length).toBe(theirs.length);
      const problems = theirs.flatMap((t, i) => compare(t, mine[i]!).map((p) => `#${i} ${t["proto"]}: ${p}`));
      expect(problems).toEqual([]);
      expect(valid(mine)).toEqual([]);
    });
  }

  test("--json | jq -c 'select(.state==\"LISTEN\")' gives exactly the fixture's TCP listeners", async () => {
    const r = await runIn(ns!.name, ["bash", "-c", `"$0" -tan --json | ${JQ} -c 'select(.state=="LISTEN") | .local_port_num'`, OURS]);
    const ports = r.stdout.toString("utf8").trim().split("\n").map(Number).sort((a, b) => a - b);
    const want = [...(fixture!.made["tcp_listen"] as number[]), 47401].sort((a, b) => a - b);
    expect(ports).toEqual(want);
  });

  test("--json | jq counts sockets by state as the listing has them", async () => {
    const script = `"$0" -tan --json | ${JQ} -s -c 'group_by(.state) | map({(.[0].state): length}) | add'`;
    const r = await runIn(ns!.name, ["bash", "-c", script, OURS]);
    const counts = JSON.parse(r.stdout.toString("utf8")) as Record<string, number>;
    const text = (await runIn(ns!.name, [REAL_NETSTAT, "-tan"])).stdout.toString("latin1");
    const fromNetstat: Record<string, number> = {};
    for (const line of text.split("\n").slice(2)) {
      const state = line.split(/\s+/)[5];
      if (state !== undefined && state !== "") fromNetstat[state] = (fromNetstat[state] ?? 0) + 1;
    }
    expect(counts).toEqual(fromNetstat);
  });

  test("--json | jq -r picks the unix socket paths the fixture bound", async () => {
    const r = await runIn(ns!.name, ["bash", "-c", `"$0" -xa --json | ${JQ} -r 'select(.path != null) | .path'`, OURS]);
    const paths = r.stdout.toString("utf8").split("\n");
    // JSON keeps the whole path; netstat's text shows "with space.sock" as "with" (see README).
    for (const p of ["stream.sock", "dgram.sock", "with space.sock", "nobody/nobody.sock"]) expect(paths).toContain(`${ns!.dir}/${p}`);
    expect(paths).toContain("@netstat-parity-abstract");
    expect(paths).toContain(String(fixture!.made["unix_long_path"]));
  });

  test("--json | head -1 ends quietly with status 0", async () => {
    const r = await runIn(ns!.name, ["bash", "-c", `"$0" -an --json | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"`, OURS]);
    expect(r.stdout.toString().trim()).toBe("0");
    expect(r.stderr.toString()).toBe("");
  });

  test("-c --json stamps every record of a pass with the same ts, and the records validate", async () => {
    const watcher = start(["ip", "netns", "exec", ns!.name, OURS, "-c", "--interval", "300ms", "-tn", "--json"]);
    ns!.track(watcher.proc.pid);
    // Three passes begun, so that two are complete, however slowly a busy machine starts it.
    const passes = (): number => new Set(watcher.lines.map((l) => (JSON.parse(l) as Json)["ts"])).size;
    await until(() => passes() >= 3, 30_000, "three passes");
    watcher.proc.kill("SIGINT");
    expect(await watcher.done).toBe(0);
    const records = watcher.lines.map((l) => JSON.parse(l) as Json);
    const stamps = new Set(records.map((r) => r["ts"]));
    expect(stamps.size).toBeGreaterThanOrEqual(2);
    expect(records.length % stamps.size).toBe(0);
    expect(valid(records)).toEqual([]);
  });

  const textFilters = [
    { args: ["--sport", "47001"], keep: (cols: string[]) => cols[3]!.endsWith(":47001") },
    { args: ["--port", "47001"], keep: (cols: string[]) => cols[3]!.endsWith(":47001") || cols[4]!.endsWith(":47001") },
    { args: ["--dport", "47001"], keep: (cols: string[]) => cols[4]!.endsWith(":47001") },
    { args: ["--state", "listen,time_wait"], keep: (cols: string[]) => cols[5] === "LISTEN" || cols[5] === "TIME_WAIT" },
    { args: ["--user", "nobody"], keep: (cols: string[]) => / 65534 /.test(cols.join(" ")) },
    // Repeats of one filter, and comma lists, are ORed.
    { args: ["--port", "47002", "--port", "47001"], keep: (cols: string[]) => /:4700[12]$/.test(cols[3]!) || /:4700[12]$/.test(cols[4]!) },
    { args: ["--sport", "47106,47101"], keep: (cols: string[]) => /:471(06|01)$/.test(cols[3]!) },
    { args: ["--state", "time_wait", "--state", "listen"], keep: (cols: string[]) => cols[5] === "LISTEN" || cols[5] === "TIME_WAIT" },
  ];
  for (const f of textFilters) {
    test(`${f.args.join(" ")} in text mode keeps exactly netstat's matching rows`, async () => {
      const base = ["-tuane"];
      const [real, mine] = await Promise.all([runIn(ns!.name, [REAL_NETSTAT, ...base]), ours(...base, ...f.args)]);
      const [title, header, ...rows] = real.stdout.toString("latin1").split("\n").filter((l) => l !== "");
      const want = [title, header, ...rows.filter((row) => f.keep(row.split(/\s+/)))];
      expect(mine.stdout.toString("latin1").split("\n").filter((l) => l !== "")).toEqual(want.map(String));
      expect(want.length).toBeGreaterThan(2);
    });
  }

  // A state filter chooses servers and connections itself, as ss's does: its listing is the
  // netstat listing of that scope, keeping the rows in those states.
  const stateScopes = [
    { args: ["-tn", "--state", "listen"], netstat: ["-tln"], keep: () => true },
    { args: ["-xn", "--state", "listening"], netstat: ["-xln"], keep: () => true },
    { args: ["-un", "--state", "closed"], netstat: ["-uln"], keep: () => true },
    { args: ["-n", "--state", "listen,closed"], netstat: ["-ln"], keep: () => true },
    { args: ["-tn", "--state", "all"], netstat: ["-tan"], keep: () => true },
    { args: ["-tn", "--state", "listen,estab"], netstat: ["-tan"], keep: (cols: string[]) => cols[5] === "LISTEN" || cols[5] === "ESTABLISHED" },
    { args: ["-tln", "--state", "established"], netstat: ["-tn"], keep: (cols: string[]) => cols[5] === "ESTABLISHED" },
  ];
  for (const c of stateScopes) {
    test(`${c.args.join(" ")} prints netstat ${c.netstat.join(" ")}'s listing of those states`, async () => {
      const [real, mine] = await Promise.all([runIn(ns!.name, [REAL_NETSTAT, ...c.netstat]), ours(...c.args)]);
      const [title, header, ...rows] = real.stdout.toString("latin1").split("\n").filter((l) => l !== "");
      const kept = rows.filter((row) => c.keep(row.split(/\s+/)));
      expect(kept.length).toBeGreaterThan(0);
      expect(mine.stdout.toString("latin1")).toBe([title, header, ...kept, ""].join("\n"));
      expect({ stderr: mine.stderr.toString(), code: mine.code }).toEqual({ stderr: real.stderr.toString(), code: real.code });
    });
  }

  test("--pid and --program keep the fixture process's sockets in JSON and table output", async () => {
    const pid = String(fixture!.made["pid"] ?? fixture!.pid);
    const byPid = lines((await ours("-tuan", "--json", "--pid", pid)).stdout.toString("utf8"));
    expect(byPid.length).toBeGreaterThan(10);
    expect(new Set(byPid.map((r) => r["pid"]))).toEqual(new Set([Number(pid)]));
    const byProgram = lines((await ours("-tuan", "--json", "--program", "python3")).stdout.toString("utf8"));
    expect(byProgram.length).toBeGreaterThan(byPid.length);
    const table = (await ours("-tuan", "--format", "table", "--pid", pid)).stdout.toString("utf8").split("\n");
    expect(table[0]).toMatch(/^Proto\s+Recv-Q\s+Send-Q\s+Local Address\s+Foreign Address\s+State\s+PID\/Program name$/);
    expect(table.filter((l) => l.includes(`${pid}/python3`)).length).toBe(byPid.length);
  });

  test("--format table aligns every column to its content without colour when piped", async () => {
    const r = await ours("-tuaW", "--format", "table");
    const text = r.stdout.toString("utf8");
    expect(text).not.toContain("\x1b[");
    const rows = text.split("\n\n")[0]!.trimEnd().split("\n");
    const start = rows[0]!.indexOf("Foreign Address");
    expect(rows.slice(1).every((row) => row[start - 1] === " " && row[start - 2] === " ")).toBe(true);
    expect(text).toContain("a-rather-long-host-name-for-truncation.example:zabbix-trapper  parity-local.example:47106");
  });
});
