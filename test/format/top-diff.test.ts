import { describe, expect, test } from "bun:test";
import { screenDiff, fullScreen } from "../../src/format/top-diff.ts";
import type { ScreenLine } from "../../src/format/top-screen.ts";
import { apply, grid, gridOf } from "../_support/vt.ts";

const W = 20;
const plain = (text: string): ScreenLine => [{ text: text.padEnd(W), sgr: "" }];
const before = [plain("rx 1.00M/s"), plain("curl 2.00M"), plain("sshd 0")];
const after = [plain("rx 1.05M/s"), [{ text: "curl", sgr: "1" }, { text: " 2.00M".padEnd(W - 4), sgr: "" }], plain("sshd 0")];

describe("screenDiff", () => {
  test("screenDiff turns the old screen into the new one", () => {
    const g = grid(W, 3);
    apply(g, fullScreen(before));
    apply(g, screenDiff(before, after));
    expect(g).toEqual(gridOf(after, W));
  });

  test("screenDiff writes only the changed cells", () => {
    const bytes = screenDiff(before, after);
    expect(bytes).not.toContain("sshd");
    expect(bytes).toContain("\x1b[1;7H5\x1b[2;1H\x1b[0;1mcurl\x1b[0m");
    expect(bytes.length).toBeLessThan(40);
  });

  test("screenDiff writes nothing for an unchanged screen", () => {
    expect(screenDiff(after, after)).toBe("");
  });

  test("screenDiff redraws everything at a new size", () => {
    expect(screenDiff(before, after.slice(0, 2))).toStartWith("\x1b[0m\x1b[H\x1b[2J");
  });
});
