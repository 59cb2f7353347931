import { describe, expect, test } from "bun:test";
import { compileScan, scan } from "../../src/proc/_scan.ts";

describe("scan", () => {
  const cases = [
    { name: "scan converts decimal and hex fields", format: "%d: %X", input: "  12: 1F", out: [12, 31] },
    { name: "scan stops at the first literal mismatch", format: "%d: %X", input: "12 1F", out: [12] },
    { name: "scan returns nothing for an empty line", format: "%d: %X", input: "", out: [] },
    { name: "scan honours a set width", format: "%3[0-9A-F]%X", input: "ABCDE", out: ["ABC", 0xde] },
    { name: "scan does not skip space before a set", format: "%d:%[0-9]", input: "1: 5", out: [1] },
    { name: "scan accepts a 0x prefix for hex", format: "%X", input: "0x1f", out: [31] },
    { name: "scan reads a bare 0x prefix as 0 and goes on after it, as glibc does", format: "%X %X", input: "0X 1f", out: [0, 31] },
    { name: "scan wraps %d to a 32-bit int", format: "%d", input: "99999999999", out: [1215752191] },
    { name: "scan saturates %lX like strtoul and stores a signed long", format: "%lX", input: "FFFFFFFFFFFFFFFFFFFF", out: [-1] },
    { name: "scan reads %s up to white space", format: "%d %s", input: "1 /a b", out: [1, "/a"] },
    { name: "scan skips suppressed conversions", format: "%d %*s %d", input: "1 x 2", out: [1, 2] },
    { name: "scan treats a lone sign as no number", format: "%d", input: "-", out: [] },
    { name: "scan saturates a negative overflow of %X to all ones, as strtoul does", format: "%X", input: "-99999999999999999", out: [0xffffffff] },
    { name: "scan negates a negative %X that fits, as strtoul does", format: "%X", input: "-1", out: [0xffffffff] },
    { name: "scan saturates a negative overflow of %ld to LONG_MIN", format: "%ld", input: "-99999999999999999999", out: [-(2 ** 63)] },
    { name: "scan ends the input at a NUL byte, as sscanf on a C string does", format: "%d %s", input: "1 /a\0b", out: [1, "/a"] },
    { name: "scan converts nothing after a NUL byte", format: "%d %d", input: "1\0 2", out: [1] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      expect(scan(c.input, compileScan(c.format))).toEqual(c.out);
    });
  }
});

test("compileScan rejects conversions it does not implement", () => {
  expect(() => compileScan("%f")).toThrow(SyntaxError);
});
