import { expect, test } from "bun:test";
import type { InterfaceStats } from "../../src/model/interface.ts";
import { HARDWARE_TYPES, hardwareAddressText, hardwareMemory, hardwareType } from "../../src/format/hw-types.ts";

// ARPHRD numbers from <linux/if_arp.h>; names and titles as netstat 2.10's lib/hw.c gives them.
const known = [
  [0, "netrom", "AMPR NET/ROM"], [1, "ether", "Ethernet"], [3, "ax25", "AMPR AX.25"], [7, "arcnet", "ARCnet"],
  [15, "dlci", "Frame Relay DLCI"], [27, "eui64", "Generic EUI-64"], [256, "slip", "Serial Line IP"],
  [257, "cslip", "VJ Serial Line IP"], [258, "slip6", "6-bit Serial Line IP"], [259, "cslip6", "VJ 6-bit Serial Line IP"],
  [264, "adaptive", "Adaptive Serial Line IP"], [270, "rose", "AMPR ROSE"], [271, "x25", "generic X.25"],
  [512, "ppp", "Point-to-Point Protocol"], [513, "hdlc", "(Cisco)-HDLC"], [516, "lapb", "LAPB"],
  [768, "tunnel", "IPIP Tunnel"], [770, "frad", "Frame Relay Access Device"], [772, "loop", "Local Loopback"],
  [774, "fddi", "Fiber Distributed Data Interface"], [776, "sit", "IPv6-in-IPv4"], [780, "hippi", "HIPPI"],
  [781, "ash", "Ash"], [782, "ec", "Econet"], [783, "irda", "IrLAP"], [-1, "unspec", "UNSPEC"],
] as const;
for (const [type, name, title] of known) {
  test(`hardwareType names ARPHRD ${type} ${name}`, () => expect(hardwareType(type)).toMatchObject({ name, title }));
}

test("HARDWARE_TYPES holds each number once", () => {
  expect(new Set(HARDWARE_TYPES.map((t) => t.type)).size).toBe(HARDWARE_TYPES.length);
  expect(HARDWARE_TYPES).toHaveLength(known.length);
});

// Types this netstat build leaves out (Token Ring, STRIP, InfiniBand) and ones it never had.
const unknown = [
  ["ARPHRD_IEEE802_TR", 800], ["ARPHRD_METRICOM", 23], ["ARPHRD_INFINIBAND", 32], ["ARPHRD_IPGRE", 778],
  ["ARPHRD_TUNNEL6", 769], ["ARPHRD_NONE as a signed short", -2], ["ARPHRD_IEEE80211", 801], ["ARPHRD_NETLINK", 824],
] as const;
for (const [what, type] of unknown) {
  test(`hardwareType falls back to unspec for ${what}`, () => expect(hardwareType(type).name).toBe("unspec"));
}

const noAddress = ["loop", "slip", "cslip", "slip6", "cslip6", "adaptive", "ppp", "hdlc", "lapb", "frad", "sit", "ec"];
test("hardwareAddressText is undefined for the types netstat prints by name alone", () => {
  const silent = HARDWARE_TYPES.filter((t) => hardwareAddressText(t, [1, 2, 3, 4, 5, 6, 7, 8]) === undefined).map((t) => t.name);
  expect(silent.sort()).toEqual([...noAddress].sort());
});

const address = [0x02, 0xab, 0x0c, 0xde, 0xf0, 0x19, 0x77, 0x88, 0x99, 0xaa];
const printed = [
  ["ether", "02:ab:0c:de:f0:19"],
  ["eui64", "02:AB:0C:DE:F0:19:77:88"],
  // netstat keeps only the first 8 bytes the kernel gives.
  ["unspec", "02-AB-0C-DE-F0-19-77-88-00-00-00-00-00-00-00-00"],
  ["tunnel", ""],
] as const;
for (const [name, want] of printed) {
  test(`hardwareAddressText prints a ${name} address`, () => {
    const type = HARDWARE_TYPES.find((t) => t.name === name)!;
    expect(hardwareAddressText(type, address)).toBe(want);
  });
}

const stats = { rxPackets: 0x0102n, txPackets: 0xf0n, rxBytes: 0x1_0000_0000n } as InterfaceStats;

const layouts = [
  {
    name: "puts the counters-read flag, padding and three counters after the 32-byte buffer",
    stats,
    want: [...address.slice(0, 8), ...new Array<number>(24).fill(0), 1, 0, 0, 0, 0, 0, 0, 0,
      0x02, 0x01, 0, 0, 0, 0, 0, 0, 0xf0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
  },
  { name: "is zero after the buffer for an alias label without counters", stats: undefined, want: [...address.slice(0, 8), ...new Array<number>(56).fill(0)] },
] as const;
for (const c of layouts) test(`hardwareMemory ${c.name}`, () => expect(hardwareMemory(address, c.stats)).toEqual([...c.want]));

test("hardwareAddressText gives Ash the bytes after the buffer", () => {
  // 0x02 -> 2, 0xab/0xde/0xf0/0x99.. -> f, 0x0c -> c, 0x19 -> 1, 0x77 -> 7; flag 1; rx 0x0102 -> 2,1; tx 0xf0 -> f; rx bytes byte 4 = 1.
  const want = `[2fcff17f${"0".repeat(24)}1${"0".repeat(7)}21${"0".repeat(6)}f${"0".repeat(7)}0000${"1"}000]`;
  expect(hardwareAddressText(hardwareType(781), address, stats)).toBe(want);
});
