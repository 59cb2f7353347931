/**
 * netstat-stream's complaints about its own options: one sentence on
 * stderr and exit status 2, after what stderr already holds.
 */
import { messageSafe } from "../format/terminal-safe.ts";
import type { ParsedArgs } from "./netstat-args.ts";

/** A bad option value, named with the word as typed. */
export function badValue(stderrSoFar: string, option: string, value: string, why: string): ParsedArgs {
  return { kind: "exit", stdout: "", stderr: `${stderrSoFar}netstat-stream: Invalid --${option} value '${messageSafe(value)}': ${why}\n`, code: 2 };
}

/** Options that do not go together. */
export function badCombination(stderrSoFar: string, why: string): ParsedArgs {
  return { kind: "exit", stdout: "", stderr: `${stderrSoFar}netstat-stream: ${why}\n`, code: 2 };
}
