/**
 * `--filter` against ss 6.1 on random expressions drawn from ss's grammar (states, ports with
 * every operator, addresses and prefixes, devices, and/or/not in every spelling, brackets,
 * expressions side by side), in the namespace of test/_support/ss-filter-netns.ts: ss and we
 * list the same sockets, or both reject the expression. The seed is fixed under CI=true.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import fc from "fast-check";
import { netnsAvailable, type Netns } from "../_support/netns.ts";
import { bothRows, createFilterNetns } from "../_support/ss-filter-netns.ts";

const available = await netnsAvailable();
if (!available.ok) console.warn(`parity/ss-filter-property.test.ts SKIPPED: ${available.why}`);

const RUNS = Math.max(1, Number(process.env["SS_FILTER_RUNS"] ?? 200) | 0);
const SEED = process.env["CI"] === "true" ? 20261202 : (Date.now() ^ (process.pid << 16)) | 0;

const PORTS = ["22", ":22", ":80", ":443", ":5432", ":47001", ":47003", ":47101", ":50000", ":55000", ":1024", ":0", ":53", ":0x1bb",
  ":ssh", ":http", ":https", ":postgresql", ":smtp", ":domain", ":imap", ":ldap", "*"];
const PORT_OPS = ["", "=", "==", "eq", "!=", "ne", "neq", ">", "gt", "<", "lt", ">=", "ge", "geq", "<=", "le", "leq"];
const HOSTS = ["127.0.0.1", "127/8", "127.0.0.1:47001", "203.0.113.0/24", "203.0.113/24", "203.0.113.16/28", "203.0.113.1",
  "203.0.113.10", "203.0.113.20/30", "[::1]", "[::1]:443", "::/0", "2001:db8::/32", "2001:db8::/64", "[::ffff:127.0.0.1]",
  "*", "*:443", ":22", ":5432", "0.0.0.0/0", "0/0", "10.8", "any", "inet:*", "inet6:*", "inet:127.0.0.1", "localhost",
  "[2001:db8::2]:443", "0.0.0.0", "[::]", "203.0.113.0/255.255.255.0", "127.0.0.01", "0x7f.0.0.1", "inet6:[::1]", "unix:*",
  "parity-local.example", "ip6-localhost", "::ffff:0:0/96", "203.0.113.2*", "[::ffff:127.0.0.1]:47003"];
const STATES = ["ESTABLISHED", "syn-rcv", "close", "fin-wait-1", "last-ack", "closing", "established", "listening", "syn-sent", "time-wait", "fin-wait-2", "close-wait", "unconnected", "closed",
  "connected", "synchronized", "bucket", "big", "all"];

const leaf = fc.oneof(
  fc.tuple(fc.constantFrom("sport", "dport"), fc.constantFrom(...PORT_OPS), fc.constantFrom(...PORTS)).map((p) => p.filter((w) => w !== "").join(" ")),
  fc.tuple(fc.constantFrom("src", "dst"), fc.constantFrom("", "=", "==", "eq"), fc.constantFrom(...HOSTS)).map((p) => p.filter((w) => w !== "").join(" ")),
  fc.constantFrom("dev vp0", "dev lo", "dev != lo", "dev = 1", "dev ne vp0", "autobound"),
);

const { expr } = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(tie("expr"), fc.constantFrom("and", "&&", "&", "or", "||", "|", ""), tie("expr")).map(([a, op, b]) => [a, op, b].filter((w) => w !== "").join(" ")),
    fc.tuple(fc.constantFrom("not", "!"), tie("expr")).map(([n, e]) => `${n} ${e}`),
    tie("expr").map((e) => `( ${e} )`),
  ),
}));

const stateWords = fc.array(fc.tuple(fc.constantFrom("state", "exclude", "excl"), fc.constantFrom(...STATES)).map((p) => p.join(" ")), { maxLength: 2 });

const expression = fc.tuple(stateWords, fc.option(expr, { nil: undefined })).map(([states, e]) => [...states, ...(e === undefined ? [] : [e])].join(" "));

describe.skipIf(!available.ok)("--filter against ss on random expressions", () => {
  let ns: Netns | undefined;

  beforeAll(async () => {
    ns = await createFilterNetns("nsfprop");
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test(`${RUNS} expressions list what ss lists, or are rejected by both`, async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(expression, async (text) => {
        const { ss, ours } = await bothRows(ns!, text);
        if (ss.code !== 0) {
          expect(ours.code).toBe(2);
          expect(ours.rows).toEqual([]);
          return;
        }
        accepted++;
        expect(ours.code).toBe(0);
        expect(ours.rows).toEqual(ss.rows);
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // Most expressions drawn are ones ss accepts.
    expect(accepted).toBeGreaterThan(RUNS / 2);
  }, 600_000);
});
