/**
 * The socket listing's diagnostics as the CLI's output where records are
 * written whole (cli/sockets-records.ts, cli/socket-watch.ts): the
 * diagnostics are the pipeline's (pipeline/socket-listing.ts), their words
 * from the one table (format/netstat-diagnostics.ts).
 */
import { netstatWords, wordsText } from "../format/netstat-diagnostics.ts";
import { programsDiagnostic, unreadDiagnostic } from "../pipeline/socket-listing.ts";
import type { SocketItem } from "../pipeline/socket-tables.ts";
import type { ProcessIndex } from "../sources/processes.ts";
import { err, status, type Output } from "./output.ts";

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

/** netstat's `-p` warnings, as text. */
export function programWarnings(index: ProcessIndex, euid: number): readonly string[] {
  const d = programsDiagnostic(index, euid);
  return d === undefined ? [] : [wordsText(d)];
}

/** The words of a namespace that ended while it was read. */
export function namespaceEndedWords(netns: number): string {
  return wordsText({ kind: "namespace-ended", netns });
}
