import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { NetromSocketSchema } from "../../src/model/legacy.ts";
import { parseNetNetrom } from "../../src/proc/net-netrom.ts";

const header =
  "user_addr dest_node src_node  dev    my  your  st  vs  vr  va    t1     t2     t4      idle   n2  wnd Snd-Q Rcv-Q inode\n";
const established =
  "F1ABC-1   F6FBB-2   F1ABC-9   nr0  01/02 03/04  3   1   2   0   0/120  0/05   0/180   0/010  0/03   4    17     3 1234\n";
const overlongDevice =
  "F1ABCDE-15F6FBBXX-15F1ABCZZ-15nr12345678901234567 01/02 03/04  2 101 7 0   0/120  0/05   0/180   0/010  0/03   4 99999 88 1236\n";
const short = "short\n";
const badState =
  "F1ABC-1   F6FBB-2   F1ABC-9   nr0  01/02 03/04  x   1   2   0   0/120  0/05   0/180   0/010  0/03   4     0     0 1234\n";

describe("parseNetNetrom", () => {
  test("parseNetNetrom reads callsigns, device, state, V(r)/V(s) and queues", () => {
    const { entries } = parseNetNetrom(header + established);
    expect(entries).toEqual([
      {
        kind: "record",
        record: { kind: "netrom", user: "F1ABC-1", destination: "F6FBB-2", source: "F1ABC-9", device: "nr0", state: 3, vs: 1, vr: 2, sendQueue: 17, recvQueue: 3 },
      },
    ]);
    const first = entries[0];
    expect(first?.kind === "record" && v.is(NetromSocketSchema, first.record)).toBe(true);
  });

  const cases = [
    { name: "parseNetNetrom cuts callsigns at columns 9, 19 and 29", text: header + overlongDevice, at: 0, want: { destination: "F6FBBXX-1", source: "F1ABCZZ-1" } },
    { name: "parseNetNetrom lets an overlong device run into the user column, as netstat's stack does", text: header + overlongDevice, at: 0, want: { user: "567", device: "nr12345678901234567" } },
    { name: "parseNetNetrom reads a short line from the stale bytes of the line before", text: header + overlongDevice + short, at: 1, want: { user: "567", state: 2, vs: 101, sendQueue: 99999 } },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const entry = parseNetNetrom(c.text).entries[c.at];
      expect(entry?.kind === "record" ? entry.record : entry).toMatchObject(c.want);
    });
  }

  test("parseNetNetrom reports a line with a bad number in place", () => {
    const { entries } = parseNetNetrom(header + badState + established);
    expect(entries.map((e) => e.kind)).toEqual(["issue", "record"]);
    expect(entries[0]).toMatchObject({ issue: { line: 1, reason: "expected 6 fields, got 1" } });
  });

  test("parseNetNetrom finds nothing in a header-only or empty file", () => {
    expect(parseNetNetrom(header).entries).toEqual([]);
    expect(parseNetNetrom("").entries).toEqual([]);
  });
});
