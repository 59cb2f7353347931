import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { Ax25SocketSchema } from "../../src/model/legacy.ts";
import { parseNetAx25 } from "../../src/proc/net-ax25.ts";

const withDigipeaters = "00000000deadbeef ax0 F1ABC-1 F6FBB-2,WIDE1-1*,RELAY 3 1 2 0 0 10 0 3 0 300 0 20 0 10 5 2 256 4 5 123456\n";
const noSocket = "0000000000000000 ax0 F1ABC-1* F6FBB 0 0 0 0 0 10 0 3 0 300 0 20 0 10 5 2 256 * * *\n";
const badState = "00000000deadbeef ax0 F1ABC-1 F6FBB-2 x 1 2 0 0 10 0 3 0 300 0 20 0 10 5 2 256 0 0 123456\n";
const halfQueues = "00000000deadbeef ax0 F1ABC-1 F6FBB-2 1 2 3 0 0 10 0 3 0 300 0 20 0 10 5 2 256 0 x 123456\n";
const twoWords = "a b\n";
const fourWords = "a b c d 1 2 3 0 0 10 0 3 0 300 0 20 0 10 5 2 256 0 0 123456\n";
const oldHeader = "dest_addr src_addr  dev  st  vs  vr  va    t1     t2     t3    idle   n2  rtt wnd paclen Snd-Q Rcv-Q\n";
const oldRow = "F6FBB-2   F1ABC-1   ax0   3  1  2  0   0/010  0/03   0/300   0/020  0/10   5   2   256     5     6 1234\n";
const oldNoSocket = "*         F1ABC-1   ax0   0  0  0  0   0/010  0/03   0/300   0/020  0/10   5   2   256\n";
const oldFiveFields = "F6FBB-2   F1ABC-1   ax0   4  1  2  0   0/010  0/03   0/300   0/020  0/10   5   2   256     5\n";

const entries = (text: string) => parseNetAx25(text).entries.map((e) => (e.kind === "record" ? e.record : e.issue.reason));

describe("parseNetAx25", () => {
  test("parseNetAx25 reads the 2.1+ layout and strips digipeaters", () => {
    const [record] = entries(withDigipeaters);
    expect(record).toEqual({ kind: "ax25", destination: "F6FBB-2", source: "F1ABC-1", device: "ax0", state: 3, vs: 1, vr: 2, sendQueue: 4, recvQueue: 5 });
    expect(v.is(Ax25SocketSchema, record)).toBe(true);
  });

  const cases = [
    { name: "parseNetAx25 gives empty queues to a link without a socket and keeps the digipeater star", text: noSocket, want: [{ source: "F1ABC-1*", sendQueue: 0, recvQueue: 0 }] },
    { name: "parseNetAx25 reports a bad state", text: badState, want: ["expected 3 or 5 numbers, got 0"] },
    { name: "parseNetAx25 reports a send queue without a receive queue", text: halfQueues, want: ["expected 3 or 5 numbers, got 4"] },
    { name: "parseNetAx25 walks a short line's missing words out of stale bytes", text: fourWords + twoWords, want: [{ destination: "d" }, { device: "b\n", source: "2", destination: "3", state: 0, vr: 10 }] },
    { name: "parseNetAx25 reports a walk that leaves the buffer", text: twoWords, want: ["fewer than four words"] },
    { name: "parseNetAx25 reads the 2.0 layout after its header", text: oldHeader + oldRow + oldNoSocket, want: [{ destination: "F6FBB-2", source: "F1ABC-1", device: "ax0", sendQueue: 5, recvQueue: 6 }, { destination: "*", sendQueue: 0 }] },
    { name: "parseNetAx25 reports a 2.0 row with one queue", text: oldHeader + oldFiveFields, want: ["expected 4 or 6 fields, got 5"] },
  ];
  for (const c of cases) test(c.name, () => expect(entries(c.text)).toMatchObject(c.want));

  test("parseNetAx25 picks the layout from the first line", () => {
    expect(parseNetAx25(oldHeader).layout).toBe("old");
    expect(parseNetAx25(noSocket).layout).toBe("new");
    expect(parseNetAx25("").entries).toEqual([]);
  });
});
