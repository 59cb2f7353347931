/**
 * The line that opens each namespace's group in netstat text output with
 * `--all-netns`, e.g. `Network namespace 4026532301 (name blue, pid 2345)`.
 */
import type { NetnsLabel } from "../model/netns.ts";
import { terminalSafe } from "./terminal-safe.ts";

/** The group header for one namespace, ending in a newline. */
export function netnsHeader(label: NetnsLabel): string {
  const parts = label.names.map((name) => `name ${terminalSafe(name)}`);
  const c = label.container;
  if (c !== null) {
    parts.push(`container ${c.runtime} ${terminalSafe(c.id)}`);
    if (c.podUid !== null) parts.push(`pod ${c.podUid}`);
  }
  parts.push(`pid ${label.pid}`);
  return `Network namespace ${label.netns} (${parts.join(", ")})\n`;
}
