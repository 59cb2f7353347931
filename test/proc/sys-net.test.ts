import { expect, test } from "bun:test";
import { parseSysAddress, parseSysNumber, sysInterfaceFlags } from "../../src/proc/sys-net.ts";

test("parseSysNumber reads hex and decimal attributes", () => {
  expect(parseSysNumber("0x1003\n")).toBe(0x1003);
  expect(parseSysNumber("1500\n")).toBe(1500);
  expect(parseSysNumber("up\n")).toBeUndefined();
});

test("parseSysAddress reads colon hex", () => {
  expect(parseSysAddress("4a:54:12:07:90:f9\n")).toEqual([0x4a, 0x54, 0x12, 0x07, 0x90, 0xf9]);
  expect(parseSysAddress("\n")).toEqual([]);
});

const flagCases = [
  { name: "adds RUNNING to an up device that is up", flags: 0x1003, state: "up", out: 0x1043 },
  { name: "adds RUNNING when the state is unknown (loopback)", flags: 0x9, state: "unknown", out: 0x49 },
  { name: "leaves a device without carrier not running", flags: 0x1003, state: "lowerlayerdown", out: 0x1003 },
  { name: "leaves a down device alone", flags: 0x1002, state: "down", out: 0x1002 },
] as const;
for (const c of flagCases) test(`sysInterfaceFlags ${c.name}`, () => expect(sysInterfaceFlags(c.flags, c.state)).toBe(c.out));
