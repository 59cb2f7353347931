import { describe, expect, test } from "bun:test";
import { TestScheduler } from "rxjs/testing";
import type { NetworkRecord, UnixRecord } from "../../src/model/record.ts";
import { baseline, diffSnapshots, endpointKey, socketEvents, type Snapshot, type Tracked, type Tracking } from "../../src/operators/socket-events.ts";
import { tcpRecord } from "../_support/records.ts";

const tcp = (localPort: number, foreignPort: number, state: string | null, inode: number, pid?: number | null): NetworkRecord =>
  tcpRecord(localPort, foreignPort, state, inode, pid === undefined ? {} : { pid });

const unixSock: UnixRecord = {
  kind: "socket",
  proto: "unix",
  refcnt: 2,
  flags: "ACC",
  type: "STREAM",
  state: "LISTENING",
  inode: 77,
  path: "/run/x.sock",
  family: "unix",
};

const track = (records: readonly (NetworkRecord | UnixRecord)[], at = 0): Tracking => ({
  tracked: records.map((record): Tracked => ({ record, firstSeen: at, existing: false, followed: true })),
  at,
});
const summary = (d: ReturnType<typeof diffSnapshots>) =>
  d.events.map((e) => `${e.event}:${e.record.kind === "network" ? `${e.record.local_port_num}>${e.record.foreign_port_num}/${e.record.inode}` : e.record.inode}:${e.record.state}`);

const listener = tcp(80, 0, "LISTEN", 10);
const conn = tcp(80, 5000, "ESTABLISHED", 11);

const cases = [
  { name: "diffSnapshots reports nothing when nothing changed", prev: [listener, conn], next: [conn, listener], want: [] },
  { name: "diffSnapshots reports a new socket as open", prev: [listener], next: [listener, conn], want: ["open:80>5000/11:ESTABLISHED"] },
  { name: "diffSnapshots reports a vanished socket as close", prev: [listener, conn], next: [listener], want: ["close:80>5000/11:ESTABLISHED"] },
  {
    name: "diffSnapshots reports a state change with the same inode",
    prev: [conn],
    next: [tcp(80, 5000, "CLOSE_WAIT", 11)],
    want: ["state:80>5000/11:CLOSE_WAIT"],
  },
  {
    name: "diffSnapshots follows a connection into TIME_WAIT (inode 0) as a state change",
    prev: [conn],
    next: [tcp(80, 5000, "TIME_WAIT", 0)],
    want: ["state:80>5000/0:TIME_WAIT"],
  },
  {
    name: "diffSnapshots treats a reused port with a new inode as close then open",
    prev: [conn],
    next: [tcp(80, 5000, "ESTABLISHED", 12)],
    want: ["close:80>5000/11:ESTABLISHED", "open:80>5000/12:ESTABLISHED"],
  },
  {
    name: "diffSnapshots treats a TIME_WAIT replaced by a new connection as close then open",
    prev: [tcp(80, 5000, "TIME_WAIT", 0)],
    next: [tcp(80, 5000, "ESTABLISHED", 13)],
    want: ["close:80>5000/0:TIME_WAIT", "open:80>5000/13:ESTABLISHED"],
  },
  {
    name: "diffSnapshots keeps two SO_REUSEPORT listeners apart by inode",
    prev: [tcp(80, 0, "LISTEN", 20), tcp(80, 0, "LISTEN", 21)],
    next: [tcp(80, 0, "LISTEN", 21)],
    want: ["close:80>0/20:LISTEN"],
  },
  {
    name: "diffSnapshots follows an accepted connection from the queue (inode 0) to its inode",
    prev: [tcp(80, 5000, "ESTABLISHED", 0)],
    next: [tcp(80, 5000, "ESTABLISHED", 14)],
    want: [],
  },
  { name: "diffSnapshots tracks unix sockets by inode", prev: [unixSock], next: [], want: ["close:77:LISTENING"] },
  {
    name: "diffSnapshots counts a socket listed twice in one read once",
    prev: [],
    next: [conn, listener, conn],
    want: ["open:80>5000/11:ESTABLISHED", "open:80>0/10:LISTEN"],
  },
  { name: "diffSnapshots handles two empty polls", prev: [], next: [], want: [] },
] as const;

