/**
 * Records of the non-socket modes against the real netstat, in a private namespace furnished by
 * the shared modes helper (routes of every kind, an interface that is down, an alias label, a
 * 15-character name, IPv4 and IPv6 group memberships): routes and interfaces field by field
 * against jc's reading of the real netstat's text (`jc --netstat` for `-r` and `-i`, `jc --route`
 * for the IPv6 table, `jc --ifconfig` for `-ie`), groups against the real `-g` rows, counters
 * against the kernel files, jq pipelines, `-c` stamping, tables, and every line against
 * `--schema` with ajv.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { furnishModes, LONG_IFNAME } from "../_support/modes-netns.ts";
import { jc, JQ, jsonSuiteSkipReason, lines, type Json } from "../_support/jc.ts";
import { createNetns, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, runIn } from "../_support/run.ts";

const why = await jsonSuiteSkipReason();
if (why !== "") console.warn(`json/modes.test.ts SKIPPED: ${why}`);

/** Fields of jc's record that differ from ours (only jc's keys are compared; `rename` maps jc's names). */
function differences(theirs: Json, ours: Json, rename: Readonly<Record<string, string>> = {}, skip: ReadonlySet<string> = new Set()): string[] {
  return Object.entries(theirs)
    .filter(([key]) => !skip.has(key))
    .filter(([key, value]) => JSON.stringify(ours[rename[key] ?? key] ?? null) !== JSON.stringify(value ?? null))
    .map(([key, value]) => `${key}: jc ${JSON.stringify(value)}, ours ${JSON.stringify(ours[rename[key] ?? key])}`);
}

/** Numeric fields may have moved between two runs of the real netstat: ours must lie between. */
function countersDiffer(before: Json, ours: Json, after: Json, rename: Readonly<Record<string, string>> = {}, skip: ReadonlySet<string> = new Set()): string[] {
  const problems: string[] = [];
  for (const [key, b] of Object.entries(before)) {
    if (skip.has(key)) continue;
    const mine = ours[rename[key] ?? key];
    const a = after[key];
    if (typeof b === "number" && typeof a === "number" && typeof mine === "number") {
      if (mine < Math.min(a, b) || mine > Math.max(a, b)) problems.push(`${key}: ${mine} not within ${b}..${a}`);
    } else if (JSON.stringify(mine ?? null) !== JSON.stringify(b ?? null)) {
      problems.push(`${key}: jc ${JSON.stringify(b)}, ours ${JSON.stringify(mine)}`);
    }
  }
  return problems;
}

