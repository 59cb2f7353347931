/**
 * The bytes that turn one screen of the live view (format/top-screen.ts)
 * into the next: only the cells that changed, each run of them reached with
 * one cursor move; the whole screen when there was none before or its size
 * changed. ANSI/ECMA-48 sequences only (CUP, ED, SGR).
 */
import type { ScreenLine } from "./top-screen.ts";

/** Unchanged cells between two changed runs that are cheaper to rewrite than to jump over (a CUP is 6 to 8 bytes). */
const JOIN_GAP = 6;

interface Cells {
  readonly chars: string[];
  readonly sgrs: string[];
}

function cellsOf(line: ScreenLine): Cells {
  const chars: string[] = [];
  const sgrs: string[] = [];
  for (const span of line) {
    for (const ch of span.text) {
      chars.push(ch);
      sgrs.push(span.sgr);
    }
  }
  return { chars, sgrs };
}

/** The cells `from` to `to` (exclusive) of row `row`, with their styles, after a cursor move. */
function runText(cells: Cells, row: number, from: number, to: number): string {
  let out = `\x1b[${row + 1};${from + 1}H`;
  let sgr = "";
  for (let i = from; i < to; i++) {
    const want = cells.sgrs[i] ?? "";
    if (want !== sgr) {
      out += want === "" ? "\x1b[0m" : `\x1b[0;${want}m`;
      sgr = want;
    }
    out += cells.chars[i] ?? " ";
  }
  return sgr === "" ? out : `${out}\x1b[0m`;
}

/** The whole screen, drawn over a cleared one. */
export function fullScreen(lines: readonly ScreenLine[]): string {
  let out = "\x1b[0m\x1b[H\x1b[2J";
  lines.forEach((l, row) => {
    const cells = cellsOf(l);
    out += runText(cells, row, 0, cells.chars.length);
  });
  return out;
}

/** What turns `before` into `after` on the terminal ("" when nothing changed); the whole screen when `before` is undefined or of another shape. */
export function screenDiff(before: readonly ScreenLine[] | undefined, after: readonly ScreenLine[]): string {
  if (before === undefined || before.length !== after.length) return fullScreen(after);
  let out = "";
  for (let row = 0; row < after.length; row++) {
    const old = cellsOf(before[row]!);
    const now = cellsOf(after[row]!);
    if (old.chars.length !== now.chars.length) return fullScreen(after);
    let start = -1;
    let lastChanged = -1;
    for (let i = 0; i <= now.chars.length; i++) {
      const changed = i < now.chars.length && (old.chars[i] !== now.chars[i] || old.sgrs[i] !== now.sgrs[i]);
      if (changed) {
        if (start === -1) start = i;
        lastChanged = i;
      } else if (start !== -1 && (i - lastChanged > JOIN_GAP || i === now.chars.length)) {
        out += runText(now, row, start, lastChanged + 1);
        start = -1;
      }
    }
  }
  return out;
}
