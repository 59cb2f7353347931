import { describe, expect, test } from "bun:test";
import { parseSockstat, parseSockstatLine, sockstatValue } from "../../src/proc/net-sockstat.ts";

const tcpLine = "TCP: inuse 5 orphan 1 tw 2 alloc 9 mem 3\n";
const noValue = "UDPLITE: inuse\n";
const notANumber = "FRAG: inuse x memory 7\n";
const noSpace = "sockets:\n";
const wrapsLikeAnInt = "TCP: inuse 4294967297\n";

describe("parseSockstatLine", () => {
  const cases: readonly { name: string; line: string; want: ReturnType<typeof parseSockstatLine> }[] = [
    { name: "reads every second word as a value", line: tcpLine, want: { id: "TCP:", values: [5, 1, 2, 9, 3] } },
    { name: "keeps a line without values", line: noValue, want: { id: "UDPLITE:", values: [] } },
    { name: "stops at the first word that is no number, as %d does", line: notANumber, want: { id: "FRAG:", values: [] } },
    { name: "skips a line with no space after its ID", line: noSpace, want: undefined },
    { name: "stores a value as a C int does", line: wrapsLikeAnInt, want: { id: "TCP:", values: [1] } },
  ];
  for (const c of cases) test(`parseSockstatLine ${c.name}`, () => expect(parseSockstatLine(c.line)).toEqual(c.want));
});

describe("parseSockstat", () => {
  test("parseSockstat merges sockstat6 into sockstat by line ID", () => {
    const merged = parseSockstat("TCP6: inuse 3\nUDP6: inuse 1\n", parseSockstat(`sockets: used 7\n${tcpLine}`));
    expect([sockstatValue(merged, "sockets:"), sockstatValue(merged, "TCP:", 3), sockstatValue(merged, "TCP6:"), sockstatValue(merged, "UDP6:")]).toEqual([7, 9, 3, 1]);
  });
  test("parseSockstat lets a shorter later line replace only the values it has", () => {
    const merged = parseSockstat("TCP: inuse 8\n", parseSockstat(tcpLine));
    expect(merged.get("TCP:")).toEqual([8, 1, 2, 9, 3]);
  });
  test("sockstatValue is 0 for a line or position the files lack", () => {
    expect(sockstatValue(parseSockstat(""), "RAW6:")).toBe(0);
    expect(sockstatValue(parseSockstat(tcpLine), "TCP:", 7)).toBe(0);
  });
});
