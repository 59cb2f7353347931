/**
 * What the parity suites are allowed to normalise before comparing our output with netstat's.
 */
import pkg from "../../package.json" with { type: "json" };

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
 * oracle's output only, and only for the cases that print the version or the usage.
 */
export function expectedNameAndVersion(text: string): string {
  return text
    .replace(/^net-tools 2\.10$/m, `netstat-stream ${pkg.version}`)
    .replace(/^usage: netstat (\[.*\] -r {9})netstat \{/m, "usage: netstat-stream $1netstat-stream {")
    .replace(/^ {7}netstat (?=\[|\{)/gm, "       netstat-stream ");
}

/** How a case's outputs are prepared for comparison. */
export type Normalise = "none" | "timers" | "name";

/** Applies the normalisation of a case to one output of one tool. */
export function prepare(text: string, how: Normalise, tool: "real" | "ours"): string {
  if (how === "timers") return maskTimers(text);
  if (how === "name" && tool === "real") return expectedNameAndVersion(text);
  return text;
}
