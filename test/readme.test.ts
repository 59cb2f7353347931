/**
 * README.md renders as written: every code fence stands on a line of its own and is closed, and
 * every table row belongs to a table (a header row and its `| --- |` rule above it).
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const README = readFileSync(join(import.meta.dir, "..", "README.md"), "utf8");

/** Problems of a Markdown text's fences and tables, one line each, with the line number. */
function markdownProblems(text: string): string[] {
  const problems: string[] = [];
  const lines = text.split("\n");
  let fenceOpenedAt = 0;
  let inTable = false;
  lines.forEach((line, i) => {
    const at = i + 1;
    const fence = line.indexOf("```");
    if (fence !== -1) {
      // A fence may be indented (inside a list item), but nothing else may share its line.
      const bare = line.trimStart();
      if (line.slice(0, fence).trim() !== "" || (fenceOpenedAt !== 0 ? bare !== "```" : !/^```[\w-]*$/.test(bare))) {
        problems.push(`line ${at}: a code fence shares its line with other text: ${line}`);
      }
      fenceOpenedAt = fenceOpenedAt === 0 ? at : 0;
      inTable = false;
      return;
    }
    if (fenceOpenedAt !== 0) return;
    const row = line.startsWith("|");
    if (row && !inTable) {
      const rule = lines[i + 1] ?? "";
      if (!/^\|(\s*:?-+:?\s*\|)+\s*$/.test(rule)) problems.push(`line ${at}: a table row outside a table: ${line}`);
      else inTable = true;
    }
    if (!row) inTable = false;
  });
  if (fenceOpenedAt !== 0) problems.push(`line ${fenceOpenedAt}: a code fence is never closed`);
  return problems;
}

describe("README.md", () => {
  test("markdownProblems finds a fence sharing a line and an orphan table row", () => {
    const broken = ["text", "```sh", "ls", "``` And a paragraph", "", "| `--x` | orphan |", ""].join("\n");
    expect(markdownProblems(broken)).toEqual([
      "line 4: a code fence shares its line with other text: ``` And a paragraph",
      "line 6: a table row outside a table: | `--x` | orphan |",
    ]);
  });

  test("markdownProblems accepts fenced blocks and whole tables", () => {
    const good = ["```sh", "ls | wc", "```", "", "- item", "  ```json", "  {}", "  ```", "", "| a | b |", "| --- | --- |", "| 1 | 2 |", ""].join("\n");
    expect(markdownProblems(good)).toEqual([]);
  });

  test("every code fence and table row of the README renders as written", () => {
    expect(markdownProblems(README)).toEqual([]);
  });
});
