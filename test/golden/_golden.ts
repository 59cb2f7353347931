/**
 * In-process runs for the golden suite: `run()` from src/cli/run.ts over a tree built by
 * _trees.ts, with stdout and stderr collected as strings, and the goldens netstat printed for the
 * same tree (scripts/capture-golden-suite.ts).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { run } from "../../src/cli/run.ts";
import { expectedNameAndVersion } from "../parity/_compare.ts";
import { goldenStem, type GoldenCase } from "./_cases.ts";
import { buildTree, removeTree, type TreeName } from "./_trees.ts";

/** What one run printed and its exit status. */
export interface Printed {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/**
 * Runs ours in-process over `dir` (as `--proc-root`, before `args`). netstat names the files it
 * read under /proc and ours under the tree, so the tree's path reads as /proc in both streams, as
 * the corpus suites (test/_support/tree.ts) compare them.
 */
export async function ours(dir: string, args: readonly string[]): Promise<Printed> {
  let stdout = "";
  let stderr = "";
  const code = await run("netstat", ["--proc-root", dir, ...args], {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    euid: 0,
    onSignal: () => () => undefined,
  });
  const asProc = (text: string): string => text.replaceAll(`${dir}/`, "/proc/");
  return { stdout: asProc(stdout), stderr: asProc(stderr), code };
}

/** What the real netstat printed for a case (fixtures/golden), prepared as the parity suites prepare the oracle's output. */
export function golden(c: GoldenCase): Printed {
  const stem = goldenStem(c);
  const read = (ext: string): string => readFileSync(`${stem}.${ext}`, "latin1");
  const prepare = (text: string): string => (c.normalise === "name" ? expectedNameAndVersion(text) : text);
  return { stdout: prepare(read("stdout")), stderr: prepare(read("stderr")), code: Number(read("code").trim()) };
}

/** The trees of `cases`, built once for a describe block: tree name -> its directory. */
export function treesFor(cases: readonly GoldenCase[]): Map<TreeName, string> {
  const dirs = new Map<TreeName, string>();
  beforeAll(() => {
    for (const c of cases) if (!dirs.has(c.tree)) dirs.set(c.tree, buildTree(c.tree));
  });
  afterAll(() => {
    for (const dir of dirs.values()) removeTree(dir);
  });
  return dirs;
}

/** The directory of a tree built by treesFor. */
export function dirOf(dirs: ReadonlyMap<TreeName, string>, tree: TreeName): string {
  const dir = dirs.get(tree);
  if (dir === undefined) throw new Error(`Cannot find tree ${tree}: not built for this block`);
  return dir;
}

/** The flags as a user types them, for test names. */
export function shown(args: readonly string[]): string {
  return args.length === 0 ? "(no flags)" : args.join(" ");
}

/** One test per case: our stdout, stderr and exit status in text mode equal netstat's golden. */
export function describeTextGoldens(title: string, cases: readonly GoldenCase[]): void {
  describe(title, () => {
    const dirs = treesFor(cases);
    for (const c of cases) {
      test(`run ${shown(c.args)} over ${c.tree} prints netstat's stdout, stderr and status`, async () => {
        const want = golden(c);
        const got = await ours(dirOf(dirs, c.tree), c.args);
        expect(got.stdout).toBe(want.stdout);
        expect(got.stderr).toBe(want.stderr);
        expect(got.code).toBe(want.code);
      });
    }
  });
}
