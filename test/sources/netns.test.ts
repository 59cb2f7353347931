import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { namespaceInodeOfLink } from "../../src/proc/ns-link.ts";
import { NetnsError, netnsRoot, planNetns, readNetnsNames, scanNetns } from "../../src/sources/netns.ts";
import { createProcRoot, ProcReadError } from "../../src/sources/proc-root.ts";
import { makeNetnsTree, removeNetnsTree, TCP_HEADER, tcpListen } from "./_netns-tree.ts";

const HOST = 4026531840;
const BLUE = 4026532301;
const POD = 4026532400;
const docker = "3f4b2c1d0e9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c";
// Our own namespace: the only inode a real nsfs file (/proc/self/ns/net) can stand for here.
const SELF = namespaceInodeOfLink(readlinkSync("/proc/self/ns/net"))!;

const tree = makeNetnsTree([
  { pid: 1, netns: HOST, net: { tcp: TCP_HEADER + tcpListen(0, 22, 1001) } },
  { pid: 40, netns: BLUE, net: { tcp: TCP_HEADER + tcpListen(0, 80, 2001) } },
  { pid: 41, netns: BLUE, net: { tcp: TCP_HEADER + tcpListen(0, 80, 2001) } },
  { pid: 7, netns: POD, cgroup: `0::/system.slice/docker-${docker}.scope\n`, net: { tcp: TCP_HEADER } },
  { pid: 90, netns: SELF },
  { pid: 99 }, // exiting: no ns link, no net files
]);
const names = mkdtempSync(join(tmpdir(), "nss-run-netns-"));
symlinkSync("/proc/self/ns/net", join(names, "mine"));
writeFileSync(join(names, "plain-file"), "");
const notNetns = join(names, "plain-file");
mkdirSync(join(names, "sub"));

afterAll(() => {
  removeNetnsTree(tree);
  rmSync(names, { recursive: true, force: true });
});

const root = createProcRoot(tree);

describe("scanNetns", () => {
  test("scanNetns groups processes by namespace in pid order and skips vanished ones", () => {
    const scan = scanNetns(root);
    expect([...scan.byNetns.entries()].sort((a, b) => a[0] - b[0])).toEqual([
      [HOST, [1]],
      [SELF, [90]],
      [BLUE, [40, 41]],
      [POD, [7]],
    ].sort((a, b) => (a[0] as number) - (b[0] as number)) as [number, number[]][]);
    expect(scan.unreadablePids).toBe(0);
  });
});

describe("readNetnsNames", () => {
  test("readNetnsNames maps namespace inodes to their names", () => {
    const map = readNetnsNames(names);
    expect(map.get(SELF)).toEqual(["mine"]);
  });

  test("readNetnsNames of a missing directory is empty", () => {
    expect(readNetnsNames(join(names, "absent")).size).toBe(0);
  });
});

describe("planNetns", () => {
  test("planNetns all reads every namespace once, through its lowest pid, with names and containers", () => {
    const plan = planNetns(root, { kind: "all" }, names);
    expect(plan.targets.map((t) => t.label)).toEqual([
      { netns: HOST, names: [], container: null, pid: 1 },
      { netns: POD, names: [], container: { runtime: "docker", id: docker, podUid: null }, pid: 7 },
      { netns: BLUE, names: [], container: null, pid: 40 },
      { netns: SELF, names: ["mine"], container: null, pid: 90 },
    ]);
    expect([...plan.targets[2]!.pids]).toEqual([40, 41]);
    expect(plan.withoutProcess).toEqual([]);
  });

  test("planNetns all lists the named namespaces no process lives in", () => {
    const lonely = makeNetnsTree([{ pid: 1, netns: HOST }]);
    try {
      const plan = planNetns(createProcRoot(lonely), { kind: "all" }, names);
      expect(plan.withoutProcess).toEqual([{ name: "mine", netns: SELF }]);
    } finally {
      removeNetnsTree(lonely);
    }
  });

  test("planNetns pid reads that process's namespace and knows its neighbours", () => {
    const plan = planNetns(root, { kind: "pid", pid: 41 }, names);
    expect(plan.targets.map((t) => t.label)).toEqual([{ netns: BLUE, names: [], container: null, pid: 41 }]);
    expect([...plan.targets[0]!.pids]).toEqual([40, 41]);
    expect(plan.targets[0]!.root.readText("net/tcp")).toContain(":0050 ");
  });

  test("planNetns name finds the namespace file under the names directory", () => {
    const plan = planNetns(root, { kind: "name", value: "mine" }, names);
    expect(plan.targets.map((t) => t.label.pid)).toEqual([90]);
  });

  test("planNetns name takes a path to any namespace file", () => {
    const plan = planNetns(root, { kind: "name", value: "/proc/self/ns/net" }, names);
    expect(plan.targets.map((t) => t.label)).toEqual([{ netns: SELF, names: ["mine"], container: null, pid: 90 }]);
  });

  const failures = [
    { name: "a missing name", selection: { kind: "name", value: "absent" }, code: "ENOENT" },
    { name: "a file that is no namespace", selection: { kind: "name", value: notNetns }, code: "not-netns" },
    { name: "a directory", selection: { kind: "name", value: join(names, "sub") }, code: "not-netns" },
    { name: "a pid that does not exist", selection: { kind: "pid", pid: 12345 }, code: "ESRCH" },
    { name: "a pid without a namespace link", selection: { kind: "pid", pid: 99 }, code: "ESRCH" },
  ] as const;
  for (const f of failures) {
    test(`planNetns rejects ${f.name} with ${f.code}`, () => {
      let caught: unknown;
      try {
        planNetns(root, f.selection, names);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(NetnsError);
      expect((caught as NetnsError).code).toBe(f.code);
    });
  }

  test("planNetns name with no process in the namespace says so", () => {
    const empty = makeNetnsTree([{ pid: 1, netns: HOST }]);
    try {
      expect(() => planNetns(createProcRoot(empty), { kind: "name", value: "mine" }, names)).toThrow(
        expect.objectContaining({ code: "no-process" }),
      );
    } finally {
      removeNetnsTree(empty);
    }
  });
});

describe("netnsRoot", () => {
  test("netnsRoot reads net/ through the process and leaves other paths alone", () => {
    const blue = netnsRoot(root, BLUE, [40]);
    expect(blue.readText("net/tcp")).toContain(":0050 ");
    expect(blue.display("net/tcp")).toBe(`${tree}/40/net/tcp`);
    expect(blue.readText("7/cgroup")).toContain("docker-");
  });

  test("netnsRoot keeps ENOENT for a file the namespace lacks", () => {
    expect(() => netnsRoot(root, BLUE, [40]).readText("net/udplite")).toThrow(expect.objectContaining({ code: "ENOENT" }));
  });

  test("netnsRoot moves on to the next process of the namespace when one has gone", () => {
    const blue = netnsRoot(root, BLUE, [99, 41]);
    expect(blue.readText("net/tcp")).toContain(":0050 ");
    expect(blue.display("net/tcp")).toBe(`${tree}/41/net/tcp`);
  });

  test("netnsRoot turns ENOENT into ESRCH once every process has gone", () => {
    let caught: unknown;
    try {
      netnsRoot(root, BLUE, [99]).readText("net/tcp");
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ProcReadError);
    expect((caught as ProcReadError).code).toBe("ESRCH");
  });
});
