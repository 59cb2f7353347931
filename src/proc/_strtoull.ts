/** glibc `strtoull(s, &end, 10)` on text, for counters in /proc/net files. */

const MAX = (1n << 64n) - 1n;

/** C `isspace` in the C locale. */
export function isCSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\v" || ch === "\f" || ch === "\r";
}

/**
 * Converts the number at `from` as strtoull does: leading white space, an
 * optional sign, decimal digits; saturates at 2^64-1 and wraps negatives.
 * Returns the value and where conversion ended (`from` when there were no digits).
 */
export function strtoull(text: string, from = 0): { readonly value: bigint; readonly end: number } {
  let i = from;
  while (isCSpace(text[i])) i++;
  let negative = false;
  if (text[i] === "+" || text[i] === "-") {
    negative = text[i] === "-";
    i++;
  }
  const start = i;
  while (i < text.length && text[i]! >= "0" && text[i]! <= "9") i++;
  if (i === start) return { value: 0n, end: from };
  const magnitude = BigInt(text.slice(start, i));
  if (magnitude > MAX) return { value: MAX, end: i };
  return { value: negative ? BigInt.asUintN(64, -magnitude) : magnitude, end: i };
}
