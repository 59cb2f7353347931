import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { exposedName } from "../../src/format/exposition.ts";
import { CATALOGUE } from "../../src/format/metric-catalogue.ts";
import { metricsHelpText } from "../../src/format/metrics-help.ts";
import { runInProcess } from "../_support/in-process.ts";
import { REPO_ROOT } from "../_support/run.ts";

const README = readFileSync(resolve(REPO_ROOT, "README.md"), "utf8");
const fleet = README.slice(README.indexOf("## Across a fleet"), README.indexOf("### The textfile way"));

describe("--metrics-help", () => {
  test("run --metrics-help prints metricsHelpText with status 0", async () => {
    const r = await runInProcess(["--metrics-help"]);
    expect(r).toEqual({ out: metricsHelpText(), err: "", code: 0 });
  });

  for (const head of CATALOGUE) {
    const name = exposedName(head);
    test(`metricsHelpText and README's table give ${name} with its type and labels`, () => {
      const block = metricsHelpText().split("\n\n").find((b) => b.startsWith(`${name} (`));
      expect(block).toBeDefined();
      expect(block).toContain(`${name} (${head.type})`);
      expect(block).toContain(head.help);
      for (const label of head.labelNames) expect(block).toContain(label);
      const row = fleet.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(`| ${head.type} |`);
      for (const label of head.labelNames) expect(row).toContain(`\`${label}\``);
    });
  }
});
