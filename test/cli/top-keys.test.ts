import { describe, expect, test } from "bun:test";
import { decodeKeys } from "../../src/cli/top-keys.ts";

const cases = [
  { name: "letters and space one key each", bytes: "q s", want: [{ char: "q" }, { char: " " }, { char: "s" }] },
  { name: "Ctrl-C as quit", bytes: "\x03", want: ["quit"] },
  { name: "xterm arrows and VT220 pages", bytes: "\x1b[A\x1b[B\x1b[5~\x1b[6~", want: ["up", "down", "pageUp", "pageDown"] },
  { name: "application-mode arrows, Home and End", bytes: "\x1bOA\x1bOB\x1bOH\x1bOF\x1b[1~\x1b[4~", want: ["up", "down", "home", "end", "home", "end"] },
  { name: "Tab, Shift-Tab, Enter and Backspace", bytes: "\t\x1b[Z\r\x7f", want: ["tab", "backTab", "enter", "backspace"] },
  { name: "a lone ESC as Escape", bytes: "\x1b", want: ["escape"] },
  { name: "an unknown sequence as nothing", bytes: "\x1b[99~x", want: [{ char: "x" }] },
  { name: "other controls as nothing", bytes: "\x01\x02", want: [] },
] as const;

describe("decodeKeys", () => {
  for (const c of cases) test(`decodeKeys reads ${c.name}`, () => expect(decodeKeys(c.bytes)).toEqual([...c.want]));
});
