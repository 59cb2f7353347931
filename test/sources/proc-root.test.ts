import { afterAll, describe, expect, test } from "bun:test";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createProcRoot, endOfTable, ProcReadError } from "../../src/sources/proc-root.ts";

describe("endOfTable", () => {
  const cases = [
    { name: "endOfTable ends at an empty read", n: 0, max: 1024, end: true },
    { name: "endOfTable ends when a whole record would still have fitted in a page", n: 300, max: 1024, end: true },
    { name: "endOfTable ends exactly at the page boundary", n: 3072, max: 1024, end: true },
    { name: "endOfTable reads on after a full page of 150-byte tcp lines", n: 4050, max: 1024, end: false },
    { name: "endOfTable reads on when the next record might not have fitted", n: 3073, max: 1024, end: false },
    { name: "endOfTable reads on after a read larger than a page (regular files, big pages)", n: 65536, max: 1024, end: false },
  ];
  for (const c of cases) test(c.name, () => expect(endOfTable(c.n, c.max)).toBe(c.end));
});

describe("ProcRoot.readTable", () => {
  const dir = mkdtempSync(join(tmpdir(), "nss-procroot-"));
  mkdirSync(join(dir, "net"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const line = (i: number): string => `${String(i).padStart(6)}: ${"0100007F:0016 ".repeat(2)}01 ${"x".repeat(100)}\n`;
  const tenThousandLines = Array.from({ length: 10_000 }, (_, i) => line(i)).join("");
  const latin1Bytes = "caf\xe9 \xff\x00 end\n";
  const cases = [
    { name: "readTable reads a multi-megabyte table whole, across buffer growth", text: tenThousandLines },
    { name: "readTable reads a table shorter than a page", text: line(1) },
    { name: "readTable reads an empty file", text: "" },
    { name: "readTable keeps every byte as one latin1 character", text: latin1Bytes },
  ];
  for (const [i, c] of cases.entries()) {
    test(c.name, () => {
      writeFileSync(join(dir, "net", `t${i}`), Buffer.from(c.text, "latin1"));
      expect(createProcRoot(dir).readTable(`net/t${i}`, 1024)).toBe(c.text);
    });
  }

  test("readTable throws ProcReadError with the errno of a missing file", () => {
    let caught: unknown;
    try {
      createProcRoot(dir).readTable("net/absent", 1024);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProcReadError);
    expect((caught as ProcReadError).code).toBe("ENOENT");
    expect((caught as ProcReadError).path).toBe(join(dir, "net/absent"));
  });
});
