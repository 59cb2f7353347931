/**
 * Routing-table files netstat only probes (the legacy families', and
 * ip_masquerade): whether one opens, and if not, why.
 */
import type { ProcRoot } from "./proc-root.ts";

/** Whether a file exists under the proc root (for families netstat only probes): undefined, or the errno name. */
export function probe(root: ProcRoot, relative: string): string | undefined {
  try {
    root.readHead(relative, 1);
    return undefined;
  } catch (error) {
    return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "EIO";
  }
}
