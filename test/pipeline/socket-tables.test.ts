import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import type { AnySocket } from "../../src/model/socket.ts";
import { SOCKET_SECTIONS, socketItems, unreadRule, type ReadingPlan, type SocketItem } from "../../src/pipeline/socket-tables.ts";
import { ProcReadError, type ProcRoot } from "../../src/sources/proc-root.ts";
import { memoryProcRoot } from "../_support/memory-proc.ts";
import { tcpRows, unixRows } from "../_support/synthetic-proc.ts";

function plan(flags: readonly string[], keep: (s: AnySocket) => boolean = () => true): ReadingPlan {
  const parsed = parseNetstatArgs("netstat", flags, { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error(`Cannot parse ${flags.join(" ")}`);
  const { options } = parsed;
  return { selection: options.selection, verbose: options.verbose, scope: options, timers: options.timers, part: "all", keep };
}

/** A root that records which files were opened. */
function counted(root: ProcRoot, read: string[]): ProcRoot {
  const note = <A extends unknown[], R>(f: (file: string, ...rest: A) => R) => (file: string, ...rest: A): R => (read.push(file), f(file, ...rest));
  return { ...root, readChunks: note(root.readChunks), readText: note(root.readText), readTable: note(root.readTable) };
}

const kinds = (items: Iterable<SocketItem>): string[] => [...items].map((i) => (i.kind === "sockets" ? `${i.section}:${i.sockets.length}` : `${i.kind}:${i.section}`));

const tcpOnly = memoryProcRoot({ "net/tcp": tcpRows(3) });
const eps = readFileSync(new URL("../../fixtures/proc/sctp/net/sctp/eps", import.meta.url), "latin1");

describe("socketItems", () => {
  test("socketItems reads a table only when the iteration reaches it", () => {
    const read: string[] = [];
    const items = socketItems(counted(tcpOnly, read), plan(["-tan"]));
    expect(read).toEqual([]);
    expect(items.next().value).toMatchObject({ kind: "sockets", section: "tcp" });
    expect(read).toEqual(["net/tcp"]);
  });

  test("socketItems stops after the section of a table asked for and missing, its IPv6 table read and silent", () => {
    const read: string[] = [];
    expect(kinds(socketItems(counted(tcpOnly, read), plan(["-tuxan"])))).toEqual(["tcp:3", "unreadable:udp", "failed:udp"]);
    expect(read).toEqual(["net/tcp", "net/tcp6", "net/udp", "net/udp6"]);
  });

  test("socketItems goes on past a missing table nobody asked for", () => {
    expect(kinds(socketItems(tcpOnly, plan(["-an"])))).toEqual([
      "tcp:3",
      ...["sctp eps", "sctp assoc", "udp", "udplite", "raw", "unix"].map((s) => `unreadable:${s}`),
    ]);
  });

  test("socketItems ends at once at a table it cannot open for another reason", () => {
    const root = memoryProcRoot({ "net/tcp": { error: "EIO" }, "net/tcp6": tcpRows(2) });
    const items = [...socketItems(root, plan(["-tan"]))];
    expect(kinds(items)).toEqual(["unreadable:tcp", "failed:tcp"]);
    expect(items[1]).toMatchObject({ status: 255 });
  });

  test("socketItems applies the selection to parsed sockets, so nothing is built for the ones it drops", () => {
    const seen: number[] = [];
    const keep = (s: AnySocket): boolean => (seen.push(s.inode ?? -1), s.inode === 100001);
    const items = [...socketItems(tcpOnly, plan(["-tan"], keep))];
    expect(seen).toEqual([100000, 100001, 100002]);
    expect(items.map((i) => (i.kind === "sockets" ? i.sockets.map((s) => s.inode) : i.kind))).toEqual([[100001]]);
  });

  test("socketItems gives bogus lines as data with netstat's table name and the file as read", () => {
    const root = memoryProcRoot({ "net/unix": `${unixRows(1)}garbage\n` });
    const items = [...socketItems(root, plan(["-xa"]))];
    expect(items[0]).toMatchObject({ kind: "bogus", name: "unix", file: "/proc/net/unix" });
    expect(kinds(items.slice(1))).toEqual(["unix:1"]);
  });

  test("socketItems lists SCTP over IPv6 from net/sctp6, endpoints with -l only, a missing IPv6 table silent", () => {
    const root = memoryProcRoot({ "net/sctp6/eps": eps });
    // The fixture holds four endpoints and one line netstat calls bogus.
    expect(kinds(socketItems(root, plan(["-Sl", "-6"])))).toEqual(["bogus:sctp eps", "sctp eps:4"]);
    // Without -l only associations are read, and a missing IPv6 table is silent, as netstat has it.
    expect(kinds(socketItems(root, plan(["-S", "-6"])))).toEqual([]);
  });

  test("SOCKET_SECTIONS is netstat's order, sctp after tcp and unix last", () => {
    expect(SOCKET_SECTIONS.map((s) => s.section)).toEqual(["tcp", "sctp eps", "sctp assoc", "udp", "udplite", "raw", "unix"]);
  });
});

describe("unreadRule", () => {
  const selection = plan(["-t"]).selection;
  const missing = new ProcReadError("/proc/net/tcp", "ENOENT");
  test("unreadRule: a missing table asked for is said and fails with 1", () => {
    expect(unreadRule(selection, false, missing)).toEqual({ said: true, status: 1 });
  });
  test("unreadRule: a missing table not asked for is said only with -v, and fails nothing", () => {
    const all = plan(["-a"]).selection;
    expect(unreadRule(all, false, missing)).toEqual({ said: false, status: 0 });
    expect(unreadRule(all, true, missing)).toEqual({ said: true, status: 0 });
  });
  test("unreadRule: any other error is said and fails with 255", () => {
    expect(unreadRule(selection, false, new ProcReadError("/proc/net/tcp", "EIO"))).toEqual({ said: true, status: 255 });
  });
});
