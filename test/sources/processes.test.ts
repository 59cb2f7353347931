import { afterAll, expect, test } from "bun:test";
import { buildProcessIndex, ownerWithin } from "../../src/sources/processes.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";
import { makeNetnsTree, removeNetnsTree } from "./_netns-tree.ts";

// 500 is shared: pid 3 (another namespace, e.g. the parent that created it) and pid 8 hold it.
const tree = makeNetnsTree([
  { pid: 3, netns: 1, cmdline: "/usr/sbin/agent", sockets: [500, 600] },
  { pid: 8, netns: 2, cmdline: "/usr/bin/app", sockets: [500, 700, 700] },
]);
afterAll(() => removeNetnsTree(tree));
const index = buildProcessIndex(createProcRoot(tree));

test("buildProcessIndex keeps every holder of a socket in pid order, once each", () => {
  expect(index.holdersOf(500)).toEqual([
    { pid: 3, program: "agent" },
    { pid: 8, program: "app" },
  ]);
  expect(index.holdersOf(700)).toEqual([{ pid: 8, program: "app" }]);
  expect(index.byInode.get(500)).toEqual({ pid: 3, program: "agent" });
});

const cases = [
  { name: "prefers a holder in the namespace", pids: [8], inode: 500, want: 8 },
  { name: "falls back to a holder elsewhere", pids: [8], inode: 600, want: 3 },
  { name: "finds no one for an unheld socket", pids: [8], inode: 999, want: undefined },
] as const;
for (const c of cases) {
  test(`ownerWithin ${c.name}`, () => {
    expect(ownerWithin(index, new Set(c.pids))(c.inode)?.pid).toBe(c.want);
  });
}
