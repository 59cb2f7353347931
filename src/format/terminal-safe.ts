/**
 * Terminal-safe text: what outside bytes (model/bytes.ts) may reach a terminal as.
 * Strings here are byte strings (one byte per character), so one `.` replaces one byte.
 *
 * - Columns (netstat text, tables, event lines): every byte outside printable ASCII
 *   (0x20..0x7E) is shown as `.`, as upstream net-tools does since its fix for CVE-2024-58251;
 *   it also keeps each byte one column wide.
 * - Messages (stderr): UTF-8 text is kept, so `--user josé` is echoed as typed; every other byte
 *   is shown as `.`: control characters (C0 such as ESC, DEL, C1), bidirectional controls, and
 *   bytes that are not UTF-8 (which an 8-bit terminal may take for C1 controls).
 */
import { utf8SequenceAt } from "../model/bytes.ts";

const UNSAFE = /[^\x20-\x7e]/g;

/** Replaces every non-printable-ASCII byte with `.`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, ".");
}

const ASCII_PRINTABLE = /^[\x20-\x7e]*$/;
// Controls (C0, DEL, C1: terminal escapes) and the bidirectional controls that reorder what is shown.
const NOT_SHOWN = /^[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]$/u;

/**
 * An outside value as a message may quote it (an argument, a namespace name, a path): printable
 * UTF-8 kept, every other byte (newlines included) shown as `.`.
 */
export function messageSafe(bytes: string): string {
  if (ASCII_PRINTABLE.test(bytes)) return bytes;
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceAt(bytes, i);
    const sequence = bytes.slice(i, i + Math.max(n, 1));
    const character = n === 0 ? undefined : n === 1 ? sequence : Buffer.from(sequence, "latin1").toString("utf8");
    out += character === undefined || NOT_SHOWN.test(character) ? ".".repeat(sequence.length) : sequence;
    i += sequence.length;
  }
  return out;
}

/** Text for stderr, whose lines may quote outside values: {@linkcode messageSafe} line by line, newlines kept. */
export function stderrSafe(text: string): string {
  return ASCII_PRINTABLE.test(text.replaceAll("\n", "")) ? text : text.split("\n").map(messageSafe).join("\n");
}
