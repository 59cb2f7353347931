import { expect, test } from "bun:test";
import { getoptLong } from "../../src/cli/getopt.ts";

/** More operands than a spread into push() can take. */
const sevenHundredThousandOperands = Array.from({ length: 700_000 }, (_, i) => String(i));

test("getoptLong keeps every operand after `--`, however many there are", () => {
  const result = getoptLong("netstat", ["--", ...sevenHundredThousandOperands], "n", []);
  expect(result.operands.length).toBe(sevenHundredThousandOperands.length);
  expect(result.operands.at(-1)).toBe("699999");
});
