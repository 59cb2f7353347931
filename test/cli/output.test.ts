import { expect, test } from "bun:test";
import { lastValueFrom, of, toArray } from "rxjs";
import { concatUntilFailure, out, outLines, status } from "../../src/cli/output.ts";

const cases = [
  { name: "no lines, no output", lines: 0, per: 512, outputs: 0 },
  { name: "fewer lines than a batch, one output", lines: 3, per: 512, outputs: 1 },
  { name: "exactly one batch", lines: 512, per: 512, outputs: 1 },
  { name: "one line past a batch, two outputs", lines: 1025, per: 512, outputs: 3 },
] as const;
for (const c of cases) {
  test(`outLines: ${c.name}`, () => {
    const lines = Array.from({ length: c.lines }, (_, i) => `{"n":${i}}\n`);
    const outputs = outLines(lines, c.per);
    expect(outputs).toHaveLength(c.outputs);
    expect(outputs.every((o) => o.kind === "stdout")).toBe(true);
    expect(outputs.map((o) => (o.kind === "stdout" ? o.text : "")).join("")).toBe(lines.join(""));
  });
}

/** More parts than a spread into concat() can take. */
const sevenHundredThousandParts = 700_000;

test("concatUntilFailure runs 700,000 parts in order without overflowing the call stack", async () => {
  const parts = Array.from({ length: sevenHundredThousandParts }, (_, i) => of(out(String(i))));
  const outputs = await lastValueFrom(concatUntilFailure(parts).pipe(toArray()));
  expect(outputs.length).toBe(sevenHundredThousandParts);
  expect(outputs.at(-1)).toEqual(out("699999"));
});

test("concatUntilFailure stops after the first part that ends with a nonzero status", async () => {
  const outputs = await lastValueFrom(concatUntilFailure([of(out("a")), of(out("b"), status(1)), of(out("c"))]).pipe(toArray()));
  expect(outputs).toEqual([out("a"), out("b"), status(1)]);
});
