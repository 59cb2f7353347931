/**
 * An in-memory proc root for tests: files and links from a plain object,
 * every other path fails with ENOENT as a missing /proc file would.
 */
import { ProcReadError, type ProcRoot } from "../../src/sources/proc-root.ts";

/** A /proc tree: file text (latin1) keyed by relative path; links as `{ link: target }`. */
export type MemoryTree = Readonly<Record<string, string | { readonly link: string } | { readonly error: string }>>;

/** Creates a proc root over `tree`, displayed as `/proc`. */
export function memoryProcRoot(tree: MemoryTree): ProcRoot {
  const full = (relative: string): string => `/proc/${relative}`;
  const entry = (relative: string): string | { readonly link: string } => {
    const e = tree[relative];
    if (e === undefined) throw new ProcReadError(full(relative), "ENOENT");
    if (typeof e === "object" && "error" in e) throw new ProcReadError(full(relative), e.error);
    return e;
  };
  const text = (relative: string): string => {
    const e = entry(relative);
    if (typeof e !== "string") throw new ProcReadError(full(relative), "EINVAL");
    return e;
  };
  return {
    path: "/proc",
    // An in-memory tree is never the live namespace.
    ownNetns: false,
    display: full,
    check: (relative) => void text(relative),
    readText: text,
    readTable: text,
    readHead: (relative, max) => text(relative).slice(0, max),
    readChunks(relative, size) {
      const whole = text(relative);
      const chunks: string[] = [];
      for (let at = 0; at < whole.length; at += size) chunks.push(whole.slice(at, at + size));
      return chunks;
    },
    list(relative) {
      const prefix = relative === "" ? "" : `${relative}/`;
      const own = tree[relative];
      if (typeof own === "object" && "error" in own) throw new ProcReadError(full(relative), own.error);
      const names = new Set<string>();
      for (const key of Object.keys(tree)) {
        if (key.startsWith(prefix) && key.length > prefix.length) names.add(key.slice(prefix.length).split("/")[0]!);
      }
      if (names.size === 0) throw new ProcReadError(full(relative), "ENOENT");
      return [...names];
    },
    readLink(relative) {
      const e = entry(relative);
      if (typeof e === "string") throw new ProcReadError(full(relative), "EINVAL");
      if (!("link" in e)) throw new ProcReadError(full(relative), "EINVAL");
      return e.link;
    },
  };
}
