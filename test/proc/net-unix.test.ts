import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseNetUnix, parseNetUnixLine, unixHeaderHasInode } from "../../src/proc/net-unix.ts";

const FIXTURES = join(import.meta.dir, "../../fixtures/proc");
const fixture = (tree: string): string => readFileSync(join(FIXTURES, tree, "net", "unix"), "latin1");

const listener = "000000004408cdbc: 00000002 00000000 00010000 0001 01  9633 @netstat-stream-fixture\n";
const pathWithSpace = "0000000000000000: 00000002 00000000 00010000 0001 01 3442596 /run/a path with spaces\n";
const noPath = "0000000000000000: 00000003 00000000 00000000 0001 03 1061\n";
const tooFewFields = "0000000000000000: 00000002 00000000\n";
const oldKernelRow = "0000000000000000: 00000002 00000000 00010000 0001 01 /var/run/postgresql/.s.PGSQL.5432\n";

describe("parseNetUnixLine", () => {
  test("parseNetUnixLine reads an abstract listener", () => {
    expect(parseNetUnixLine(listener, true)).toEqual({
      kind: "unix",
      refCount: 2,
      protocol: 0,
      flags: 0x10000,
      type: 1,
      state: 1,
      inode: 9633,
      path: "@netstat-stream-fixture",
      fullPath: "@netstat-stream-fixture",
    });
  });

  const cases = [
    { name: "parseNetUnixLine stops a path at the first space, as netstat's %s does", line: pathWithSpace, path: "/run/a" },
    { name: "parseNetUnixLine gives an empty path to an unnamed socket", line: noPath, path: "" },
  ];
  for (const c of cases) {
    test(c.name, () => {
      expect(parseNetUnixLine(c.line, true)).toMatchObject({ path: c.path });
    });
  }

  const full = [
    { name: "parseNetUnixLine keeps the whole path, spaces included, as fullPath", line: pathWithSpace, hasInode: true, fullPath: "/run/a path with spaces" },
    { name: "parseNetUnixLine gives an unnamed socket an empty fullPath", line: noPath, hasInode: true, fullPath: "" },
    { name: "parseNetUnixLine finds the path of a kernel without an Inode column", line: oldKernelRow, hasInode: false, fullPath: "/var/run/postgresql/.s.PGSQL.5432" },
  ];
  for (const c of full) {
    test(c.name, () => {
      expect(parseNetUnixLine(c.line, c.hasInode)).toMatchObject({ fullPath: c.fullPath });
    });
  }

  test("parseNetUnixLine reports the field count of a short line", () => {
    expect(parseNetUnixLine(tooFewFields, true)).toBe(3);
  });

  test("parseNetUnixLine shows the scanned inode in place of the path on kernels without an Inode column", () => {
    expect(parseNetUnixLine(oldKernelRow, false)).toMatchObject({ inode: null, path: "0" });
  });
});

describe("parseNetUnix", () => {
  test("unixHeaderHasInode reads the header", () => {
    expect(unixHeaderHasInode("Num       RefCount Protocol Flags    Type St Inode Path")).toBe(true);
    expect(unixHeaderHasInode("Num       RefCount Protocol Flags    Type St Path")).toBe(false);
    expect(unixHeaderHasInode("Num       RefCount Protocol Flags    Type St\0 Inode Path")).toBe(false);
  });

  test("parseNetUnix keeps good rows and reports bad lines", () => {
    const parsed = parseNetUnix(fixture("malformed"));
    expect(parsed.records.map((r) => r.inode)).toEqual([3442596, 12]);
    expect(parsed.issues.map((i) => i.line)).toEqual([2, 4]);
  });

  test("parseNetUnix parses the captured table", () => {
    expect(parseNetUnix(fixture("live")).records).toHaveLength(1);
  });
});
