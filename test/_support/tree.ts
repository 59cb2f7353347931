/**
 * Golden outputs for captured /proc trees: the real netstat reads a tree
 * bind-mounted over /proc in a private mount namespace (inside a DNS-trapped
 * network namespace), and ours reads the same tree through --proc-root.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createNetns, type Netns } from "./netns.ts";
import { OURS, REAL_NETSTAT, RUN_ENV, type RunResult } from "./run.ts";

/** Where ../shared/corpus is, relative to the project root, when this machine has it. */
export const CORPUS = join(import.meta.dir, "..", "..", "..", "shared", "corpus");

/** Whether the shared corpus is beside the project. */
export const corpusAvailable = existsSync(CORPUS);

/** Builds a temporary /proc tree holding `files` (tree path -> source file); returns its path. */
export function makeTree(files: Readonly<Record<string, string>>): string {
  const dir = mkdtempSync(join(tmpdir(), "nss-tree-"));
  for (const [target, source] of Object.entries(files)) {
    const full = join(dir, target);
    mkdirSync(join(full, ".."), { recursive: true });
    cpSync(source, full);
  }
  return dir;
}

/** Removes a tree made by makeTree. */
export function removeTree(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

async function capture(cmd: readonly string[]): Promise<RunResult> {
  const proc = Bun.spawn([...cmd], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV }, cwd: "/" });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
  try {
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).arrayBuffer(),
      new Response(proc.stderr).arrayBuffer(),
      proc.exited,
    ]);
    return { stdout: Buffer.from(out), stderr: Buffer.from(err), code };
  } finally {
    clearTimeout(timer);
  }
}

/** The real netstat with `tree` mounted over /proc, in network namespace `ns`. */
export function netstatOverTree(ns: string, tree: string, args: readonly string[]): Promise<RunResult> {
  return capture([
    "ip", "netns", "exec", ns, "unshare", "-m", "--propagation", "private",
    "bash", "-c", 'mount --bind "$0" /proc && exec -a netstat "$1" "${@:2}"', tree, REAL_NETSTAT, ...args,
  ]);
}

/** Ours reading `tree` through --proc-root, in network namespace `ns`. */
export function oursOverTree(ns: string, tree: string, args: readonly string[]): Promise<RunResult> {
  return capture(["ip", "netns", "exec", ns, "bash", "-c", 'exec -a netstat "$0" "$@"', OURS, "--proc-root", tree, ...args]);
}

/** One captured tree and the flags to compare on it; `corpus` cases need ../shared/corpus. */
export interface TreeCase {
  readonly name: string;
  readonly files: Readonly<Record<string, string>>;
  readonly flags: readonly (readonly string[])[];
  readonly corpus: boolean;
}

/**
 * Where ours may name the tree it read instead of /proc, as netstat names it: `stderr` (open and
 * parse messages), or also `stdout` (the legacy families' "Problem reading data from ..." lines).
 */
export type TreePathsIn = "stderr" | "stdout and stderr";

/**
 * Registers one test per case and flag set: the real netstat over the tree (bind-mounted over
 * /proc) and ours (--proc-root) in one DNS-trapped namespace, compared byte for byte; all of it
 * reported as skipped when `skip` (no root or ip netns).
 */
export function describeTreeParity(title: string, nsPrefix: string, cases: readonly TreeCase[], paths: TreePathsIn, skip: boolean): void {
  describe.skipIf(skip)(title, () => {
    let ns: Netns;
    beforeAll(async () => {
      ns = await createNetns(nsPrefix);
    });
    afterAll(async () => {
      await ns?.destroy();
    });
    for (const c of cases) {
      describe.skipIf(c.corpus && !corpusAvailable)(c.name, () => {
        for (const flags of c.flags) {
          test(`netstat ${flags.join(" ")} matches on ${c.name}`, async () => {
            const tree = makeTree(c.files);
            try {
              const real = await netstatOverTree(ns.name, tree, flags);
              const ours = await oursOverTree(ns.name, tree, flags);
              const asProc = (b: Buffer): string => b.toString("latin1").replaceAll(`${tree}/`, "/proc/");
              const stdout = paths === "stderr" ? ours.stdout.toString("latin1") : asProc(ours.stdout);
              expect(stdout).toBe(real.stdout.toString("latin1"));
              expect(asProc(ours.stderr)).toBe(real.stderr.toString("latin1"));
              expect(ours.code).toBe(real.code);
            } finally {
              removeTree(tree);
            }
          });
        }
      });
    }
  });
}
