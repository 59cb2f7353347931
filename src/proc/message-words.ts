/**
 * A netlink message's bytes as 32-bit words, kept to tell at the next dump whether a socket's
 * message is the same (src/proc/inet-diag.ts), optionally leaving out a range of words (one
 * attribute's payload that changes at every dump).
 */

/** A range of word indices `[from, to)` left out of a comparison (zeros in the kept words). */
export type SkippedWords = readonly [number, number] | undefined;

/** The message's 32-bit words from `start` to `end` (a multiple of 4 bytes), the skipped ones as 0. */
export function wordsOf(view: DataView, start: number, end: number, skip?: SkippedWords): Int32Array {
  const words = new Int32Array((end - start) >> 2);
  const [from, to] = skip ?? [words.length, words.length];
  for (let i = 0; i < words.length; i++) if (i < from || i >= to) words[i] = view.getInt32(start + 4 * i, true);
  return words;
}

/** Whether the bytes from `start` to `end` hold `words`, the skipped ones aside. */
export function sameWords(words: Int32Array, view: DataView, start: number, end: number, skip?: SkippedWords): boolean {
  if (words.length !== (end - start) >> 2) return false;
  const [from, to] = skip ?? [words.length, words.length];
  for (let i = 0; i < from; i++) if (words[i] !== view.getInt32(start + 4 * i, true)) return false;
  for (let i = to; i < words.length; i++) if (words[i] !== view.getInt32(start + 4 * i, true)) return false;
  return true;
}