describe("diffSnapshots", () => {
  for (const c of cases) {
    test(c.name, () => {
      expect(summary(diffSnapshots(track(c.prev), { at: 1000, records: c.next }))).toEqual([...c.want]);
    });
  }

  test("diffSnapshots keeps the Tracked objects of records it meets again, and nothing else changes", () => {
    const first = baseline({ at: 10, records: [listener, conn] }, false);
    const same = diffSnapshots(first, { at: 20, records: [listener, conn] });
    expect(same.events).toEqual([]);
    expect(same.tracked).toBe(first.tracked);
    expect(same.at).toBe(20);
    const moved = diffSnapshots(same, { at: 30, records: [conn, listener] });
    expect(moved.events).toEqual([]);
    expect(moved.tracked.map((t) => t.record)).toEqual([conn, listener]);
    moved.tracked.forEach((t) => expect(first.tracked).toContain(t));
    const later = diffSnapshots(moved, { at: 40, records: [conn] });
    expect(later.events).toEqual([{ event: "close", at: 40, record: listener, firstSeen: 10, lastSeen: 30 }]);
    expect(later.tracked[0]).toBe(first.tracked[1]!);
  });

  test("diffSnapshots gives a close the first and last time seen", () => {
    const first = diffSnapshots(track([], 0), { at: 100, records: [conn] });
    const second = diffSnapshots(first, { at: 300, records: [conn] });
    const third = diffSnapshots(second, { at: 500, records: [] });
    expect(third.events).toEqual([{ event: "close", at: 500, record: conn, firstSeen: 100, lastSeen: 300 }]);
  });

  test("diffSnapshots keeps the last owner seen when the owner disappears before the close", () => {
    const owned = tcp(80, 5000, "FIN_WAIT2", 11, 42);
    const orphan = tcp(80, 5000, "FIN_WAIT2", 11, null);
    const a = diffSnapshots(track([], 0), { at: 0, records: [owned] });
    const b = diffSnapshots(a, { at: 1, records: [orphan] });
    expect(b.events).toEqual([]);
    const c = diffSnapshots(b, { at: 2, records: [] });
    expect(c.events[0]?.record.pid).toBe(42);
    expect(c.events[0]?.record.program_name).toBe("srv");
  });

  test("baseline is silent unless existing sockets are asked for", () => {
    expect(baseline({ at: 5, records: [conn] }, false).events).toEqual([]);
    expect(baseline({ at: 5, records: [conn] }, true).events).toEqual([{ event: "open", at: 5, record: conn, existing: true }]);
  });
});

describe("diffSnapshots with filters", () => {
  // What --state established and --pid 42 select, on the tracked record (the last owner seen).
  const established = (record: NetworkRecord | UnixRecord): boolean => record.state === "ESTABLISHED";
  const ownedBy42 = (record: NetworkRecord | UnixRecord): boolean => record.pid === 42;
  const finWait1 = tcp(80, 5000, "FIN_WAIT1", 11);
  const timeWait = tcp(80, 5000, "TIME_WAIT", 0);
  const steps = (selects: (r: NetworkRecord | UnixRecord) => boolean, polls: readonly (readonly (NetworkRecord | UnixRecord)[])[]) => {
    let diff = baseline({ at: 0, records: polls[0]! }, false, selects);
    const events = [];
    for (let i = 1; i < polls.length; i++) {
      diff = diffSnapshots(diff, { at: i * 100, records: polls[i]! }, selects);
      events.push(...diff.events.map((e) => ({ ...e, record: `${e.record.state}/${e.record.pid ?? "-"}` })));
    }
    return events;
  };

  test("diffSnapshots reports a followed socket leaving the selected states as a state event, and its close with its whole life", () => {
    const other = tcp(81, 0, "LISTEN", 12);
    expect(steps(established, [[listener], [listener, conn, other], [listener, finWait1, other], [listener, timeWait], [listener]])).toEqual([
      { event: "open", at: 100, record: "ESTABLISHED/-", existing: false },
      { event: "state", at: 200, record: "FIN_WAIT1/-", previousState: "ESTABLISHED" },
      { event: "state", at: 300, record: "TIME_WAIT/-", previousState: "FIN_WAIT1" },
      { event: "close", at: 400, record: "TIME_WAIT/-", firstSeen: 100, lastSeen: 300 },
    ]);
  });

  test("diffSnapshots reports a socket entering the selected states as a state event, counting its life from its first sighting", () => {
    const synSent = tcp(80, 5000, "SYN_SENT", 11);
    expect(steps(established, [[], [synSent], [conn], []])).toEqual([
      { event: "state", at: 200, record: "ESTABLISHED/-", previousState: "SYN_SENT" },
      { event: "close", at: 300, record: "ESTABLISHED/-", firstSeen: 100, lastSeen: 200 },
    ]);
  });

  test("diffSnapshots reports nothing of a socket that never matches", () => {
    expect(steps(established, [[listener], [], [listener], [tcp(80, 0, "LISTEN", 12)], []])).toEqual([]);
  });

  test("diffSnapshots reports a socket whose owner becomes the filtered one as open, and keeps it through TIME_WAIT", () => {
    const queued = tcp(80, 5000, "ESTABLISHED", 0, null);
    const accepted = tcp(80, 5000, "ESTABLISHED", 14, 42);
    const orphan = tcp(80, 5000, "TIME_WAIT", 0, null);
    expect(steps(ownedBy42, [[], [queued], [accepted], [orphan], []])).toEqual([
      { event: "open", at: 200, record: "ESTABLISHED/42", existing: false },
      { event: "state", at: 300, record: "TIME_WAIT/42", previousState: "ESTABLISHED" },
      { event: "close", at: 400, record: "TIME_WAIT/42", firstSeen: 100, lastSeen: 300 },
    ]);
  });

  test("baseline with includeExisting reports only the sockets that match", () => {
    expect(baseline({ at: 5, records: [listener, conn] }, true, established).events).toEqual([{ event: "open", at: 5, record: conn, existing: true }]);
  });
});

