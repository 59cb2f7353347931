/**
 * The keys of `--top` from the bytes a terminal in raw mode sends: printable
 * characters, Tab and Shift-Tab, Enter, Backspace, Escape, Ctrl-C, and the
 * arrow, page, Home and End keys in their xterm and VT220 spellings.
 */
import type { TopKey } from "../format/top-view.ts";

/** Escape sequences by their text after ESC. */
const SEQUENCES: Readonly<Record<string, TopKey>> = {
  "[A": "up",
  "[B": "down",
  OA: "up",
  OB: "down",
  "[5~": "pageUp",
  "[6~": "pageDown",
  "[H": "home",
  "[F": "end",
  OH: "home",
  OF: "end",
  "[1~": "home",
  "[4~": "end",
  "[7~": "home",
  "[8~": "end",
  "[Z": "backTab",
};

/** Single bytes with a meaning of their own. */
const CONTROLS: Readonly<Record<string, TopKey>> = {
  "\x03": "quit",
  "\t": "tab",
  "\r": "enter",
  "\n": "enter",
  "\x7f": "backspace",
  "\b": "backspace",
};

/** The keys in one read from the terminal (a lone ESC is Escape; unknown sequences are dropped). */
export function decodeKeys(bytes: string): readonly TopKey[] {
  const keys: TopKey[] = [];
  for (let i = 0; i < bytes.length; ) {
    const ch = bytes[i]!;
    if (ch === "\x1b") {
      const m = /^(?:\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(bytes.slice(i + 1, i + 9));
      if (m === null) {
        keys.push("escape");
        i++;
        continue;
      }
      const key = SEQUENCES[m[0]];
      if (key !== undefined) keys.push(key);
      i += 1 + m[0].length;
      continue;
    }
    const control = CONTROLS[ch];
    if (control !== undefined) keys.push(control);
    else if (ch >= " ") keys.push({ char: ch });
    i++;
  }
  return keys;
}
