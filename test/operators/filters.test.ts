import { describe, expect, test } from "bun:test";
import { TestScheduler } from "rxjs/testing";
import {
  fromPort,
  inStates,
  matchingFilters,
  onPort,
  ownedByPid,
  ownedByProgram,
  ownedByUid,
  toPort,
} from "../../src/operators/filters.ts";
import type { SocketFacts } from "../../src/select/filters.ts";

const facts = (f: SocketFacts): SocketFacts => f;
const base: SocketFacts = { state: "ESTABLISHED", ssState: "ESTABLISHED", localPort: 40000, foreignPort: 22, uid: 1000, pid: 7, program: "ssh" };
const items: Record<string, SocketFacts> = {
  e: base,
  l: { ...base, state: "LISTEN", localPort: 22, foreignPort: 0, uid: 0, pid: 1, program: "sshd" },
  u: { ...base, state: null, localPort: null, foreignPort: null, uid: null, pid: null, program: null },
  x: { ...base, state: "LISTEN", localPort: null, foreignPort: null, uid: null, pid: 9, program: "dbus" },
};

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const cases = [
  { name: "inStates keeps the listed states in any case, LISTENING as LISTEN", op: inStates(["listening"], facts), want: "-l-x|" },
  { name: "inStates drops sockets without a state", op: inStates(["ESTABLISHED", "close"], facts), want: "e---|" },
  { name: "onPort matches either end", op: onPort([22], facts), want: "el--|" },
  { name: "fromPort matches the local port", op: fromPort([22], facts), want: "-l--|" },
  { name: "toPort matches the foreign port", op: toPort([22], facts), want: "e---|" },
  { name: "ownedByPid matches the owner's pid", op: ownedByPid([9], facts), want: "---x|" },
  { name: "ownedByUid matches the uid", op: ownedByUid([0], facts), want: "-l--|" },
  { name: "ownedByProgram matches the program name exactly", op: ownedByProgram(["sshd"], facts), want: "-l--|" },
  { name: "matchingFilters with no filters keeps everything", op: matchingFilters({}, undefined, facts), want: "elux|" },
  { name: "onPort keeps a socket with any of the ports", op: onPort([40000, 0], facts), want: "el--|" },
  { name: "fromPort keeps any of the local ports", op: fromPort([40000, 22], facts), want: "el--|" },
  { name: "toPort keeps any of the foreign ports", op: toPort([0, 22], facts), want: "el--|" },
  { name: "ownedByPid keeps any of the pids, whatever their order", op: ownedByPid([9, 1], facts), want: "-l-x|" },
  { name: "ownedByUid keeps any of the uids", op: ownedByUid([1000, 0], facts), want: "el--|" },
  { name: "ownedByProgram keeps any of the programs", op: ownedByProgram(["dbus", "ssh"], facts), want: "e--x|" },
  {
    name: "matchingFilters ORs the values of one filter and ANDs the filters",
    op: matchingFilters({ port: [22, 5432], pid: [1, 7] }, undefined, facts),
    want: "el--|",
  },
  {
    name: "matchingFilters applies every filter given",
    op: matchingFilters({ states: ["LISTEN"], port: [22], program: ["sshd"] }, [0], facts),
    want: "-l--|",
  },
] as const;

describe("filter operators", () => {
  for (const c of cases) {
    test(c.name, () => {
      scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold("elux|", items);
        expectObservable(source.pipe(c.op)).toBe(c.want, items);
        expectSubscriptions(source.subscriptions).toBe("^---!");
      });
    });
  }

  test("filter operators complete empty on an empty source", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<SocketFacts>("|").pipe(matchingFilters({ port: [22] }, undefined, facts))).toBe("|");
    });
  });

  test("filter operators pass errors on", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("e-#", items).pipe(onPort([22], facts))).toBe("e-#", items);
    });
  });

  test("filter operators unsubscribe from the source on early unsubscribe", () => {
    scheduler().run(({ hot, expectObservable, expectSubscriptions }) => {
      const source = hot("e-l-u-x-|", items);
      expectObservable(source.pipe(onPort([22], facts)), "^--!").toBe("e-l", items);
      expectSubscriptions(source.subscriptions).toBe("^--!");
    });
  });
});
