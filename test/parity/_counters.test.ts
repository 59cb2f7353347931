import { expect, test } from "bun:test";
import { countersBetween } from "./_counters.ts";

const cases = [
  { name: "identical outputs pass", before: "Ip:\n    5 total\n", ours: "Ip:\n    5 total\n", after: "Ip:\n    5 total\n", ok: true },
  { name: "a counter between the runs passes", before: "    5 total\n", ours: "    6 total\n", after: "    7 total\n", ok: true },
  { name: "a counter outside the runs fails", before: "    5 total\n", ours: "    8 total\n", after: "    7 total\n", ok: false },
  { name: "a different sentence fails", before: "    5 total\n", ours: "    5 totals\n", after: "    5 total\n", ok: false },
  { name: "an extra line fails", before: "Ip:\n", ours: "Ip:\n    Forwarding: 1\n", after: "Ip:\n", ok: false },
] as const;

for (const c of cases) {
  test(`countersBetween: ${c.name}`, () => {
    expect(countersBetween(c.before, c.ours, c.after) === undefined).toBe(c.ok);
  });
}
