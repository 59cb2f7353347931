/**
 * Minimal roots for the "runs on a bare server" tests: a directory holding only
 * some executables and the shared libraries `ldd` names for them, run with
 * chroot inside a network namespace, with a fresh /proc mounted in a private
 * mount namespace (so nothing stays mounted when the run ends).
 */
import { copyFileSync, chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";

/** The outcome of one command. */
export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Runs a command to completion with a time limit; output decoded byte for byte. */
export function runCommand(argv: readonly string[], timeoutMs = 30_000): RunResult {
  const proc = Bun.spawnSync([...argv], { stdout: "pipe", stderr: "pipe", timeout: timeoutMs });
  const text = (b: Uint8Array | undefined): string => (b === undefined ? "" : Buffer.from(b).toString("latin1"));
  return { stdout: text(proc.stdout), stderr: text(proc.stderr), code: proc.exitCode ?? -1 };
}

/** The absolute paths of the shared libraries (and loader) that `ldd` names for an executable. */
export function lddLibraries(executable: string): string[] {
  const r = runCommand(["ldd", executable]);
  if (r.code !== 0) throw new Error(`Cannot list the libraries of ${executable}: ${r.stderr.trim() || r.stdout.trim()}`);
  const paths: string[] = [];
  for (const line of r.stdout.split("\n")) {
    const m = /(?:=>\s*)?(\/\S+)\s+\(0x[0-9a-f]+\)/.exec(line);
    if (m !== null) paths.push(m[1]!);
  }
  return paths;
}

/** A root directory; `remove()` deletes it. */
export interface MinimalRoot {
  readonly dir: string;
  remove(): void;
}

/**
 * Creates a root holding `files` (source path → path inside the root) and an
 * empty /proc mount point; nothing else unless `withLdd` also copies each
 * executable's `ldd` libraries to the same paths inside the root.
 */
export function createRoot(prefix: string, files: Readonly<Record<string, string>>, withLdd: boolean): MinimalRoot {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const place = (source: string, inside: string): void => {
    const target = join(dir, inside);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    chmodSync(target, 0o755);
  };
  for (const [source, inside] of Object.entries(files)) {
    place(source, inside);
    if (withLdd) for (const lib of lddLibraries(source)) place(lib, lib);
  }
  mkdirSync(join(dir, "proc"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `argv` (paths inside the root) chrooted into `root`, in network namespace `netns`, with /proc mounted. */
export function runInRoot(netns: string, root: MinimalRoot, argv: readonly string[], timeoutMs = 30_000): RunResult {
  const script = 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"';
  return runCommand(
    ["ip", "netns", "exec", netns, "unshare", "--mount", "--propagation", "private", "sh", "-c", script, root.dir, ...argv],
    timeoutMs,
  );
}
