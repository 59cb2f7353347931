/** C stdio `fgets` buffer used by net-tools for /proc/net files. */
export const FGETS_BUFFER = 8192;

/**
 * Splits file text into the lines that a loop of `fgets(buf, size, f)` would
 * return: each keeps its newline, and a line longer than `size - 1` bytes
 * comes back in several pieces. A missing final newline still yields the
 * last piece.
 */
export function fgetsLines(text: string, size: number = FGETS_BUFFER): string[] {
  const lines: string[] = [];
  const max = size - 1;
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl + 1;
    for (let from = start; from < end; from += max) lines.push(text.slice(from, Math.min(end, from + max)));
    start = end;
  }
  return lines;
}
