/**
 * `--filter EXPR` against ss 6.1 (`/usr/bin/ss`): in a namespace holding every socket kind
 * (test/_support/ss-filter-netns.ts), each expression below is run as `ss -tuwan EXPR` and as
 * `netstat-stream -tuwan --json --filter EXPR`, and the two must list the same sockets
 * (protocol, both ends, state). An expression ss rejects, we reject too: status 2, one
 * sentence, nothing on stdout.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, runIn } from "../_support/run.ts";
import { bothRows, createFilterNetns, ourRows, ssRows } from "../_support/ss-filter-netns.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/ss-filter.test.ts SKIPPED: ${available.why}`);

/** Expressions ss accepts: states, ports in every operator and form, addresses, devices, logic. */
const EXPRESSIONS = [
  "", "state listening", "state established", "state connected", "state synchronized", "state bucket", "state big",
  "exclude listening", "state time-wait state fin-wait-2", "exclude established exclude listening", "state syn-sent",
  "state close-wait", "state unconnected", "state all", "excl time-wait", "state fin-wait-2 state closed",
  "sport = :22", "sport == :ssh", "sport eq :https", "dport = :443", "dport :5432", "dport = :postgresql", "sport != :22",
  "sport neq :http", "dport ne :443", "sport > :1024", "sport gt :47000", "sport < :1024", "sport lt :100",
  "sport >= :47001", "sport ge :5432", "sport <= :443", "sport le :88", "dport geq :50000", "dport leq :80",
  "sport = :0x16", "sport = :026", "sport = 22", "dport = :smtp or sport = :smtp", "sport = :imap", "sport = :domain",
  "sport = *", "src 127.0.0.1", "dst 127.0.0.1", "src 127.0.0.1:47001", "dst 203.0.113.0/24",
  "dst 203.0.113/24", "dst 203.0.113.16/28", "dst 203.0.113.20/255.255.255.252", "src 127/8", "dst 10.8",
  "src 0.0.0.0/0", "dst 0/0", "src [::1]", "src [::1]:443", "dst [2001:db8::2]:443", "src 2001:db8::/32",
  "src [::ffff:127.0.0.1]", "src inet:127.0.0.1", "src inet6:*", "src inet:*", "dst *:443", "src *:22", "src :22",
  "dst any", "src localhost", "src parity-local.example", "src [::]:161", "dst ::/1", "src 127.0.0.01",
  "dev vp0", "dev lo", "dev != lo", "dev 1", "autobound", "exclude established exclude close-wait not autobound", "sport = :22 or sport = :80",
  "( sport = :22 or sport = :80 ) and dst 0.0.0.0/0", "sport = :22 or sport = :80 and src 127.0.0.1",
  "not dport = :443", "! ( src 127.0.0.1 or src [::1] )", "src 203.0.113.1 dport = :443",
  "dst 203.0.113.0/24 && ! dport = :5432", "sport > :1024 || dport < :1024", "state established dst 203.0.113.0/24",
  "state established ( dport = :443 or sport = :https )", "state listening src 203.0.113.1",
  "exclude listening not src 127.0.0.1", "src unix:*", "( ( sport = :22 ) )", "not not sport = :22",
  "dst 203.0.113.0/24 or dst 2001:db8::/32 and dport = :443", "sport >= :47000 sport <= :47999 not dst 127.0.0.1",
];

/** Expressions ss rejects. */
const INVALID = [
  "sport = :nosuchservice", "dst", "( sport = :22", "sport = :22 )", "state nosuch", "dst 300.1.1.1", "dst 1.2.3.4/33",
  "dst [::1", "dev nosuchdev0", "src = = 1.2.3.4", "and sport = :22", "sport = :22 or", "dst != 1.2.3.4", "( )", "state",
  "sport = [::1]:22", "sport = :22 ( )", "! ", "dport > ", "dev", "src ::1", "dst [::]/0",
];

