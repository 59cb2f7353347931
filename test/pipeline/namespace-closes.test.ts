/**
 * namespaceCloses: one listener per namespace read, made inside it (the reader's own without
 * entering), kept while polls read the namespace and closed once they stop; notifications
 * labelled with their namespace; drops added up; a namespace that cannot be entered said once
 * per poll as the reason it gave, and not tried again while it is read.
 */
import { expect, test } from "bun:test";
import type { NetnsLabel } from "../../src/model/netns.ts";
import type { SocketRecord } from "../../src/model/record.ts";
import type { CloseListener, Drained } from "../../src/pipeline/kernel-closes.ts";
import { namespaceCloses } from "../../src/pipeline/namespace-closes.ts";
import { parseNetInet } from "../../src/proc/net-inet.ts";
import type { ProcRoot } from "../../src/sources/proc-root.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";
import { tcpRows } from "../_support/synthetic-proc.ts";

const OWN = 100;
const label = (netns: number): NetnsLabel => ({ netns, names: [], container: null, pid: netns + 1 });
const socket = parseNetInet(tcpRows(1), "tcp").records[0]!;

/** Listeners made by the test: what each drain gives, whether it was closed, and where it was made. */
function maker(): { open: () => CloseListener; made: { where: string; closed: boolean; next: Drained[] }[]; where: { now: string } } {
  const made: { where: string; closed: boolean; next: Drained[] }[] = [];
  const where = { now: "own" };
  return {
    made,
    where,
    open: () => {
      const entry = { where: where.now, closed: false, next: [] as Drained[] };
      made.push(entry);
      return { drain: () => entry.next.shift() ?? { destroyed: [] }, close: () => void (entry.closed = true) };
    },
  };
}

/** A root whose namespace is entered by setting `where` while `make` runs. */
function enterable(name: string, where: { now: string }): ProcRoot {
  return {
    ...createProcRoot("/nonexistent"),
    enter: (make) => {
      where.now = name;
      try {
        return make();
      } finally {
        where.now = "own";
      }
    },
  };
}

test("each namespace gets its listener made inside it, the reader's own without entering; a poll no longer reading one closes it", () => {
  const m = maker();
  const set = namespaceCloses(m.open, OWN);
  const bare = createProcRoot("/nonexistent");
  expect(set.entering(bare, label(OWN))).toBeUndefined();
  expect(set.entering(enterable("ns7", m.where), label(7))).toBeUndefined();
  // Read again at the next poll: the same listener.
  expect(set.entering(enterable("ns7", m.where), label(7))).toBeUndefined();
  expect(m.made.map((l) => l.where)).toEqual(["own", "ns7"]);
  set.settle(new Set([OWN]));
  expect(m.made.map((l) => l.closed)).toEqual([false, true]);
  set.close();
  expect(m.made.map((l) => l.closed)).toEqual([true, true]);
});

test("a namespace that cannot be entered gives its reason each poll it is read, without trying again", () => {
  let tries = 0;
  const set = namespaceCloses(() => ({ drain: () => ({ destroyed: [] }), close: () => undefined }), OWN);
  const refusing: ProcRoot = { ...createProcRoot("/nonexistent"), enter: () => (tries++, { unavailable: "entering needs root" }) };
  const why = { kind: "namespace-closes-unavailable", why: "entering needs root" } as const;
  expect(set.entering(refusing, label(7))).toEqual(why);
  expect(set.entering(refusing, label(7))).toEqual(why);
  expect(tries).toBe(1);
  // Once it is no longer read, a namespace that comes back is tried afresh.
  set.settle(new Set());
  expect(set.entering(refusing, label(7))).toEqual(why);
  expect(tries).toBe(2);
  expect(set.entering(createProcRoot("/nonexistent"), label(8))).toEqual({ kind: "namespace-closes-unavailable", why: "the namespace cannot be entered" });
});

test("a drain labels each notification with its namespace and adds up the drops; one that cannot tell makes the count unknown", () => {
  const m = maker();
  const set = namespaceCloses(m.open, OWN);
  set.entering(enterable("a", m.where), label(7));
  set.entering(enterable("b", m.where), label(8));
  m.made[0]!.next.push({ destroyed: [{ cookie: 1, socket }], lost: { count: 2 } }, { destroyed: [], lost: { count: 1 } });
  m.made[1]!.next.push({ destroyed: [{ cookie: 2, socket }], lost: { count: 3 } }, { destroyed: [], lost: { count: null } });
  const first = set.drain();
  expect(first.destroyed.map((n) => [n.cookie, n.label?.netns])).toEqual([[1, 7], [2, 8]]);
  expect(first.lost).toEqual({ count: 5 });
  expect(set.drain().lost).toEqual({ count: null });
  expect(set.drain()).toEqual({ destroyed: [] });
});

test("a poll's records count as told only in namespaces whose listener was open before the poll began", () => {
  const m = maker();
  const set = namespaceCloses(m.open, OWN);
  set.entering(enterable("a", m.where), label(7));
  const told = set.toldNow();
  set.entering(enterable("b", m.where), label(8));
  const record = (netns: number | undefined): SocketRecord => ({ netns }) as unknown as SocketRecord;
  expect([told(record(7)), told(record(8)), told(record(undefined))]).toEqual([true, false, false]);
  expect(set.toldNow()(record(8))).toBe(true);
});
