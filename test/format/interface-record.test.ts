import { expect, test } from "bun:test";
import * as v from "valibot";
import type { Interface, InterfaceStats } from "../../src/model/interface.ts";
import { InterfaceRecordSchema } from "../../src/model/mode-records.ts";
import { interfaceRecord } from "../../src/format/interface-record.ts";

const stats = (n: bigint): InterfaceStats => ({
  rxBytes: n * 100n, rxPackets: n, rxErrors: 1n, rxDropped: 2n, rxFifo: 3n, rxFrame: 4n, rxCompressed: 5n, rxMulticast: 6n,
  txBytes: n * 200n, txPackets: n + 1n, txErrors: 7n, txDropped: 8n, txFifo: 9n, collisions: 10n, txCarrier: 11n, txCompressed: 12n,
});

const ethernet: Interface = {
  kind: "interface", name: "vp0", flags: 0x1043, mtu: 1500, txQueueLength: 1000, hardwareType: 1,
  hardwareAddress: [0x02, 0xfc, 0, 0, 0, 1, ...new Array<number>(10).fill(0)],
  map: { memStart: 0n, memEnd: 0n, baseAddress: 0, irq: 0, dma: 0 },
  ipv4: { address: "203.0.113.1", netmask: "255.255.255.0", broadcast: "203.0.113.255", destination: "0.0.0.0" },
  ipv6: [{ address: "fe80::1", prefixLength: 64, scope: 0x20 }, { address: "2001:db8::1", prefixLength: 64, scope: 0 }],
  stats: stats(1n << 56n),
};

test("interfaceRecord gives the -i row's fields as jc --netstat names them", () => {
  expect(interfaceRecord(ethernet)).toMatchObject({
    kind: "interface", iface: "vp0", mtu: 1500, rx_ok: 1n << 56n, rx_err: 1n, rx_drp: 2n, rx_ovr: 3n,
    tx_ok: (1n << 56n) + 1n, tx_err: 7n, tx_drp: 8n, tx_ovr: 9n, flg: "BMRU",
  });
});

test("interfaceRecord gives what -ie shows as jc --ifconfig names it", () => {
  expect(interfaceRecord(ethernet)).toMatchObject({
    name: "vp0", flags: 0x1043, state: ["UP", "BROADCAST", "RUNNING", "MULTICAST"], type: "Ethernet", hw_type: 1,
    mac_addr: "02:fc:00:00:00:01", txqueuelen: 1000, ipv4_addr: "203.0.113.1", ipv4_mask: "255.255.255.0",
    ipv4_bcast: "203.0.113.255", ipv4_dest: null,
    ipv4: [{ address: "203.0.113.1", mask: "255.255.255.0", broadcast: "203.0.113.255" }],
    ipv6: [
      { address: "fe80::1", mask: 64, scope: "0x20", type: "link", scope_id: 32 },
      { address: "2001:db8::1", mask: 64, scope: "0x0", type: "global", scope_id: 0 },
    ],
    rx_bytes: 100n << 56n, tx_collisions: 10n, tx_carrier: 11n, rx_multicast: 6n,
  });
  expect(v.safeParse(InterfaceRecordSchema, interfaceRecord(ethernet)).success).toBe(true);
});

const alias: Interface = { ...ethernet, name: "vp0:1", ipv6: [] };
delete (alias as { stats?: InterfaceStats }).stats;
const loopback: Interface = { ...ethernet, name: "lo", flags: 0x49, hardwareType: 772, txQueueLength: -1, ipv4: undefined as never };
delete (loopback as { ipv4?: unknown }).ipv4;

// "G4KLX" with SSID 7 as AX.25 stores it: characters shifted left one bit, space padding, SSID in bits 1..4.
const ax25Interface: Interface = { ...ethernet, hardwareType: 3, hardwareAddress: [0x8e, 0x68, 0x96, 0x98, 0xb0, 0x40, 0x6e] };

const cases = [
  { name: "gives an alias label null counters", i: alias, want: { iface: "vp0:1", rx_ok: null, tx_ovr: null, rx_bytes: null, ipv6: [] } },
  { name: "gives a loopback no hardware address, queue length or IPv4 entry", i: loopback, want: { type: "Local Loopback", mac_addr: null, txqueuelen: null, ipv4_addr: null, ipv4_bcast: null, ipv4: [], flg: "LRU" } },
    { name: "names an AX.25 interface's type and gives its callsign as the address", i: ax25Interface, want: { type: "AMPR AX.25", hw_type: 3, mac_addr: "G4KLX-7" } },
  { name: "writes [NO FLAGS] for flags 0", i: { ...loopback, flags: 0 }, want: { flg: "[NO FLAGS]", state: [] } },
] as const;
for (const c of cases) {
  test(`interfaceRecord ${c.name}`, () => {
    expect(interfaceRecord(c.i)).toMatchObject(c.want);
    expect(v.safeParse(InterfaceRecordSchema, interfaceRecord(c.i)).success).toBe(true);
  });
}
