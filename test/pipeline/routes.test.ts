/**
 * The -r pipeline over the checked-in fixture trees, without root: what it selects and what it
 * says as data, and the run's status from those diagnostics.
 */
import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { lastValueFrom, toArray } from "rxjs";
import { exitStatus } from "../../src/model/exit-status.ts";
import type { Item } from "../../src/model/pipeline.ts";
import { untilFailure } from "../../src/operators/exit-status.ts";
import { routeItems$, type RouteRecord } from "../../src/pipeline/routes.ts";
import { createSystemResolver } from "../../src/resolve/databases.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";

const FIXTURES = join(import.meta.dir, "..", "..", "fixtures", "proc");

async function itemsOf(tree: string, args: readonly string[]): Promise<Item<RouteRecord>[]> {
  const parsed = parseNetstatArgs("netstat", args, { selinuxEnabled: false });
  if (parsed.kind === "exit") throw new Error(parsed.stderr);
  const ctx = { root: createProcRoot(join(FIXTURES, tree)), options: parsed.options, resolver: createSystemResolver(() => "") };
  return lastValueFrom(routeItems$(ctx).pipe(untilFailure(), toArray()));
}

const diagnostics = (items: readonly Item<RouteRecord>[]) => items.flatMap((i) => (i.kind === "diagnostic" ? [i.diagnostic] : []));
const routes = (items: readonly Item<RouteRecord>[]) => items.flatMap((i) => (i.kind === "record" && i.record.kind !== "opened" ? [i.record] : []));

describe("routeItems$", () => {
  test("-rn lists only the IPv4 routes that are up, after the table opened", async () => {
    const items = await itemsOf("modes", ["-rn"]);
    expect(items[0]).toEqual({ kind: "section", section: "route4" });
    expect(items[1]).toEqual({ kind: "record", record: { kind: "opened", table: "ipv4" } });
    const listed = routes(items);
    expect(listed.length).toBeGreaterThan(0);
    for (const r of listed) expect(r.kind === "ipv4" && (r.route.flags & 1) === 1).toBe(true);
    expect(diagnostics(items)).toEqual([]);
  });

  test("-rn -6 -C lists the table, then the cache, each by the RTF_CACHE bit", async () => {
    const items = await itemsOf("modes", ["-rnFC", "-6"]);
    const opened = items.flatMap((i) => (i.kind === "record" && i.record.kind === "opened" ? [i.record.table] : []));
    expect(opened).toEqual(["ipv6", "ipv6-cache"]);
    const cacheAt = items.findIndex((i) => i.kind === "record" && i.record.kind === "opened" && i.record.table === "ipv6-cache");
    for (const [at, item] of items.entries()) {
      if (item.kind === "record" && item.record.kind === "ipv6") expect((item.record.route.flags & 0x0100_0000) !== 0).toBe(at > cacheAt);
    }
  });

  test("a missing route file is `not configured` as data, with its path and errno, and fails with 1", async () => {
    const items = await itemsOf("legacy-empty", ["-rn"]);
    const said = diagnostics(items);
    expect(said).toEqual([{ kind: "not-configured", family: "INET (IPv4)", path: join(FIXTURES, "legacy-empty", "net/route"), errno: "ENOENT" }]);
    expect(exitStatus(said)).toBe(1);
  });

  test("families without routing stop the pass with status 3, before later families", async () => {
    const items = await itemsOf("modes", ["-rn", "-A", "unix,inet"]);
    expect(items).toEqual([{ kind: "diagnostic", diagnostic: { kind: "no-routing", family: "unix" } }]);
    expect(exitStatus(diagnostics(items))).toBe(3);
  });

  test("an unknown family is unsupported, status 3", async () => {
    const items = await itemsOf("modes", ["-r", "--bluetooth"]);
    expect(items).toEqual([{ kind: "diagnostic", diagnostic: { kind: "family-unsupported", family: "bluetooth" } }]);
    expect(exitStatus(diagnostics(items))).toBe(3);
  });
});
