/**
 * Captures the goldens of the in-process golden suite (test/golden): for every case of
 * test/golden/_cases.ts, the real netstat 2.10 reads the case's tree (test/golden/_trees.ts)
 * through scripts/capture-golden.sh (tree bind-mounted over /proc, fresh network namespace) into
 * fixtures/golden/TREE/SLUG.{stdout,stderr,code}. Interface captures get the namespace's loopback
 * link up. Each tree's old goldens are removed first. Run as root:
 *   bun run scripts/capture-golden-suite.ts
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { ALL_CASES, GOLDEN, INTERFACE_CAPTURES, slug, type GoldenCase } from "../test/golden/_cases.ts";
import { buildTree, removeTree, TREES, type TreeName } from "../test/golden/_trees.ts";

const CAPTURE = join(import.meta.dir, "capture-golden.sh");

function duplicates(cases: readonly GoldenCase[]): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const c of cases) {
    const key = `${c.tree}/${slug(c.args)}`;
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}

const twice = duplicates(ALL_CASES);
if (twice.length > 0) {
  console.error(`capture-golden-suite: cases share a golden file: ${twice.join(", ")}`);
  process.exit(1);
}
const trees = [...new Set(ALL_CASES.map((c) => c.tree))] as TreeName[];
for (const name of Object.keys(TREES)) rmSync(join(GOLDEN, name), { recursive: true, force: true });
let failed = 0;
for (const name of trees) {
  const dir = buildTree(name);
  try {
    for (const c of ALL_CASES.filter((x) => x.tree === name)) {
      const loopback = INTERFACE_CAPTURES.includes(c) ? "1" : "";
      const r = Bun.spawnSync(["bash", CAPTURE, dir, join(GOLDEN, name), slug(c.args), ...c.args], {
        env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LOOPBACK_UP: loopback },
        stdout: "inherit",
        stderr: "pipe",
      });
      if (r.exitCode !== 0) {
        failed++;
        console.error(`capture-golden-suite: ${name} ${c.args.join(" ")}: ${r.stderr.toString()}`);
      }
    }
  } finally {
    removeTree(dir);
  }
}
console.error(`capture-golden-suite: ${ALL_CASES.length} cases over ${trees.length} trees into ${GOLDEN}`);
process.exit(failed === 0 ? 0 : 1);
