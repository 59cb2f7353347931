import { expect, test } from "bun:test";
import type { Interface } from "../../src/model/interface.ts";
import { byteUnits, interfaceBlock, interfaceRow, longFlags, shortFlags } from "../../src/format/netstat-interfaces.ts";

const unitCases = [[726n, "726.0 B"], [1024n, "1024.0 B"], [1025n, "1.0 KiB"], [3573n, "3.4 KiB"], [5n * 1048576n + 1n, "5.0 MiB"]] as const;
for (const [bytes, text] of unitCases) test(`byteUnits shows ${bytes} as ${text}`, () => expect(byteUnits(bytes)).toBe(text));

const flagCases = [[0x1043, "BMRU"], [0x49, "LRU"], [0, "[NO FLAGS]"], [0x1343, "ABMPRU"], [0x10d1, "MOPRU"]] as const;
for (const [flags, text] of flagCases) test(`shortFlags shows ${flags.toString(16)} as ${text}`, () => expect(shortFlags(flags)).toBe(text));

test("longFlags names the flags and handles none", () => {
  expect(longFlags(4163)).toBe("flags=4163<UP,BROADCAST,RUNNING,MULTICAST>");
  expect(longFlags(0)).toBe("flags=0<");
});

const alias: Interface = {
  kind: "interface", name: "vp0:1", flags: 0x1043, mtu: 1500, txQueueLength: 1000, hardwareType: 1,
  hardwareAddress: [0x4a, 0x54, 0x12, 7, 0x90, 0xf9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
  map: { memStart: 0n, memEnd: 0n, baseAddress: 0, irq: 0, dma: 0 },
  ipv4: { address: "203.0.113.5", netmask: "255.255.255.0", broadcast: "0.0.0.0", destination: "0.0.0.0" },
  ipv6: [],
};

// Whole rows are compared with the real netstat in test/parity/modes.test.ts (which has an
// alias label); these check only what an alias lacks.
test("interfaceRow shows an alias without statistics", () => {
  const row = interfaceRow(alias);
  expect(row.startsWith("vp0:1 ")).toBe(true);
  expect(row).toContain("- no statistics available -");
  expect(row.endsWith("BMRU\n")).toBe(true);
});

test("interfaceBlock shows an alias's address and hardware line without counters", () => {
  const block = interfaceBlock(alias);
  expect(block).toContain("inet 203.0.113.5");
  expect(block).toContain("ether 4a:54:12:07:90:f9");
  expect(block).not.toContain("RX packets");
  expect(block).not.toContain("TX errors");
});
