import { describe, expect, test } from "bun:test";
import { countRecord, sortGroups, type CountGroup } from "../../src/format/socket-counts.ts";

const g = (count: number, ...values: (string | number | null)[]): CountGroup => ({ values, count });

describe("sortGroups", () => {
  const cases: readonly { name: string; groups: CountGroup[]; top?: number; want: CountGroup[] }[] = [
    { name: "puts the largest count first", groups: [g(1, "a"), g(3, "b"), g(2, "c")], want: [g(3, "b"), g(2, "c"), g(1, "a")] },
    { name: "orders ties by their text by character code", groups: [g(2, "b"), g(2, "B"), g(2, "a")], want: [g(2, "B"), g(2, "a"), g(2, "b")] },
    { name: "orders tied numbers by value, not as text", groups: [g(1, 10), g(1, 9), g(1, 100)], want: [g(1, 9), g(1, 10), g(1, 100)] },
    { name: "puts a missing value last among ties", groups: [g(1, null), g(1, "z")], want: [g(1, "z"), g(1, null)] },
    { name: "compares ties key by key, left to right", groups: [g(1, "a", 2), g(1, "a", 1), g(1, "0", 9)], want: [g(1, "0", 9), g(1, "a", 1), g(1, "a", 2)] },
    { name: "keeps the first N with a top", groups: [g(1, "a"), g(5, "b"), g(3, "c")], top: 2, want: [g(5, "b"), g(3, "c")] },
    { name: "keeps every group when the top is larger", groups: [g(1, "a")], top: 9, want: [g(1, "a")] },
  ];
  for (const c of cases) test(`sortGroups ${c.name}`, () => expect(sortGroups(c.groups, c.top)).toEqual(c.want));
});

test("countRecord names each value by its key, in the order the keys were given", () => {
  expect(countRecord(["state", "pid"], g(4, "LISTEN", null))).toEqual({ kind: "count", count: 4, state: "LISTEN", pid: null });
});
