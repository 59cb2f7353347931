/**
 * `-M`: kernels since 2.4 have no /proc/net/ip_masquerade (connection
 * tracking replaced it); netstat then says so and exits with 1. A 2.2-era
 * file is named as unsupported. Only diagnostics: `-M` has no records.
 */
import type { Diagnostic } from "../model/diagnostic.ts";
import { diagnostic, type Item } from "../model/pipeline.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { probe } from "../sources/routes.ts";

/** What `-M` finds. */
export function masqueradeDiagnostic(root: ProcRoot): Diagnostic {
  const code = probe(root, "net/ip_masquerade");
  const path = root.display("net/ip_masquerade");
  if (code === "ENOENT") return { kind: "no-support", family: "ip_masquerade", asked: true };
  if (code !== undefined) return { kind: "unreadable", path, errno: code };
  return { kind: "masquerade-unsupported", path };
}

/** One `-M` pass, as items. */
export function masqueradeItems(root: ProcRoot): readonly Item<never>[] {
  return [diagnostic(masqueradeDiagnostic(root))];
}
