/** The -s pipeline over the checked-in fixture trees, without root. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { exitStatus } from "../../src/model/exit-status.ts";
import type { Item } from "../../src/model/pipeline.ts";
import { statisticsItems, type StatisticsBlock } from "../../src/pipeline/statistics.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "proc");

function itemsOf(tree: string, args: readonly string[]): Item<StatisticsBlock>[] {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind === "exit") throw new Error(parsed.stderr);
  return statisticsItems(createProcRoot(join(FIXTURES, tree)), parsed.options);
}

const said = (items: readonly Item<StatisticsBlock>[]) => items.flatMap((i) => (i.kind === "diagnostic" ? [i.diagnostic] : []));

describe("statisticsItems", () => {
  test("-s reads snmp, then netstat, then sctp when present, one block each", () => {
    const items = itemsOf("modes", ["-s"]);
    expect(items[0]).toEqual({ kind: "section", section: "statistics" });
    const files = items.flatMap((i) => (i.kind === "record" ? [i.record.sections[0]?.file] : []));
    expect(files.slice(0, 2)).toEqual(["snmp", "netstat"]);
  });

  test("-s -6 keeps only snmp's Tcp sections after snmp6", () => {
    const items = itemsOf("modes", ["-s", "-6"]);
    const blocks = items.flatMap((i) => (i.kind === "record" ? [i.record] : []));
    expect(blocks.map((b) => b.tables)).toEqual(["snmp6", "snmp"]);
    for (const s of blocks[1]!.sections) expect(s.section.startsWith("Tcp")).toBe(true);
  });

  test("a missing snmp file ends the listing with netstat's words, and status 0", () => {
    const items = itemsOf("legacy-empty", ["-s"]);
    expect(said(items)).toEqual([{ kind: "statistics-unreadable", what: "cannot open /proc/net/snmp", errno: "ENOENT" }]);
    expect(items.filter((i) => i.kind === "record")).toEqual([]);
    expect(exitStatus(said(items))).toBe(0);
  });

  test("a family without statistics fails with 1 and opens no section", () => {
    const items = itemsOf("modes", ["-s", "-A", "unix"]);
    expect(items).toEqual([{ kind: "diagnostic", diagnostic: { kind: "statistics-unsupported", family: "unix" } }]);
    expect(exitStatus(said(items))).toBe(1);
  });
});
