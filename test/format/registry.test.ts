/** The registry's final stages over hand-made item streams: one table across namespaces, words on the right stream. */
import { describe, expect, test } from "bun:test";
import { lastValueFrom, from, toArray } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { finalStage } from "../../src/format/registry.ts";
import type { StageContext } from "../../src/format/stages.ts";
import type { NetnsLabel } from "../../src/model/netns.ts";
import { diagnostic, record, section, type Item } from "../../src/model/pipeline.ts";
import type { StatisticsBlock } from "../../src/pipeline/statistics.ts";
import { createSystemResolver } from "../../src/resolve/databases.ts";

function ctxOf(args: readonly string[]): StageContext {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind === "exit") throw new Error(parsed.stderr);
  return { options: parsed.options, resolver: createSystemResolver(() => ""), colour: false, now: () => 0, pass: 1 };
}

const label = (netns: number, name: string): NetnsLabel => ({ netns, names: [name], container: null, pid: 1 });
const block = (value: bigint): StatisticsBlock => ({ tables: "snmp", sections: [{ file: "snmp", section: "Ip", counters: [{ kind: "statistic", file: "snmp", section: "Ip", key: "Forwarding", value }] }] });

const perNamespace: Item<StatisticsBlock>[] = [
  { kind: "namespace", label: label(11, "one") },
  section("statistics"),
  record(block(1n)),
  { kind: "namespace", label: label(22, "two") },
  section("statistics"),
  record(block(2n)),
];

describe("final stages", () => {
  test("--format table writes one table over every namespace, led by the namespace columns", async () => {
    const written = await lastValueFrom(from(perNamespace).pipe(finalStage("statistics", "table")(ctxOf(["-s", "--format", "table"])), toArray()));
    const text = written.map((w) => w.text).join("");
    expect(text.split("\n").filter((l) => l.includes("Section")).length).toBe(1);
    expect(text.split("\n")[0]!.trimStart().startsWith("Netns")).toBe(true);
    expect(text).toContain("one");
    expect(text).toContain("two");
  });

  test("--json labels each record with the namespace it was read in", async () => {
    const written = await lastValueFrom(from(perNamespace).pipe(finalStage("statistics", "json")(ctxOf(["-s", "--json"])), toArray()));
    const records = written.map((w) => JSON.parse(w.text) as Record<string, unknown>);
    expect(records.map((r) => [r["netns"], r["value"]])).toEqual([[11, 1], [22, 2]]);
  });

  test("netstat's stdout words stay on stdout in text, and go to stderr where stdout holds records", async () => {
    const items: Item<StatisticsBlock>[] = [diagnostic({ kind: "statistics-unsupported", family: "unix" })];
    const text = await lastValueFrom(from(items).pipe(finalStage("statistics", "text")(ctxOf(["-s"])), toArray()));
    const json = await lastValueFrom(from(items).pipe(finalStage("statistics", "json")(ctxOf(["-s", "--json"])), toArray()));
    const words = "netstat: No statistics support for specified address family: unix\n";
    expect(text).toEqual([{ stream: "stdout", text: words }]);
    expect(json).toEqual([{ stream: "stderr", text: words }]);
  });
});
