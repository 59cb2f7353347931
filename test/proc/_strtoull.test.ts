import { expect, test } from "bun:test";
import { strtoull } from "../../src/proc/_strtoull.ts";

const cases = [
  { name: "reads decimal digits after white space", text: "  42 7", from: 0, value: 42n, end: 4 },
  { name: "leaves the cursor when there are no digits", text: " x1", from: 0, value: 0n, end: 0 },
  { name: "saturates above 2^64-1", text: "99999999999999999999999", from: 0, value: (1n << 64n) - 1n, end: 23 },
  { name: "wraps a negative value", text: "-1", from: 0, value: (1n << 64n) - 1n, end: 2 },
  { name: "starts at the given offset", text: "1 22", from: 1, value: 22n, end: 4 },
] as const;

for (const c of cases) {
  test(`strtoull ${c.name}`, () => {
    expect(strtoull(c.text, c.from)).toEqual({ value: c.value, end: c.end });
  });
}
