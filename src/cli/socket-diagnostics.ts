/**
 * The words and statuses of the socket pipeline's diagnostics, shared by
 * every format: netstat's messages for unreadable tables, and the status an
 * unread table ends the listing with. Bogus lines are each format's own.
 */
import type { SocketItem } from "../pipeline/socket-tables.ts";
import { err, status, type Output } from "./output.ts";
import { strerror } from "./strerror.ts";
import type { ProcessIndex } from "../sources/processes.ts";

/** The outputs of an unreadable table or a failed listing; nothing for other items. */
export function unreadOutputs(item: SocketItem): readonly Output[] {
  switch (item.kind) {
    case "unreadable": {
      if (!item.said) return [];
      const { code, path } = item.error;
      if (code === "ENOENT" || code === "EACCES") return [err(`netstat: no support for \`${item.family}' on this system.\n`)];
      return [err(`${path}: ${strerror(code)}\n`)];
    }
    case "failed":
      return [status(item.status)];
    default:
      return [];
  }
}

/** netstat's `-p` warnings for a process index read without the right to see every process. */
export function programWarnings(index: ProcessIndex, euid: number): readonly string[] {
  const noInfo = `(No info could be read for "-p": geteuid()=${euid} but you should be root.)\n`;
  if (index.unreadable || (index.permissionDenied && index.byInode.size === 0)) return [noInfo];
  if (index.permissionDenied) {
    return ["(Not all processes could be identified, non-owned process info\n will not be shown, you would have to be root to see it all.)\n"];
  }
  return [];
}
