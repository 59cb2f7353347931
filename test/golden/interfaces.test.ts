/**
 * Interfaces (-i) in text mode, in-process. Interface flags, MTU and IPv4 addresses come from
 * ioctls, which answer for the namespace of the reader: in-process, this machine's. netstat's
 * -ia and -iae goldens were captured in a fresh namespace with only lo up, so ours is compared
 * through `-I=IFACE` (our extension; netstat 2.10 rejects it) with netstat's table cut to that
 * interface, as test/parity/modes.test.ts derives it:
 * - lo, whose ioctl answers are the kernel's defaults on any machine whose lo is as the capture's
 *   (checked first: the cases are skipped by name when this machine's lo differs);
 * - vd0, which the trees list in net/dev and no link of this machine is called (checked too):
 *   its ioctls fail with ENODEV, where netstat stops the table with its two lines.
 */
import { describe, expect, test } from "bun:test";
import type { GoldenCase } from "./_cases.ts";
import { dirOf, golden, ours, treesFor, type Printed } from "./_golden.ts";
import { LOOPBACK_DIFFERS, longTableOf, shortTableOf, VD0_EXISTS } from "./_interfaces.ts";
import type { TreeName } from "./_trees.ts";

interface InterfaceCase {
  readonly tree: TreeName;
  readonly iface: "lo" | "vd0";
  readonly long: boolean;
}

const CASES: readonly InterfaceCase[] = [
  { tree: "modes", iface: "lo", long: false },
  { tree: "modes", iface: "lo", long: true },
  { tree: "modes", iface: "vd0", long: false },
  { tree: "modes", iface: "vd0", long: true },
  { tree: "modes-bare", iface: "lo", long: false },
  { tree: "modes-bare", iface: "lo", long: true },
];

const captureOf = (c: InterfaceCase): GoldenCase => ({ tree: c.tree, args: c.long ? ["-iae"] : ["-ia"] });

/** What ours must print for `-a [-e] -I=IFACE`: netstat's capture cut to IFACE, its stderr and status. */
function expected(c: InterfaceCase): Printed {
  const capture = golden(captureOf(c));
  const stdout = c.long ? longTableOf(capture.stdout, c.iface) : shortTableOf(capture.stdout, c.iface);
  // The capture's failure is vd0's; lo's rows come before it.
  const failed = capture.stderr.includes(`${c.iface}: error fetching`);
  const stderr = failed ? capture.stderr : capture.stderr.replace(/^vd0: error fetching[^]*$/m, "");
  return { stdout, stderr, code: failed ? capture.code : 0 };
}

const loWhy = LOOPBACK_DIFFERS;
if (loWhy !== undefined) console.warn(`SKIPPED -I=lo goldens: ${loWhy}`);
const vd0Why = VD0_EXISTS;
if (vd0Why !== undefined) console.warn(`SKIPPED -I=vd0 goldens: ${vd0Why}`);

describe("interfaces as netstat text", () => {
  const dirs = treesFor(CASES.map((c) => ({ tree: c.tree, args: [] })));
  for (const c of CASES) {
    const why = c.iface === "lo" ? loWhy : vd0Why;
    const args = ["-a", ...(c.long ? ["-e"] : []), `-I=${c.iface}`];
    const name = `run ${args.join(" ")} over ${c.tree} prints netstat's ${captureOf(c).args[0]} table cut to ${c.iface}`;
    test.skipIf(why !== undefined)(why === undefined ? name : `${name} (skipped: ${why})`, async () => {
      const want = expected(c);
      expect(want.stdout.split("\n").length).toBeGreaterThanOrEqual(c.long ? 2 : 3);
      const got = await ours(dirOf(dirs, c.tree), args);
      expect(got).toEqual(want);
    });
  }

  test("the -ia and -iae captures hold a row and a block for lo", () => {
    const short = golden({ tree: "modes", args: ["-ia"] }).stdout;
    expect(shortTableOf(short, "lo").split("\n")).toHaveLength(4);
    expect(longTableOf(golden({ tree: "modes", args: ["-iae"] }).stdout, "lo")).toContain("lo: flags=");
  });
});
