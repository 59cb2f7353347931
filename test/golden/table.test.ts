/**
 * `--format table` in-process over the golden trees, for every mode: the whole output (stdout,
 * stderr, status) against its snapshot, and the table's rows against netstat's text golden where
 * they map (socket rows and their Proto column, route rows, group rows).
 */
import { describe, expect, test } from "bun:test";
import { GROUP_CASES, LEGACY_CASES, OTHER_CASES, ROUTE_CASES, SOCKET_CASES, STATISTICS_CASES, type GoldenCase } from "./_cases.ts";
import { dirOf, golden, ours, shown, treesFor } from "./_golden.ts";
import { LOOPBACK_DIFFERS, VD0_EXISTS } from "./_interfaces.ts";
import { differs, tableRows, textRows } from "./_rows.ts";

const CASES: readonly GoldenCase[] = [
  ...SOCKET_CASES.filter((c) => c.tree !== "synthetic" || c.args.join(" ") === "-tn"),
  ...LEGACY_CASES.filter((c) => c.tree === "legacy" || c.tree === "legacy-dirs"),
  ...ROUTE_CASES,
  ...GROUP_CASES,
  ...STATISTICS_CASES,
  ...OTHER_CASES,
];

/** lo answers for this machine's kernel (see _interfaces.ts); vd0 fails as in netstat's table. */
const INTERFACES: readonly { readonly args: readonly string[]; readonly skip: string | undefined }[] = [
  { args: ["-a", "-I=lo"], skip: LOOPBACK_DIFFERS },
  { args: ["-a", "-e", "-I=lo"], skip: LOOPBACK_DIFFERS },
  { args: ["-a", "-I=vd0"], skip: VD0_EXISTS },
];

describe("--format table over the golden trees", () => {
  const dirs = treesFor([...CASES, { tree: "modes", args: [] }]);

  for (const c of CASES) {
    const why = differs(c);
    const rows = why === undefined ? "netstat's rows" : `netstat's rows but for one known difference: ${why}`;
    test(`run --format table ${shown(c.args)} over ${c.tree} matches its snapshot and ${rows}`, async () => {
      const got = await ours(dirOf(dirs, c.tree), ["--format", "table", ...c.args]);
      expect(got).toMatchSnapshot();
      const text = textRows(golden(c).stdout);
      const want = { sockets: text.sockets, routes: text.routes, groups: text.groups };
      if (why === undefined) expect(tableRows(got.stdout)).toEqual(want);
      else expect(tableRows(got.stdout)).not.toEqual(want);
    });
  }

  for (const { args, skip } of INTERFACES) {
    const name = `run --format table ${shown(args)} over modes matches its snapshot`;
    test.skipIf(skip !== undefined)(skip === undefined ? name : `${name} (skipped: ${skip})`, async () => {
      const got = await ours(dirOf(dirs, "modes"), ["--format", "table", ...args]);
      expect(got).toMatchSnapshot();
      expect(got.stdout.split("\n").filter((l) => l.startsWith("lo ")).length).toBe(args.includes("-I=lo") ? 1 : 0);
    });
  }
});
