/**
 * netstat's words for the Bluetooth families it was built without. (An
 * unreadable socket table is the sockets pipeline's diagnostic,
 * cli/socket-diagnostics.ts; a legacy family's, src/pipeline/legacy.ts.)
 */
import { err, status, type Output } from "./output.ts";

/** netstat's words for the Bluetooth families it was built without (`--l2cap`, `--rfcomm`, `--bluetooth`). */
export const BLUETOOTH_UNSUPPORTED: readonly Output[] = [
  err("netstat: feature `AF BLUETOOTH' not supported.\nPlease recompile `net-tools' with newer kernel source or full configuration.\n"),
  status(1),
];
