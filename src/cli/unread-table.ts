/**
 * netstat's answer when a socket table cannot be opened, in one place for
 * every format: the message, and the status that ends the listing there.
 * Text prints it between its sections; records, tables and --watch print the
 * same words on stderr and end with the same status.
 */
import type { Options } from "../model/options.ts";
import { ProcReadError } from "../sources/proc-root.ts";
import { err, status, type Output } from "./output.ts";
import { strerror } from "./strerror.ts";

/**
 * netstat's INFO_GUTS for a socket table it could not open: a missing or hidden one is
 * `no support` (said when the family was asked for, or with -v; status 1 when asked for),
 * any other error names the file with status 255. Errors other than ProcReadError are rethrown.
 */
export function unreadTable(options: Options, error: unknown, family: string): Output[] {
  if (!(error instanceof ProcReadError)) throw error;
  const { selection, verbose } = options;
  if (error.code !== "ENOENT" && error.code !== "EACCES") return [err(`${error.path}: ${strerror(error.code)}\n`), status(255)];
  const outputs: Output[] = [];
  if (!selection.noprot && (selection.any || verbose)) outputs.push(err(`netstat: no support for \`${family}' on this system.\n`));
  if (!selection.noprot && selection.any) outputs.push(status(1));
  return outputs;
}

/** The same for a legacy family's file (IPX, AX.25, ...): there only ENOENT means `no support`. */
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
