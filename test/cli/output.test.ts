import { expect, test } from "bun:test";
import { outLines } from "../../src/cli/output.ts";

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
