import { expect, test } from "bun:test";
import { insertInterfaceName, nstrcmp } from "../../src/proc/nstrcmp.ts";

const cases = [
  ["eth1", "eth1", 0], ["eth0:1", "eth0:1", 0], ["a", "aa", -1], ["eth0", "eth1", -1], ["eth1", "eth20", -1],
  ["eth20", "eth100", -1], ["eth", "eth2", -1], ["eth0:1", "eth0:2", -1], ["eth1:1", "eth1:13", -1], ["a", "a:", -1],
  ["eth2:10", "eth2:1", 1], ["eth3:2", "eth2:3", 1], ["a1b12", "a1b2", 1], ["eth1", "eth01", 1], ["eth01", "eth1", -1],
  ["eth0", "lo", -1], ["v0", "v0:1", -1], ["v0:1", "v1", -1],
] as const;

for (const [a, b, sign] of cases) {
  test(`nstrcmp orders ${a} against ${b}`, () => expect(Math.sign(nstrcmp(a, b))).toBe(sign));
}

test("insertInterfaceName keeps the list sorted and without duplicates", () => {
  const list: string[] = [];
  for (const n of ["lo", "vp0", "eth0", "vp0:1", "vp0", "eth10", "eth2"]) insertInterfaceName(list, n);
  expect(list).toEqual(["eth0", "eth2", "eth10", "lo", "vp0", "vp0:1"]);
});
