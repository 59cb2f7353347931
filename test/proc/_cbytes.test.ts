import { describe, expect, test } from "bun:test";
import { cBlock, cStore, cString, trimSpaces } from "../../src/proc/_cbytes.ts";

describe("cBytes", () => {
  const cases = [
    {
      name: "cString reads up to the NUL that cStore wrote",
      run: (b: Uint8Array) => (cStore(b, 0, "abc"), cString(b, 0)),
      want: "abc",
    },
    {
      name: "cString keeps stale bytes past a shorter string's NUL for later offsets",
      run: (b: Uint8Array) => (cStore(b, 0, "abcdef"), cStore(b, 0, "xy"), cString(b, 3)),
      want: "def",
    },
    {
      name: "cStore into a neighbour runs on and its NUL cuts the next array",
      run: (b: Uint8Array) => (cStore(b, 4, "later"), cStore(b, 0, "abcd"), cString(b, 4)),
      want: "",
    },
    {
      name: "cString stops at the end of the block",
      run: (b: Uint8Array) => (cStore(b, 4, "overflowing"), cString(b, 4)),
      want: "over",
    },
    { name: "cString of fresh bytes is empty", run: (b: Uint8Array) => cString(b, 2), want: "" },
  ];
  for (const c of cases) test(c.name, () => expect(c.run(cBlock(8))).toBe(c.want));
});

describe("trimSpaces", () => {
  const cases = [
    { name: "trimSpaces drops a column's padding", text: "F6FBB-2  ", want: "F6FBB-2" },
    { name: "trimSpaces keeps leading spaces and other blanks", text: " a\t", want: " a\t" },
  ];
  for (const c of cases) test(c.name, () => expect(trimSpaces(c.text)).toBe(c.want));
});
