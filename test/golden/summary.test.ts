/**
 * `--summary` in-process over the fixture trees of summary-cases.ts, against what the real
 * `ss -s` printed for the same trees (fixtures/golden/ss-summary, captured by
 * scripts/capture-summary-golden.ts): the text byte for byte, and the `--json` record's figures
 * read back from ss's own text; every record valid under `--schema`.
 */
import { describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { jsonSchemaDocument } from "../../src/format/json-schema.ts";
import { dirOf, ours, treesFor } from "./_golden.ts";
import { SS_SUMMARY_GOLDEN, SUMMARY_TREES } from "./summary-cases.ts";
import type { GoldenCase } from "./_cases.ts";

const cases: readonly GoldenCase[] = SUMMARY_TREES.map((tree) => ({ tree, args: ["--summary"] }));

const read = (tree: string, ext: string): string => readFileSync(join(SS_SUMMARY_GOLDEN, `${tree}.${ext}`), "latin1");

/** ss's figures from its own `-s` text, under our record's names. */
function ssFigures(text: string): Record<string, unknown> {
  const total = /^Total: (-?\d+)$/m.exec(text);
  const tcp = /^TCP: +(-?\d+) \(estab (-?\d+), closed (-?\d+), orphaned (-?\d+), timewait (-?\d+)\)$/m.exec(text);
  const row = (name: string) => {
    const m = new RegExp(`^${name}\\t  (-?\\d+) +(-?\\d+) +(-?\\d+) *$`, "m").exec(text);
    return m === null ? null : { total: Number(m[1]), ip: Number(m[2]), ipv6: Number(m[3]) };
  };
  const [t, estab, closed, orphaned, timewait] = (tcp ?? []).slice(1).map(Number);
  return {
    total: Number(total?.[1]),
    tcp: { total: t, estab, closed, orphaned, timewait },
    raw: row("RAW"),
    udp: row("UDP"),
    tcp_hashed: row("TCP"),
    inet: row("INET"),
    frag: row("FRAG"),
  };
}

describe("--summary over fixture trees, against ss -s", () => {
  const dirs = treesFor(cases);
  const validate = new Ajv({ strict: false }).compile(jsonSchemaDocument());
  for (const c of cases) {
    test(`--summary over ${c.tree} prints ss -s's stdout, stderr and status`, async () => {
      const got = await ours(dirOf(dirs, c.tree), ["--summary"]);
      expect(got.stdout).toBe(read(c.tree, "stdout"));
      expect(got.stderr).toBe(read(c.tree, "stderr"));
      expect(got.code).toBe(Number(read(c.tree, "code").trim()));
    });

    test(`--summary --json over ${c.tree} holds ss -s's figures and matches --schema`, async () => {
      const got = await ours(dirOf(dirs, c.tree), ["--summary", "--json"]);
      const lines = got.stdout.split("\n").filter((l) => l !== "");
      expect(lines.length).toBe(1);
      const record = JSON.parse(lines[0]!) as Record<string, unknown>;
      expect(record["kind"]).toBe("summary");
      const { kind: _, tcp_memory_pages: __, ipv6: ___, ...figures } = record;
      expect(figures).toEqual(ssFigures(read(c.tree, "stdout")));
      expect(validate(record)).toBe(true);
      expect(got.stderr).toBe(read(c.tree, "stderr"));
    });
  }

  test("--summary --format table shows ss's transport rows with the TCP line on the TCP row", async () => {
    const got = await ours(dirOf(dirs, "summary"), ["--summary", "--format", "table"]);
    const want = ssFigures(read("summary", "stdout")) as { total: number; tcp: Record<string, number>; tcp_hashed: Record<string, number> };
    const rows = got.stdout.split("\n").map((l) => l.trim().split(/\s+/));
    expect(rows[0]).toEqual(["Transport", "Total", "IP", "IPv6", "TCP-Total", "Estab", "Closed", "Orphaned", "Timewait"]);
    expect(rows[1]!.slice(0, 2)).toEqual(["ALL", String(want.total)]);
    const tcp = rows.find((r) => r[0] === "TCP")!;
    expect(tcp.slice(1).map(Number)).toEqual([want.tcp_hashed["total"], want.tcp_hashed["ip"], want.tcp_hashed["ipv6"], ...Object.values(want.tcp)].map(Number));
    expect(rows.map((r) => r[0]).filter((n) => n !== "")).toEqual(["Transport", "ALL", "RAW", "UDP", "TCP", "INET", "FRAG"]);
  });
});
