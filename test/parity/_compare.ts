/**
 * What the parity suites are allowed to normalise before comparing our output with netstat's.
 */
import { expect } from "bun:test";
import { extensionHelp, versionText } from "../../src/cli/usage.ts";
import { OURS, REAL_NETSTAT, runIn } from "../_support/run.ts";

/**
 * Countdown timers (`-o`) move between two runs; only their first number is masked, in both
 * outputs alike. `off (0.00/…)`, the retransmit count and the probe count stay compared.
 */
export function maskTimers(text: string): string {
  return text.replace(/\b(on|keepalive|timewait|probe) \(\d+\.\d+\//g, "$1 (X/");
}

/**
 * Deliberate difference 4 (README, "Name and version"): `-V` and `-h`/usage text name
 * netstat-stream and its version instead of net-tools, in the same layout. Applied to the
 * oracle's output only, and only for the cases that print the version or the usage:
 * - the first three `-V` lines (name and version, authors, build features) are netstat-stream's;
 *   the AF and HW lines stay netstat's;
 * - the usage names netstat-stream, its first line (two synopses) is two lines so that every
 *   line fits 80 columns, and it lists netstat-stream's own options (extensionHelp()) just
 *   before the `<Socket>=` block.
 */
export function expectedNameAndVersion(text: string): string {
  const ourHead = versionText().split("\n").slice(0, 3).join("\n");
  return text
    .replace(/^net-tools 2\.10\n.*\n.*$/m, ourHead)
    .replace(/^usage: netstat (\[.*\] -r) {9}netstat \{/m, "usage: netstat-stream $1\n       netstat-stream {")
    .replace(/^ {7}netstat (?=\[|\{)/gm, "       netstat-stream ")
    .replace(/\n\n {2}<Socket>=/, `\n${extensionHelp()}\n\n  <Socket>=`);
}

/** How a case's outputs are prepared for comparison. */
export type Normalise = "none" | "timers" | "name";

/** Applies the normalisation of a case to one output of one tool. */
export function prepare(text: string, how: Normalise, tool: "real" | "ours"): string {
  if (how === "timers") return maskTimers(text);
  if (how === "name" && tool === "real") return expectedNameAndVersion(text);
  return text;
}

/** Runs netstat and netstat-stream with `args` in namespace `ns`: the same stdout (countdowns masked), stderr and status. */
export async function expectAsNetstat(ns: string, args: readonly string[]): Promise<void> {
  const real = await runIn(ns, [REAL_NETSTAT, ...args]);
  const mine = await runIn(ns, [OURS, ...args]);
  expect(maskTimers(mine.stdout.toString("latin1"))).toBe(maskTimers(real.stdout.toString("latin1")));
  expect(mine.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
  expect(mine.code).toBe(real.code);
}