describe("socketEvents", () => {
  const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  const snaps: Record<string, Snapshot> = {
    a: { at: 0, records: [listener] },
    b: { at: 1, records: [listener, conn] },
    c: { at: 2, records: [listener] },
  };
  const open = { event: "open", at: 1, record: conn, existing: false };
  const close = { event: "close", at: 2, record: conn, firstSeen: 1, lastSeen: 1 };

  test("socketEvents emits open and close after a silent baseline", () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("a-b-c-|", snaps);
      expectObservable(source.pipe(socketEvents(false))).toBe("--o-x-|", { o: open, x: close });
      expectSubscriptions(source.subscriptions).toBe("^-----!");
    });
  });

  test("socketEvents with filters reports a socket leaving them as a state event, then its close", () => {
    const leaving: Record<string, Snapshot> = {
      a: { at: 0, records: [listener] },
      b: { at: 1, records: [listener, conn, tcp(81, 0, "LISTEN", 12)] },
      c: { at: 2, records: [listener, tcp(80, 5000, "CLOSE_WAIT", 11)] },
      d: { at: 3, records: [listener] },
    };
    const closeWait = tcp(80, 5000, "CLOSE_WAIT", 11);
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("a-b-c-d-|", leaving);
      expectObservable(source.pipe(socketEvents(false, (r) => r.state === "ESTABLISHED"))).toBe("--o-s-x-|", {
        o: open,
        s: { event: "state", at: 2, record: closeWait, previousState: "ESTABLISHED" },
        x: { event: "close", at: 3, record: closeWait, firstSeen: 1, lastSeen: 2 },
      });
      expectSubscriptions(source.subscriptions).toBe("^-------!");
    });
  });

  test("socketEvents reports existing sockets first with includeExisting", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("a|", snaps).pipe(socketEvents(true))).toBe("e|", {
        e: { event: "open", at: 0, record: listener, existing: true },
      });
    });
  });

  test("socketEvents completes empty on an empty source", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Snapshot>("|").pipe(socketEvents(false))).toBe("|");
    });
  });

  test("socketEvents passes errors on", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("a-b-#", snaps, new Error("boom")).pipe(socketEvents(false))).toBe("--o-#", { o: open }, new Error("boom"));
    });
  });

  test("socketEvents unsubscribes from the source when the subscriber leaves early", () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot("a-b-c-|", snaps);
      expectObservable(source.pipe(socketEvents(false)), "^--!").toBe("--o", { o: open });
      expectSubscriptions(source.subscriptions).toBe("^--!");
    });
  });
});

describe("endpointKey", () => {
  test("endpointKey tells equal endpoints in two namespaces apart", () => {
    const a = { ...tcp(80, 5000, "ESTABLISHED", 0), netns: 4026532301 };
    const b = { ...tcp(80, 5000, "ESTABLISHED", 0), netns: 4026532302 };
    expect(endpointKey(a)).not.toBe(endpointKey(b));
    expect(endpointKey(tcp(80, 5000, "ESTABLISHED", 0))).toBe(endpointKey(tcp(80, 5000, "TIME_WAIT", 0)));
  });

  test("diffSnapshots keeps same-endpoint connections of two namespaces apart", () => {
    const a = { ...tcp(80, 5000, "ESTABLISHED", 11), netns: 1 };
    const b = { ...tcp(80, 5000, "ESTABLISHED", 12), netns: 2 };
    const first = baseline({ at: 0, records: [a, b] }, false);
    // Namespace 1's connection enters TIME_WAIT; namespace 2's closes.
    const next = diffSnapshots(first, { at: 1, records: [{ ...a, state: "TIME_WAIT", inode: 0 }] });
    expect(next.events.map((e) => [e.event, e.record.netns])).toEqual([
      ["close", 2],
      ["state", 1],
    ]);
  });
});