describe.skipIf(!available.ok)("--filter against ss", () => {
  let ns: Netns | undefined;

  beforeAll(async () => {
    ns = await createFilterNetns("nsfilt");
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("the table holds at least 60 expressions, and the namespace every kind of socket", async () => {
    expect(EXPRESSIONS.length).toBeGreaterThanOrEqual(60);
    const all = await ssRows(ns!, "");
    for (const proto of ["tcp", "udp", "raw"]) expect(all.rows.some((r) => r.startsWith(`${proto} `))).toBe(true);
    expect(all.rows.filter((r) => / 203\.0\.113\.(2[0-9]) /.test(r)).length).toBe(10);
  });

  test.each(EXPRESSIONS.map((e) => [e]))("%p lists what ss lists", async (expression) => {
    const { ss, ours } = await bothRows(ns!, expression);
    expect(ss.code).toBe(0);
    expect(ours.code).toBe(0);
    expect(ours.rows).toEqual(ss.rows);
  }, 30_000);

  test("the expressions select different sockets: most lists are neither empty nor everything", async () => {
    const all = (await ssRows(ns!, "")).rows.length;
    let between = 0;
    for (const expression of EXPRESSIONS.slice(0, 40)) {
      const n = (await ssRows(ns!, expression)).rows.length;
      if (n > 0 && n < all) between++;
    }
    expect(between).toBeGreaterThan(25);
  }, 60_000);

  test.each(INVALID.map((e) => [e]))("%p is rejected by ss and by us", async (expression) => {
    const ss = await runIn(ns!.name, ["/usr/bin/ss", "-tuwanH", ...expression.split(" ").filter((w) => w !== "")], { argv0: "ss" });
    expect(ss.code).not.toBe(0);
    const ours = await runIn(ns!.name, [OURS, "-tuwan", "--json", "--filter", expression]);
    expect(ours.code).toBe(2);
    expect(ours.stdout.length).toBe(0);
    const lines = ours.stderr.toString("latin1").trimEnd().split("\n");
    expect(lines.length).toBe(1);
    expect(lines[0]).toStartWith("netstat-stream: Invalid --filter value '");
  }, 30_000);

  test("a service name of udp only is its port, where ss with tcp and udp both takes the last entry of /etc/services", async () => {
    // glibc's getservbyname keeps one result buffer: ss's failed tcp lookup overwrites its udp answer
    // with the last line it read, and `ss -u` alone gives the right port.
    const entries = readFileSync("/etc/services", "latin1").split("\n").map((l) => l.replace(/#.*/, "").trim()).filter((l) => l !== "");
    const last = /\s([0-9]+)\//.exec(entries.at(-1)!)![1]!;
    const ours = await ourRows(ns!, "sport = :ntp");
    expect(ours.rows).toEqual((await ssRows(ns!, "sport = :123")).rows);
    expect(ours.rows.length).toBe(1);
    expect((await ssRows(ns!, "sport = :ntp")).rows).toEqual((await ssRows(ns!, `sport = :${last}`)).rows);
  });

  test("not autobound: ss's kernel counts accepted connections as autobound, which no listing can tell, so they are listed here too", async () => {
    const { ss, ours } = await bothRows(ns!, "not autobound");
    const ssSet = new Set(ss.rows);
    expect(ss.rows.every((r) => ours.rows.includes(r))).toBe(true);
    // Each extra row is a connection to a listener's port, none in the local port range (50000-60999).
    const listeners = new Set(ss.rows.filter((r) => r.endsWith(" LISTEN")).map((r) => r.split(" ")[2]));
    const extra = ours.rows.filter((r) => !ssSet.has(r));
    expect(extra.length).toBeGreaterThan(0);
    for (const row of extra) expect(listeners.has(row.split(" ")[2]!)).toBe(true);
  });

  test("mixing and and or without brackets says on stderr how it was read", async () => {
    const r = await runIn(ns!.name, [OURS, "-tuwan", "--filter", "sport = :22 or sport = :80 and src 127.0.0.1"]);
    expect(r.code).toBe(0);
    expect(r.stderr.toString("latin1")).toBe(
      "netstat-stream: --filter reads 'and' and 'or' left to right, as ss does: ( ( sport = :22 or sport = :80 ) and src 127.0.0.1 )\n",
    );
  });
});
