/**
 * Golden outputs for captured /proc trees: the real netstat reads a tree
 * bind-mounted over /proc in a private mount namespace (inside a DNS-trapped
 * network namespace), and ours reads the same tree through --proc-root.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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
