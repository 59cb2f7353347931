/**
 * Whether a file descriptor is a terminal, without loading node:tty (and the
 * stream modules it brings, about 3 ms of every start) unless it may be one:
 * only a character device can be a terminal, and the memory devices
 * (/dev/null, /dev/zero, ...: major 1) never are.
 */
import { fstatSync } from "node:fs";

const MEMORY_DEVICES = 1;

/** isatty(3) for `fd`; false when `fd` is closed or cannot be examined. */
export function isTerminal(fd: number): boolean {
  let stats;
  try {
    stats = fstatSync(fd);
  } catch {
    return false;
  }
  if (!stats.isCharacterDevice() || Math.floor(stats.rdev / 256) % 4096 === MEMORY_DEVICES) return false;
  // node:tty is loaded only here, for the few runs whose output may reach a terminal.
  const { isatty } = require("node:tty") as typeof import("node:tty");
  return isatty(fd);
}
