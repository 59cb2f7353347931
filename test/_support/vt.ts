/**
 * A tiny terminal for the live view's tests: a grid of cells that takes the only sequences
 * format/top-diff.ts writes (CUP, ED 2, SGR), so that a diff can be applied to a screen and the
 * result compared with the screen it should make.
 */
import type { ScreenLine } from "../../src/format/top-screen.ts";

export interface Grid {
  readonly chars: string[][];
  readonly sgrs: string[][];
}

export function grid(width: number, height: number): Grid {
  return { chars: Array.from({ length: height }, () => Array<string>(width).fill(" ")), sgrs: Array.from({ length: height }, () => Array<string>(width).fill("")) };
}

/** Applies `bytes` to `g`; throws on a sequence it does not know. */
export function apply(g: Grid, bytes: string): void {
  let row = 0;
  let col = 0;
  let sgr = "";
  for (let i = 0; i < bytes.length; ) {
    const m = /^\x1b\[([0-9;]*)([A-Za-z])/.exec(bytes.slice(i, i + 32));
    if (m !== null) {
      const [all, args, final] = m;
      i += all!.length;
      if (final === "H") {
        const [r, c] = args!.split(";").map(Number);
        row = (r ?? 1) - 1;
        col = (c ?? 1) - 1;
      } else if (final === "J" && args === "2") {
        for (const line of g.chars) line.fill(" ");
        for (const line of g.sgrs) line.fill("");
      } else if (final === "m") sgr = args === "0" || args === "" ? "" : args!.replace(/^0;/, "");
      else throw new Error(`unknown sequence ${JSON.stringify(all)}`);
      continue;
    }
    if (bytes[i] === "\x1b") throw new Error(`unknown escape at ${i}`);
    g.chars[row]![col] = bytes[i]!;
    g.sgrs[row]![col] = sgr;
    col++;
    i++;
  }
}

/** The screen's lines as the grid should hold them. */
export function gridOf(lines: readonly ScreenLine[], width: number): Grid {
  const g = grid(width, lines.length);
  lines.forEach((l, r) => {
    let c = 0;
    for (const span of l) for (const ch of span.text) {
      g.chars[r]![c] = ch;
      g.sgrs[r]![c++] = span.sgr;
    }
  });
  return g;
}

/** A screen's plain text, one string per line. */
export function textOf(lines: readonly ScreenLine[]): string[] {
  return lines.map((l) => l.map((s) => s.text).join(""));
}
