/**
 * The sockets pipeline's diagnostics in the contract's terms
 * (model/diagnostic.ts), with their words from its one table
 * (format/netstat-diagnostics.ts): unreadable tables, the status an unread
 * table ends the listing with, and `-p`'s warnings. Bogus lines are each
 * format's own (netstat's words in text, a warning record in JSON).
 */
import type { Diagnostic } from "../model/diagnostic.ts";
import { netstatWords } from "../format/netstat-diagnostics.ts";
import type { SocketItem } from "../pipeline/socket-tables.ts";
import type { ProcessIndex } from "../sources/processes.ts";
import { err, status, type Output } from "./output.ts";

/** The diagnostic of an unreadable table: `no support` for a missing or hidden one, else the path and errno. */
export function unreadDiagnostic(item: Extract<SocketItem, { kind: "unreadable" }>): Diagnostic {
  const { code, path } = item.error;
  if (code === "ENOENT" || code === "EACCES") return { kind: "no-support", family: item.family, asked: item.asked };
  return { kind: "unreadable", path, errno: code };
}

/** The outputs of an unreadable table or a failed listing; nothing for other items. */
export function unreadOutputs(item: SocketItem): readonly Output[] {
  switch (item.kind) {
    case "unreadable":
      return item.said ? netstatWords(unreadDiagnostic(item)).map((w) => err(w.text)) : [];
    case "failed":
      return [status(item.status)];
    default:
      return [];
  }
}

/** The `-p` diagnostic for a process index read without the right to see every process; undefined when all were seen. */
export function programsDiagnostic(index: ProcessIndex, euid: number): Diagnostic | undefined {
  if (index.unreadable || (index.permissionDenied && index.byInode.size === 0)) return { kind: "programs-partial", euid, extent: "none" };
  return index.permissionDenied ? { kind: "programs-partial", euid, extent: "partial" } : undefined;
}

/** netstat's `-p` warnings, as text. */
export function programWarnings(index: ProcessIndex, euid: number): readonly string[] {
  const d = programsDiagnostic(index, euid);
  return d === undefined ? [] : netstatWords(d).map((w) => w.text);
}

/** The words of a namespace that ended while it was read. */
export function namespaceEndedWords(netns: number): string {
  return netstatWords({ kind: "namespace-ended", netns }).map((w) => w.text).join("");
}
