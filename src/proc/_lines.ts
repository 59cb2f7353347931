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

/** Incremental {@linkcode fgetsLines}: feed a file chunk by chunk, get back each complete piece once. */
export interface FgetsSplitter {
  /** Adds a chunk; returns the pieces it completed. */
  push(chunk: string): string[];
  /** Ends the input; returns the last piece, if any. */
  end(): string[];
}

/** Creates a splitter that yields exactly the pieces `fgetsLines` gives for the whole text. */
export function createFgetsSplitter(size: number = FGETS_BUFFER): FgetsSplitter {
  const max = size - 1;
  let carry = "";
  return {
    push(chunk) {
      const text = carry + chunk;
      const cut = text.lastIndexOf("\n") + 1;
      const pieces = cut > 0 ? fgetsLines(text.slice(0, cut), size) : [];
      // The unfinished line starts a line, so its full-buffer pieces are already final.
      const rest = cut > 0 ? text.slice(cut) : text;
      let from = 0;
      for (; from + max <= rest.length; from += max) pieces.push(rest.slice(from, from + max));
      carry = rest.slice(from);
      return pieces;
    },
    end() {
      const last = carry === "" ? [] : [carry];
      carry = "";
      return last;
    },
  };
}
