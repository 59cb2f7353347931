/**
 * Copies of checkout files for what runs as nobody inside a test namespace.
 *
 * A clone in a private directory (mode 700, as `mktemp -d` makes it, or a home directory) is
 * closed to nobody, so nothing run as nobody may read or run a file from the checkout. It gets
 * its own copy in the namespace's world-readable scratch directory (/tmp/NAME/readable), which
 * goes when the namespace is destroyed.
 */
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, rmSync, statSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { scratchDir } from "./netns.ts";

const REPO_ROOT = resolve(import.meta.dir, "..", "..");
/** The copies made, by copy path, with the size and time of the source they were made from. */
const made = new Map<string, string>();

/**
 * A path to `path` that nobody can read (and run, when it is executable) in namespace ns, made
 * by createNetns: a copy when `path` lies in the checkout (made again if the file changed since),
 * `path` itself otherwise.
 */
export function readableIn(ns: string, path: string): string {
  const source = resolve(path);
  const inside = relative(REPO_ROOT, source);
  if (inside.startsWith("..") || isAbsolute(inside)) return path;
  if (!existsSync(scratchDir(ns))) throw new Error(`Cannot copy ${path} for nobody: ${ns} has no scratch directory ${scratchDir(ns)}`);
  const dir = `${scratchDir(ns)}/readable`;
  const copy = `${dir}/${inside.replaceAll("/", "_")}`;
  const st = statSync(source);
  const stamp = `${st.size} ${st.mtimeMs}`;
  if (made.get(copy) === stamp && existsSync(copy)) return copy;
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  rmSync(copy, { force: true });
  const executable = (st.mode & 0o111) !== 0;
  // A hard link when the file is open to others already (the 100 MB binary), a copy otherwise.
  const open = (st.mode & (executable ? 0o005 : 0o004)) === (executable ? 0o005 : 0o004);
  try {
    if (!open) throw new Error("not open to others");
    linkSync(source, copy);
  } catch {
    copyFileSync(source, copy);
    chmodSync(copy, executable ? 0o755 : 0o644);
  }
  made.set(copy, stamp);
  return copy;
}
