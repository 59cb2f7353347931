/** The -g pipeline over the checked-in fixture trees, without root. */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { lastValueFrom, toArray } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import type { Group } from "../../src/model/group.ts";
import { exitStatus } from "../../src/model/exit-status.ts";
import type { Item } from "../../src/model/pipeline.ts";
import { untilFailure } from "../../src/operators/exit-status.ts";
import { groupItems$ } from "../../src/pipeline/groups.ts";
import { INITIAL_GROUP_STATE } from "../../src/proc/net-igmp.ts";
import { createSystemResolver } from "../../src/resolve/databases.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "proc");

async function itemsOf(tree: string, args: readonly string[]): Promise<Item<Group>[]> {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind === "exit") throw new Error(parsed.stderr);
  const ctx = { root: createProcRoot(join(FIXTURES, tree)), options: parsed.options, resolver: createSystemResolver(() => ""), state: { value: INITIAL_GROUP_STATE } };
  return lastValueFrom(groupItems$(ctx).pipe(untilFailure(), toArray()));
}

const said = (items: readonly Item<Group>[]) => items.flatMap((i) => (i.kind === "diagnostic" ? [i.diagnostic] : []));

describe("groupItems$", () => {
  test("-gn: the section, IPv4 memberships, then IPv6", async () => {
    const items = await itemsOf("modes", ["-gn"]);
    expect(items[0]).toEqual({ kind: "section", section: "groups" });
    const families = items.flatMap((i) => (i.kind === "record" ? [i.record.family] : []));
    expect(families.length).toBeGreaterThan(0);
    expect(families).toEqual([...families].sort((a, b) => (a === b ? 0 : a === "inet" ? -1 : 1)));
    expect(said(items)).toEqual([]);
  });

  test("bogus lines are warnings as data, and do not fail the run", async () => {
    const items = await itemsOf("malformed", ["-gn"]);
    const warnings = said(items);
    expect(warnings.length).toBeGreaterThan(0);
    for (const w of warnings) expect(w.kind).toBe("bogus-line");
    expect(exitStatus(warnings)).toBe(0);
  });

  test("a missing igmp is said after igmp6 and fails with 1; a missing igmp6 says nothing", async () => {
    const items = await itemsOf("legacy-empty", ["-gn"]);
    expect(items).toEqual([
      { kind: "section", section: "groups" },
      { kind: "diagnostic", diagnostic: { kind: "no-support", family: "AF INET (igmp)", asked: true } },
    ]);
    expect(exitStatus(said(items))).toBe(1);
  });
});