describe.skipIf(why !== "")("--json and --format table for -r, -i, -g, -s and -M in a namespace", () => {
  let ns: Netns | undefined;
  let validate: ReturnType<Ajv["compile"]> | undefined;
  const ours = async (...args: string[]) => runIn(ns!.name, [OURS, ...args]);
  const real = async (...args: string[]) => (await runIn(ns!.name, [REAL_NETSTAT, ...args])).stdout.toString("utf8");
  const json = async (...args: string[]): Promise<Json[]> => {
    const r = await ours(...args);
    expect(r.stderr.toString("utf8")).toBe("");
    expect(r.code).toBe(0);
    return lines(r.stdout.toString("utf8"));
  };
  const invalid = (records: readonly Json[]): string[] =>
    records.flatMap((r) => (validate!(r) ? [] : [`${JSON.stringify(r)}: ${JSON.stringify(validate!.errors)}`]));

  beforeAll(async () => {
    ns = await createNetns("nsjmodes");
    await furnishModes(ns);
    const schema = await ours("--schema");
    validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(schema.stdout.toString("utf8")));
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  for (const flags of [["-rnee"], ["-ree"], ["-rNee"]]) {
    test(`IPv4 routes of ${flags.join(" ")} --json match jc --netstat's reading of the real netstat`, async () => {
      const theirs = await jc("--netstat", await real(...flags));
      const mine = await json(...flags, "--json");
      expect(theirs.length).toBeGreaterThanOrEqual(5);
      expect(mine.length).toBe(theirs.length);
      // netstat cuts names at 15 columns; records never truncate.
      // netstat cuts names at 15 columns and, with -ee, interfaces at 6; records never truncate. It prints
      // `-` for a reject route's numbers, which jc reads as null; the records keep the kernel's numbers.
      const cut = mine.map((r, i) => {
        const t = theirs[i] ?? {};
        const blanks = Object.fromEntries(Object.keys(t).filter((k) => t[k] === null && String(r["route_flags"]).startsWith("!")).map((k) => [k, null]));
        return { ...r, ...blanks, destination: String(r["destination"]).slice(0, 15), gateway: String(r["gateway"]).slice(0, 15), iface: String(r["iface"]).slice(0, 6) };
      });
      const six = theirs.map((t) => ({ ...t, iface: String(t["iface"]).slice(0, 6) }));
      expect(six.flatMap((t, i) => differences(t, cut[i]!).map((p) => `#${i}: ${p}`))).toEqual([]);
      expect(mine.some((r) => r["iface"] === LONG_IFNAME)).toBe(true);
      expect(invalid(mine)).toEqual([]);
    });
  }

  for (const flags of [["-rn", "-6"], ["-r", "-6"], ["-rFC", "-6", "-n"]]) {
    test(`IPv6 routes of ${flags.join(" ")} --json match jc --route's reading of the real netstat`, async () => {
      // jc --route reads one table (title, header, rows); -FC prints two.
      const parse = async (text: string): Promise<Json[]> =>
        (await Promise.all(text.split(/(?=^Kernel IPv6 routing )/m).filter((t) => t !== "").map((t) => jc("--route", t)))).flat();
      // Cache routes come and go (the kernel clones them on use): retry until all three runs saw the same rows.
      let before: Json[] = [];
      let mine: Json[] = [];
      let after: Json[] = [];
      for (let attempt = 0; attempt < 5; attempt++) {
        before = await parse(await real(...flags));
        mine = await json(...flags, "--json");
        after = await parse(await real(...flags));
        if (before.length === mine.length && after.length === mine.length) break;
      }
      expect(before.length).toBeGreaterThanOrEqual(4);
      expect(mine.length).toBe(before.length);
      const rename = { next_hop: "gateway", flags: "route_flags", ref: "route_refs" };
      // jc names IPv6 flag letters as if they were IPv4's (D is DEFAULT here, not DYNAMIC); ours follow the letters' IPv6 meaning.
      // A route's reference count may move between the runs.
      const skip = new Set(["flags_pretty"]);
      expect(before.flatMap((b, i) => countersDiffer(b, mine[i]!, after[i]!, rename, skip).map((p) => `#${i}: ${p}`))).toEqual([]);
      expect(mine.some((r) => r["destination"] === "2001:db8:1::/48" && r["gateway_ip"] === "2001:db8::2")).toBe(true);
      expect(invalid(mine)).toEqual([]);
    });
  }

  test("route records carry the raw numbers: prefix length, flag word and names, family", async () => {
    const mine = await json("-rn", "-A", "inet,inet6", "--json");
    const unreachable = mine.find((r) => r["destination_ip"] === "198.51.100.128")!;
    expect(unreachable).toMatchObject({ family: "inet", prefix_length: 25, route_flags: "!", route_flags_pretty: ["REJECT"], table: "fib" });
    expect((unreachable["route_flags_num"] as number) & 0x0201).toBe(0x0201);
    const gateway = mine.find((r) => r["destination_ip"] === "198.51.100.64")!;
    expect(gateway).toMatchObject({ prefix_length: 26, metric: 7, route_flags_pretty: ["UP", "GATEWAY"], route_flags_num: 3 });
    expect(mine.filter((r) => r["family"] === "inet6").length).toBeGreaterThan(0);
  });

  test("interface records of -ia --json match jc --netstat's reading of the real netstat (counters may move)", async () => {
    const before = await jc("--netstat", await real("-ia"));
    const mine = await json("-ia", "--json");
    const after = await jc("--netstat", await real("-ia"));
    expect(mine.map((r) => r["iface"])).toContain(LONG_IFNAME);
    expect(mine.map((r) => r["iface"])).toContain("vd0");
    expect(mine.length).toBe(before.length);
    // An alias label has no counters: netstat prints "- no statistics available -" there, which jc cannot read.
    const problems = before.flatMap((b, i) =>
      mine[i]!["rx_ok"] === null ? (mine[i]!["iface"] === b["iface"] ? [] : [`#${i}: alias ${String(mine[i]!["iface"])}`]) : countersDiffer(b, mine[i]!, after[i]!).map((p) => `#${i}: ${p}`),
    );
    expect(problems).toEqual([]);
    expect(mine.some((r) => r["iface"] === "vp0:1" && r["rx_ok"] === null && r["ipv4_addr"] === "203.0.113.5")).toBe(true);
    expect(invalid(mine)).toEqual([]);
  });

  test("-i --json lists the interfaces that are up, as -i does", async () => {
    const names = (await jc("--netstat", await real("-i"))).map((r) => r["iface"]);
    expect((await json("-i", "--json")).map((r) => r["iface"])).toEqual(names);
  });

  test("interface records of -iea --json match jc --ifconfig's reading of the real netstat -iea", async () => {
    const text = (t: string): string => t.replace(/^Kernel Interface table\n/, "");
    const before = await jc("--ifconfig", text(await real("-iea")));
    const mine = await json("-iea", "--json");
    const after = await jc("--ifconfig", text(await real("-iea")));
    expect(mine.length).toBe(before.length);
    // jc's ipv6_* fields repeat the last address only; metric is not in netstat's output.
    const skip = new Set(["ipv6_addr", "ipv6_mask", "ipv6_scope", "ipv6_type", "metric"]);
    // jc's ipv6 entries lack our numeric scope_id.
    const comparable = mine.map((r) => ({ ...r, ipv6: (r["ipv6"] as Json[]).map(({ scope_id: _, ...rest }) => rest) }));
    const problems = before.flatMap((b, i) => countersDiffer(b, comparable[i]!, after[i]!, {}, skip).map((p) => `#${i} ${String(b["name"])}: ${p}`));
    expect(problems).toEqual([]);
    expect(invalid(mine)).toEqual([]);
  });

  for (const flags of [["-gn"], ["-g"], ["-g", "-6", "-n"]]) {
    test(`group records of ${flags.join(" ")} --json are the real netstat's rows`, async () => {
      // -g -6 also lists IPv6 sockets (none here) before the groups, as netstat does.
      const text = await real(...flags);
      const rows = text
        .slice(text.indexOf("IPv6/IPv4 Group Memberships"))
        .split("\n")
        .filter((l) => l !== "" && !/^(IPv6\/IPv4 Group|Interface +RefCnt|-{15} )/.test(l))
        .map((l) => l.split(/\s+/));
      const mine = await json(...flags, "--json");
      expect(rows.length).toBeGreaterThan(2);
      expect(mine.map((r) => [r["iface"], String(r["refcnt"]), r["group"]])).toEqual(rows);
      const ips = mine.map((r) => r["group_ip"]);
      expect(ips.includes("239.1.2.3")).toBe(!flags.includes("-6"));
      expect(ips).toContain("ff15::1234");
      expect(invalid(mine)).toEqual([]);
    });
  }

  /** The kernel's counters of a /proc/net file read in the namespace: `section key` to value. */
  async function kernelCounters(file: string): Promise<Map<string, bigint>> {
    const text = (await runIn(ns!.name, ["cat", `/proc/net/${file}`])).stdout.toString("utf8");
    const map = new Map<string, bigint>();
    if (file === "snmp6") {
      for (const line of text.split("\n")) {
        const [key, value] = line.split(/\s+/);
        const section = /^[A-Za-z]+?6/.exec(key ?? "")?.[0];
        if (section !== undefined && value !== undefined) map.set(`${section} ${key!.slice(section.length)}`, BigInt(value));
      }
      return map;
    }
    const rows = text.split("\n").filter((l) => l !== "");
    for (let i = 0; i + 1 < rows.length; i += 2) {
      const keys = rows[i]!.split(/\s+/);
      const values = rows[i + 1]!.split(/\s+/);
      const section = keys[0]!.replace(/:$/, "");
      for (let k = 1; k < keys.length; k++) map.set(`${section} ${keys[k]}`, BigInt.asUintN(64, BigInt(values[k]!)));
    }
    return map;
  }

  for (const c of [{ flags: ["-s"], files: ["snmp", "netstat"] }, { flags: ["-s", "-6"], files: ["snmp6", "snmp"] }, { flags: ["-st"], files: ["snmp", "netstat"] }]) {
    test(`counters of ${c.flags.join(" ")} --json are the kernel's, in the sections the real netstat shows`, async () => {
      const before = new Map<string, Map<string, bigint>>();
      for (const f of c.files) before.set(f, await kernelCounters(f));
      const r = await ours(...c.flags, "--json");
      const after = new Map<string, Map<string, bigint>>();
      for (const f of c.files) after.set(f, await kernelCounters(f));
      // Exact integers past 2^53: parse the values from the text, not through JSON.parse.
      const raw = r.stdout.toString("utf8").split("\n").filter((l) => l !== "");
      const problems: string[] = [];
      for (const line of raw) {
        const m = /"section":"([^"]+)","key":"([^"]+)","value":(\d+),"file":"([^"]+)"/.exec(line);
        if (m === null) {
          problems.push(`unreadable ${line}`);
          continue;
        }
        const [, section, key, value, file] = m;
        const id = file === "snmp6" ? `${section} ${key!.replace(new RegExp(`^${section}`), "")}` : `${section} ${key}`;
        const b = before.get(file!)?.get(id);
        const a = after.get(file!)?.get(id);
        const n = BigInt(value!);
        if (b === undefined || a === undefined || n < (b < a ? b : a) || n > (b < a ? a : b)) problems.push(`${file} ${id}: ${n} not within ${b}..${a}`);
      }
      expect(problems).toEqual([]);
      expect(raw.length).toBeGreaterThan(20);
      const shown = new Set((await real(...c.flags)).split("\n").filter((l) => /^\S.*:$/.test(l)).map((l) => l.slice(0, -1)));
      const sections = new Set(lines(raw.join("\n")).map((rec) => String(rec["section"])));
      // Every section with counters in ours is a section the text shows, and the reverse.
      expect([...sections].filter((s) => !shown.has(s))).toEqual([]);
      expect([...shown].filter((s) => !sections.has(s))).toEqual([]);
      expect(invalid(lines(raw.join("\n")))).toEqual([]);
    });
  }

  test("-s --json writes Tcp MaxConn's 2^64-1 as an exact integer", async () => {
    const r = await ours("-st", "--json");
    expect(r.stdout.toString("utf8")).toContain('"section":"Tcp","key":"MaxConn","value":18446744073709551615,');
  });

  test("jq picks gateways, group addresses and one counter from the records", async () => {
    const sh = async (script: string): Promise<string> => (await runIn(ns!.name, ["bash", "-c", script, OURS])).stdout.toString("utf8");
    const gateways = await sh(`"$0" -rn --json | ${JQ} -r 'select(.route_flags_pretty | index("GATEWAY")) | .gateway_ip' | sort -u`);
    expect(gateways).toBe("203.0.113.2\n");
    const groups = await sh(`"$0" -gn --json | ${JQ} -r 'select(.iface=="vp0" and .family=="inet") | .group_ip' | sort`);
    expect(groups.split("\n")).toContain("239.1.2.3");
    const opens = await sh(`"$0" -s --json | ${JQ} 'select(.section=="Tcp" and .key=="ActiveOpens") | .value'`);
    expect(/^\d+\n$/.test(opens)).toBe(true);
    const down = await sh(`"$0" -ia --json | ${JQ} -r 'select(.state | index("UP") | not) | .iface'`);
    expect(down.split("\n")).toContain("vd0");
  });

  test("-c --json repeats -r once per period with a ts per pass, and -s once", async () => {
    const t = await runIn(ns!.name, ["timeout", "2.5", OURS, "-rnc", "--json"]);
    const records = lines(t.stdout.toString("utf8"));
    const stamps = [...new Set(records.map((x) => x["ts"]))];
    const perPass = (await json("-rn", "--json")).length;
    expect(stamps.length).toBeGreaterThanOrEqual(2);
    expect(records.length % perPass).toBe(0);
    expect(stamps.every((s) => typeof s === "string")).toBe(true);
    expect(invalid(records)).toEqual([]);
    const s = await runIn(ns!.name, [OURS, "-s", "-c", "--json"]);
    expect(s.code).toBe(0);
    const counters = lines(s.stdout.toString("utf8"));
    expect(new Set(counters.map((x) => x["ts"])).size).toBe(1);
    expect(counters.length).toBe((await json("-s", "--json")).length);
  }, 60_000);

  test("--format table shows every mode aligned, untruncated, with a header row", async () => {
    for (const [flags, header, wanted] of [
      [["-rn"], "Destination", "198.51.100.128"],
      [["-rn", "-6"], "Destination", "2001:db8:dead::/48"],
      [["-ia"], "Iface", LONG_IFNAME],
      [["-iea"], "Iface", "203.0.113.5/255.255.255.0"],
      [["-gn"], "Interface", "ff15::1234"],
      [["-s"], "File", "ActiveOpens"],
    ] as const) {
      const r = await ours(...flags, "--format", "table");
      const text = r.stdout.toString("utf8");
      const rows = text.split("\n").filter((l) => l !== "");
      expect(rows[0]!.startsWith(header)).toBe(true);
      expect(text).toContain(wanted);
      expect(rows.length - 1).toBe((await json(...flags, "--json")).length);
      // Aligned: each column sits between gutters (two or more positions blank in every row).
      const width = Math.max(...rows.map((row) => row.length));
      const blank = Array.from({ length: width }, (_, p) => rows.every((row) => (row[p] ?? " ") === " "));
      const gutters = blank.map((b, p) => b && blank[p + 1] === true && blank[p - 1] !== true).filter(Boolean).length;
      expect(gutters).toBe(rows[0]!.split(/ {2,}/).length - 1);
    }
  });

  test("-M keeps netstat's message and status in every format", async () => {
    const text = await runIn(ns!.name, [REAL_NETSTAT, "-M"]);
    for (const format of [["--json"], ["--format", "table"]]) {
      const r = await ours("-M", ...format);
      expect([r.stdout.toString("latin1"), r.stderr.toString("latin1"), r.code]).toEqual([
        text.stdout.toString("latin1"),
        text.stderr.toString("latin1"),
        text.code,
      ]);
    }
  });
});
