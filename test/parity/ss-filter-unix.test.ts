/**
 * `--filter` over unix sockets against ss 6.1 (`ss -xan EXPR` and `netstat-stream -xan --json
 * --filter EXPR`) in the namespace of test/_support/ss-filter-netns.ts, whose fixture holds unix
 * stream, dgram and seqpacket sockets, abstract names, unnamed pairs, a path with a space and an
 * embryonic connection: the names each lists, one per socket, must be the same. The server end of
 * a connection never accepted is left out of ours: /proc/net/unix lists it, ss's netlink dump
 * does not (a difference of the listings, not of the filter).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, runIn } from "../_support/run.ts";
import { createFilterNetns } from "../_support/ss-filter-netns.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/ss-filter-unix.test.ts SKIPPED: ${available.why}`);

const EXPRESSIONS = [
  "", "src unix:*sock", "src unix:@*", "autobound", "not autobound", "src unix:*SPACE*", "dst unix:*", "not src unix:/tmp/*",
  "src unix:*/stream.sock or src unix:@*", "state listening src unix:*", "state connected", "state established", "exclude listening",
  "state unconnected", "src unix:", "state syn-sent", "state closing", "state synchronized", "state all", "exclude established",
  "src unix:*.SOCK", "src unix:*/[sd]*", "src unix:*/?gram.sock",
];

describe.skipIf(!available.ok)("--filter over unix sockets against ss", () => {
  let ns: Netns | undefined;

  beforeAll(async () => {
    ns = await createFilterNetns("nsfunix");
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test.each(EXPRESSIONS.map((e) => [e]))("%p lists the unix sockets ss lists", async (expression) => {
    const words = expression.split(" ").filter((w) => w !== "");
    let i = 0;
    while (i < words.length && (words[i] === "state" || words[i] === "exclude")) i += 2;
    // `state UNKNOWN` (no socket's state) keeps ss's State column, as the inet suite does.
    const args = i === 0 ? words : [...words.slice(0, i), "state", "UNKNOWN", ...words.slice(i)];
    const ss = await runIn(ns!.name, ["/usr/bin/ss", "-xanH", ...args], { argv0: "ss" });
    const ours = await runIn(ns!.name, [OURS, "-xan", "--json", "--filter", expression]);
    expect([ss.code, ours.code]).toEqual([0, 0]);
    // ss: Netid State Recv-Q Send-Q NAME INODE PEER PEER-INODE; a name may hold a space.
    const theirs = ss.stdout.toString("latin1").split("\n").filter((l) => l.trim() !== "")
      .map((l) => l.trim().split(/\s+/).slice(4, -3).join(" ")).map((n) => (n === "*" ? "" : n)).sort();
    const records = ours.stdout.toString("latin1").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
    const embryo = (r: Record<string, unknown>): boolean => String(r["path"]).endsWith("/embryo.sock") && r["state"] !== "LISTENING";
    const mine = records.filter((r) => r["kind"] === "socket" && !embryo(r)).map((r) => String(r["path"] ?? "")).sort();
    expect(mine).toEqual(theirs);
  }, 30_000);
});
