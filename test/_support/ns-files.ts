/**
 * Namespace files in a scratch directory, for `--netns-dir` tests: `unshare --TYPE=FILE true`
 * leaves a namespace alive, bind-mounted on FILE (as `ip netns add` does under /run/netns),
 * with no process in it. Names are byte strings, so a test can use any byte but NUL and `/`.
 */
import { mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Whether this machine lets a test make namespace files (root, util-linux unshare), or why not. */
export function namespaceFilesSkipReason(): string {
  if (process.geteuid?.() !== 0) return "they need root";
  const r = Bun.spawnSync(["unshare", "--version"], { stdout: "ignore", stderr: "ignore" });
  return r.exitCode === 0 ? "" : "they need util-linux unshare";
}

/** A name as printf(1) writes it back: every byte as an octal escape. */
function printfFormat(name: string): string {
  return [...name].map((c) => `\\${c.charCodeAt(0).toString(8).padStart(3, "0")}`).join("");
}

/** A scratch directory of namespace files; `remove()` unmounts and deletes them all. */
export interface NamespaceFiles {
  readonly dir: string;
  /** Makes DIR/NAME a namespace of `type`; returns its nsfs inode. */
  add(name: string, type?: "net" | "uts"): number;
  remove(): void;
}

export function namespaceFiles(): NamespaceFiles {
  const dir = mkdtempSync(join(tmpdir(), "nss-nsfiles-"));
  return {
    dir,
    add(name, type = "net") {
      const r = Bun.spawnSync(["bash", "-c", 'f="$1/$(printf "$2")" && : >"$f" && unshare --"$3"="$f" true', "bash", dir, printfFormat(name), type], {
        stderr: "pipe",
      });
      if (r.exitCode !== 0) throw new Error(`Cannot make namespace file ${JSON.stringify(name)}: ${r.stderr.toString()}`);
      return Number(statSync(Buffer.from(`${dir}/${name}`, "latin1")).ino);
    },
    remove() {
      Bun.spawnSync(["bash", "-c", 'for f in "$1"/*; do umount "$f" 2>/dev/null; done; rm -rf -- "$1"', "bash", dir]);
    },
  };
}
