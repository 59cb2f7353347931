/**
 * netlinkDrops on this machine's /proc/net/netlink and on its edge cases. That the number is the
 * kernel's drop count for the socket (SO_MEMINFO's) is checked live by
 * test/sources/sock-destroy.test.ts, on a socket that overflowed.
 */
import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { netlinkDrops } from "../../src/proc/net-netlink.ts";

const LIVE = readFileSync("/proc/net/netlink", "latin1");
const [HEADER = "", ...ROWS] = LIVE.split("\n").filter((line) => line.trim() !== "");
const inodeAt = HEADER.trim().split(/\s+/).indexOf("Inode");
const inodes = ROWS.map((row) => Number(row.trim().split(/\s+/)[inodeAt]));
const absentInode = Math.max(0, ...inodes) + 1;

describe("netlinkDrops", () => {
  test("netlinkDrops finds every socket of this machine's /proc/net/netlink by its inode", () => {
    expect(inodes.length).toBeGreaterThan(0);
    for (const inode of inodes) expect(Number.isInteger(netlinkDrops(LIVE, inode))).toBe(true);
  });

  test("netlinkDrops gives undefined for an inode no line has", () => {
    expect(netlinkDrops(LIVE, absentInode)).toBeUndefined();
  });

  test("netlinkDrops reads the column the header names, wherever it is", () => {
    const swap = (line: string): string => {
      const f = line.trim().split(/\s+/);
      return [f[9], ...f.slice(1, 9), f[0]].join(" ");
    };
    const moved = [swap(HEADER), ...ROWS.map(swap)].join("\n");
    for (const inode of inodes) expect(netlinkDrops(moved, inode)).toBe(netlinkDrops(LIVE, inode)!);
  });

  const headerOnly = `${HEADER}\n`;
  const noDropsColumn = LIVE.replace("Drops", "Dropped");
  const truncatedLine = `${HEADER}\n${ROWS[0]!.trim().split(/\s+/).slice(0, 8).join(" ")} ${inodes[0]}\n`;
  for (const [name, text] of [["headerOnly", headerOnly], ["noDropsColumn", noDropsColumn], ["truncatedLine", truncatedLine]] as const) {
    test(`netlinkDrops gives undefined on ${name}`, () => {
      expect(netlinkDrops(text, inodes[0]!)).toBeUndefined();
    });
  }
});
