/**
 * The checks after netstat's own: the `-c` delay word and the schema every
 * option value must pass, each turned into one sentence that names the
 * option and the word as typed (never the validator's words).
 */
import * as v from "valibot";
import { messageSafe } from "../format/terminal-safe.ts";
import { OptionsSchema, type Options } from "../model/options.ts";
import type { getoptLong } from "./getopt.ts";
import type { Said } from "./own-args.ts";

/** A `-c` delay in seconds, as netstat's manual writes it: `5`, `0.5`, `.5`. */
const DELAY_WORD = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/;

/** A word meant as a number (`5s`, `1e3`, `+5`, `Infinity`), which must not pass for an operand netstat ignores. */
export const NUMBER_LIKE = /^[+-]?(?:[0-9]|\.[0-9]|inf|nan)/i;

/**
 * The `-c` delay: the number right after the word holding `-c` (`-c 5`, `-tnc 5`), or the
 * complaint about a number anywhere else, which would otherwise pass for a delay or vanish.
 */
export function delayOf(
  parsed: ReturnType<typeof getoptLong>,
  continuousWords: readonly number[],
): { readonly word: string | undefined } | { readonly problem: string } {
  let word: string | undefined;
  for (const [i, operand] of parsed.operands.entries()) {
    if (!NUMBER_LIKE.test(operand)) continue;
    if (!continuousWords.includes(parsed.operandWords[i]! - 1)) {
      return { problem: `Stray argument '${messageSafe(operand)}': a -c delay goes right after -c, as in -c 5` };
    }
    if (!DELAY_WORD.test(operand)) return { problem: `Invalid -c value '${messageSafe(operand)}': expected a delay in seconds from 0.001 to 31536000` };
    word = operand;
  }
  return { word };
}

/** The options as `OptionsSchema` reads them, or the sentence saying which value is wrong and why. */
export function validOptions(candidate: unknown, said: Readonly<Record<string, Said>>): { readonly options: Options } | { readonly problem: string } {
  const result = v.safeParse(OptionsSchema, candidate);
  if (!result.success) {
    // The schema's messages are written for users; the option and word are the ones typed.
    const issue = result.issues[0];
    const word = said[String(issue.path?.[0]?.key ?? "")];
    if (word === undefined) return { problem: `Cannot use these options: ${issue.message}` };
    return { problem: `Invalid ${word.option} value '${word.word}': ${issue.message}` };
  }
  return { options: result.output };
}
