/**
 * netstat's answer when a legacy family's table cannot be opened (the socket
 * tables' is the sockets pipeline's, cli/socket-diagnostics.ts), and its
 * words for the Bluetooth families it was built without.
 */
import type { Options } from "../model/options.ts";
import { ProcReadError } from "../sources/proc-root.ts";
import { err, status, type Output } from "./output.ts";
import { strerror } from "./strerror.ts";

/** netstat's INFO_GUTS for a legacy family's file (IPX, AX.25, ...): there only ENOENT means `no support`, said when asked for or with -v. */
export function unreadLegacyTable(options: Options, error: unknown, family: string): Output[] {
  if (!(error instanceof ProcReadError)) throw error;
  if (error.code !== "ENOENT") return [err(`${error.path}: ${strerror(error.code)}\n`), status(255)];
  const { selection, verbose } = options;
  const outputs: Output[] = [];
  if (selection.any || verbose) outputs.push(err(`netstat: no support for \`${family}' on this system.\n`));
  if (selection.any) outputs.push(status(1));
  return outputs;
}

/** netstat's words for the Bluetooth families it was built without (`--l2cap`, `--rfcomm`, `--bluetooth`). */
export const BLUETOOTH_UNSUPPORTED: readonly Output[] = [
  err("netstat: feature `AF BLUETOOTH' not supported.\nPlease recompile `net-tools' with newer kernel source or full configuration.\n"),
  status(1),
];
