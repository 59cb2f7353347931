/**
 * Captures the goldens of --summary's in-process tests (test/golden/summary.test.ts): for each
 * tree of SUMMARY_TREES (test/golden/summary-cases.ts), the real `ss -s` (iproute2 6.1) reads the
 * tree through its PROC_ROOT variable into fixtures/golden/ss-summary/TREE.{stdout,stderr,code}.
 * Nothing is typed by hand. Run:
 *   bun run scripts/capture-summary-golden.ts
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SS_SUMMARY_GOLDEN, SUMMARY_TREES } from "../test/golden/summary-cases.ts";
import { buildTree, removeTree } from "../test/golden/_trees.ts";

mkdirSync(SS_SUMMARY_GOLDEN, { recursive: true });
for (const name of SUMMARY_TREES) {
  const dir = buildTree(name);
  try {
    const r = Bun.spawnSync(["/usr/bin/ss", "-s"], { env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LC_ALL: "C", PROC_ROOT: dir }, stdout: "pipe", stderr: "pipe" });
    writeFileSync(join(SS_SUMMARY_GOLDEN, `${name}.stdout`), r.stdout);
    writeFileSync(join(SS_SUMMARY_GOLDEN, `${name}.stderr`), r.stderr);
    writeFileSync(join(SS_SUMMARY_GOLDEN, `${name}.code`), `${r.exitCode}\n`);
  } finally {
    removeTree(dir);
  }
}
console.error(`capture-summary-golden: ${SUMMARY_TREES.length} trees into ${SS_SUMMARY_GOLDEN}`);
