/**
 * `--json` in-process over the golden trees, for every mode: the whole output (stdout, stderr,
 * status) against its snapshot, every record line against `--schema` (ajv), and the records
 * against netstat's text golden where they map (socket rows and their Proto column, route rows,
 * group rows, counters netstat prints raw).
 */
import { beforeAll, describe, expect, test } from "bun:test";
import Ajv from "ajv";
import { GROUP_CASES, LEGACY_CASES, OTHER_CASES, ROUTE_CASES, SOCKET_CASES, STATISTICS_CASES, type GoldenCase } from "./_cases.ts";
import { dirOf, golden, ours, shown, treesFor } from "./_golden.ts";
import { LOOPBACK_DIFFERS, shortTableOf, VD0_EXISTS } from "./_interfaces.ts";
import { countersMissing, differs, ndjson, recordRows, textRows } from "./_rows.ts";

/** The synthetic tree's 200-row listings are checked once, not in every flag set, and without a snapshot (the rows say it all). */
const big = (c: GoldenCase): boolean => c.tree === "synthetic" && c.args.join(" ") !== "-tn";
const snapshotted = (c: GoldenCase): boolean => c.tree !== "synthetic";

const CASES: readonly GoldenCase[] = [
  ...SOCKET_CASES.filter((c) => !big(c)),
  ...LEGACY_CASES.filter((c) => c.tree === "legacy" || c.tree === "legacy-dirs"),
  ...ROUTE_CASES,
  ...GROUP_CASES,
  ...STATISTICS_CASES,
  ...OTHER_CASES,
];

/** Interface records: lo answers for this machine's kernel (see _interfaces.ts), vd0 fails as in netstat's table. */
const INTERFACES: readonly { readonly args: readonly string[]; readonly skip: string | undefined }[] = [
  { args: ["-a", "-I=lo"], skip: LOOPBACK_DIFFERS },
  { args: ["-a", "-e", "-I=lo"], skip: LOOPBACK_DIFFERS },
  { args: ["-a", "-I=vd0"], skip: VD0_EXISTS },
  { args: ["-a", "-e", "-I=vd0"], skip: VD0_EXISTS },
  { args: ["-I=nope"], skip: undefined },
];

/** The columns of netstat's -i row of lo, as record fields. */
function loRow(): Record<string, unknown> {
  const row = shortTableOf(golden({ tree: "modes", args: ["-ia"] }).stdout, "lo").split("\n")[2]!.split(/ +/);
  const n = (i: number): number => Number(row[i]);
  return { iface: row[0], mtu: n(1), rx_ok: n(2), rx_err: n(3), rx_drp: n(4), rx_ovr: n(5), tx_ok: n(6), tx_err: n(7), tx_drp: n(8), tx_ovr: n(9), flg: row[10] };
}

describe("--json over the golden trees", () => {
  const dirs = treesFor([...CASES, { tree: "modes", args: [] }]);
  let validate: ReturnType<Ajv["compile"]>;
  beforeAll(async () => {
    const schema = await ours(dirOf(dirs, "modes"), ["--schema"]);
    validate = new Ajv({ allErrors: true, strict: true }).compile(JSON.parse(schema.stdout));
  });
  const invalid = (text: string): string[] =>
    ndjson(text).flatMap((r) => (validate(r) ? [] : [`${JSON.stringify(r)}: ${JSON.stringify(validate.errors)}`]));
  /** stderr holds warning records and netstat's sentences; the lines that are JSON must be valid records. */
  const jsonLines = (text: string): string => text.split("\n").filter((l) => l.startsWith("{")).join("\n");

  for (const c of CASES) {
    const why = differs(c);
    const rows = why === undefined ? "netstat's rows" : `netstat's rows but for one known difference: ${why}`;
    const snapshot = snapshotted(c) ? "its snapshot, " : "";
    test(`run --json ${shown(c.args)} over ${c.tree} matches ${snapshot}the schema and ${rows}`, async () => {
      const got = await ours(dirOf(dirs, c.tree), ["--json", ...c.args]);
      if (snapshotted(c)) expect(got).toMatchSnapshot();
      expect(invalid(got.stdout)).toEqual([]);
      expect(invalid(jsonLines(got.stderr))).toEqual([]);
      const text = textRows(golden(c).stdout);
      const records = ndjson(got.stdout);
      const rows = { sockets: text.sockets, routes: text.routes, groups: text.groups };
      if (differs(c) === undefined) expect(recordRows(records)).toEqual(rows);
      else expect(recordRows(records)).not.toEqual(rows);
      expect(countersMissing(text, records)).toEqual([]);
    });
  }

  for (const { args, skip } of INTERFACES) {
    const name = `run --json ${shown(args)} over modes matches its snapshot, the schema and netstat's -ia row`;
    test.skipIf(skip !== undefined)(skip === undefined ? name : `${name} (skipped: ${skip})`, async () => {
      const got = await ours(dirOf(dirs, "modes"), ["--json", ...args]);
      expect(got).toMatchSnapshot();
      expect(invalid(got.stdout)).toEqual([]);
      const records = ndjson(got.stdout);
      if (args.includes("-I=lo")) expect(records).toEqual([expect.objectContaining(loRow())]);
      else expect(records).toEqual([]);
    });
  }
});
