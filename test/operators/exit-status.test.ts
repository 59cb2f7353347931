import { describe, expect, test } from "bun:test";
import { TestScheduler } from "rxjs/testing";
import type { Diagnostic } from "../../src/model/diagnostic.ts";
import { exitStatus as exitStatusOf, statusOf } from "../../src/model/exit-status.ts";
import { diagnostic, record, section, type Item } from "../../src/model/pipeline.ts";
import { exitStatus, untilFailure } from "../../src/operators/exit-status.ts";

const scheduler = (): TestScheduler => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

const bogus: Diagnostic = { kind: "bogus-line", reader: "tcp", line: 3 };
const notConfigured: Diagnostic = { kind: "not-configured", family: "INET (IPv4)", path: "/proc/net/route", errno: "ENOENT" };
const noRouting: Diagnostic = { kind: "no-routing", family: "unix" };

const items: Record<string, Item<number>> = {
  s: section("route4"),
  r: record(1),
  b: diagnostic(bogus),
  f: diagnostic(notConfigured),
  n: diagnostic(noRouting),
  u: diagnostic({ kind: "no-support", family: "AF INET (tcp)", asked: false }),
  a: diagnostic({ kind: "no-support", family: "AF INET (tcp)", asked: true }),
};

describe("statusOf: one rule over the diagnostics", () => {
  test("warnings do not fail a run; netstat's failures carry its statuses", () => {
    expect(statusOf(bogus)).toBe(0);
    expect(statusOf(notConfigured)).toBe(1);
    expect(statusOf(noRouting)).toBe(3);
    expect(statusOf({ kind: "unreadable", path: "/proc/net/tcp", errno: "EIO" })).toBe(255);
  });
  test("a missing table fails the run only when its family was asked for", () => {
    expect(statusOf({ kind: "no-support", family: "AF UNIX", asked: false })).toBe(0);
    expect(statusOf({ kind: "no-support", family: "AF UNIX", asked: true })).toBe(1);
  });
  test("a run ends with its first failing diagnostic's status", () => {
    expect(exitStatusOf([])).toBe(0);
    expect(exitStatusOf([bogus, noRouting, notConfigured])).toBe(3);
  });
});

describe("untilFailure", () => {
  test("passes everything through a pass without failures", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("s-r-b-u-r|", items).pipe(untilFailure())).toBe("s-r-b-u-r|", items);
    });
  });
  test("ends the pass right after the first failing diagnostic, unsubscribing from the rest", () => {
    scheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold("s-r-f-r-n|", items);
      expectObservable(source.pipe(untilFailure())).toBe("s-r-(f|)", items);
      expectSubscriptions(source.subscriptions).toBe("^---!");
    });
  });
  test("an error still reaches the subscriber", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("s-r-#", items).pipe(untilFailure())).toBe("s-r-#", items);
    });
  });
});

describe("exitStatus", () => {
  test("is 0 for an empty pass and for one with warnings only", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("|", items).pipe(exitStatus())).toBe("(z|)", { z: 0 });
      expectObservable(cold("s-b-u-r|", items).pipe(exitStatus())).toBe("-------(z|)", { z: 0 });
    });
  });
  test("is the first failing diagnostic's status, given once the items complete", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("s-n-f-a|", items).pipe(exitStatus())).toBe("-------(x|)", { x: 3 });
      expectObservable(cold("r-a-f|", items).pipe(exitStatus())).toBe("-----(x|)", { x: 1 });
    });
  });
  test("an error is passed on, not turned into a status", () => {
    scheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold("s-f-#", items).pipe(exitStatus())).toBe("----#");
    });
  });
});
