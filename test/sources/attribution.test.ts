import { describe, expect, test } from "bun:test";
import { attributionOf, readHidepid, type AttributionContext } from "../../src/sources/attribution.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";

const owner = { pid: 42, program: "nginx" };
const allRead: AttributionContext = { index: { permissionDenied: false, unreadable: false }, hidepid: "off", euid: 1000 };
const someDenied: AttributionContext = { ...allRead, index: { permissionDenied: true, unreadable: false } };
const hidden: AttributionContext = { ...allRead, hidepid: "invisible" };
const hiddenAsRoot: AttributionContext = { ...hidden, euid: 0 };
const noProc: AttributionContext = { ...allRead, index: { permissionDenied: false, unreadable: true } };

const cases = [
  { name: "ok for a socket with an owner", inode: 10, owner, ctx: someDenied, want: "ok" },
  { name: "orphan for inode 0 (TIME_WAIT, accept queue) whatever the permissions", inode: 0, owner: undefined, ctx: someDenied, want: "orphan" },
  { name: "orphan when every process was read", inode: 10, owner: undefined, ctx: allRead, want: "orphan" },
  { name: "permission when some /proc/PID/fd was closed to us", inode: 10, owner: undefined, ctx: someDenied, want: "permission" },
  { name: "permission when /proc could not be listed", inode: 10, owner: undefined, ctx: noProc, want: "permission" },
  { name: "hidden under hidepid for a non-root reader", inode: 10, owner: undefined, ctx: hidden, want: "hidden" },
  { name: "orphan under hidepid for root, who sees everything", inode: 10, owner: undefined, ctx: hiddenAsRoot, want: "orphan" },
] as const;

describe("attributionOf", () => {
  for (const c of cases) {
    test(`attributionOf gives ${c.name}`, () => {
      expect(attributionOf(c.inode, c.owner, c.ctx)).toBe(c.want);
    });
  }
});

describe("readHidepid", () => {
  test("readHidepid reads this machine's /proc mount", () => {
    expect(readHidepid(createProcRoot("/proc"))).toBeOneOf(["off", "noaccess", "invisible", "ptraceable"]);
  });

  test("readHidepid of a tree without self/mountinfo is unknown", () => {
    expect(readHidepid(createProcRoot("/nonexistent-proc-root"))).toBeUndefined();
  });
});
