import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { IpxSocketSchema } from "../../src/model/legacy.ts";
import { ipxAddressText, ipxShownPort, parseIpxAddress, parseNetIpx } from "../../src/proc/net-ipx.ts";

const header = "Local_Address               Remote_Address              Tx_Queue  Rx_Queue  State  Uid\n";
const internNotConnected = "0000ABCD:00A0C9123456:4000  Not_Connected               00000000  00000000  07     000\n";
const connected = "0000ABCD:00A0C9123456:4001  0000BEEF:FFFFFFFFFFFF:0452  00000010  00000020  01     1000\n";
const listenState = "0000ABCD:4003  Not_Connected  0000001F  00000000  0A     000\n";
const localOnly = "0000ABCD:4005\n";
const noLocalPort = "0000ABCD  Not_Connected  00000000  00000000  07     000\n";
const noRemotePort = "0000ABCD:4000  0000BEEF  00000000  00000000  01     000\n";

describe("parseIpxAddress", () => {
  const cases = [
    { name: "parseIpxAddress reads network and node", text: "0000ABCD:00A0C9123456", want: { network: 0xabcd, node: [0, 0xa0, 0xc9, 0x12, 0x34, 0x56] } },
    { name: "parseIpxAddress leaves the node zero without a colon", text: "0000ABCD", want: { network: 0xabcd, node: [0, 0, 0, 0, 0, 0] } },
    { name: "parseIpxAddress rejects network 0", text: "00000000:00A0C9123456", want: { network: 0, node: [0, 0, 0, 0, 0, 0] } },
    { name: "parseIpxAddress rejects network FFFFFFFF", text: "FFFFFFFF:00A0C9123456", want: { network: 0, node: [0, 0, 0, 0, 0, 0] } },
    { name: "parseIpxAddress keeps the high digit of a half-read node byte", text: "12:ABCDE", want: { network: 0x12, node: [0xab, 0xcd, 0xe0, 0, 0, 0] } },
    { name: "parseIpxAddress accepts a 0x prefix, as strtoul does", text: "0x12:01", want: { network: 0x12, node: [1, 0, 0, 0, 0, 0] } },
  ];
  for (const c of cases) test(c.name, () => expect(parseIpxAddress(c.text)).toEqual(c.want));
});

describe("ipxAddressText", () => {
  const node = [0, 0xa0, 0xc9, 0x12, 0x34, 0x56];
  const none = [0, 0, 0, 0, 0, 0];
  const cases = [
    { name: "ipxAddressText prints network and node", address: { network: 0xabcd, node }, want: "0000ABCD:00A0C9123456" },
    { name: "ipxAddressText prints a network alone", address: { network: 0xabcd, node: none }, want: "0000ABCD" },
    { name: "ipxAddressText prints a node alone", address: { network: 0, node }, want: "00A0C9123456" },
    { name: "ipxAddressText prints nothing for an empty address", address: { network: 0, node: none }, want: "" },
  ];
  for (const c of cases) test(c.name, () => expect(ipxAddressText(c.address)).toBe(c.want));

  test("ipxShownPort swaps the bytes as netstat's ntohs does", () => {
    expect(ipxShownPort(0x4000)).toBe(0x0040);
    expect(ipxShownPort(ipxShownPort(0x1234))).toBe(0x1234);
  });
});

describe("parseNetIpx", () => {
  const records = (text: string) => parseNetIpx(header + text).entries.map((e) => (e.kind === "record" ? e.record : undefined));

  test("parseNetIpx reads a connected socket with the kernel's ports", () => {
    const [, record] = records(internNotConnected + connected);
    expect(record).toEqual({
      kind: "ipx",
      local: { network: 0xabcd, node: [0, 0xa0, 0xc9, 0x12, 0x34, 0x56], port: 0x4001 },
      remote: { network: 0xbeef, node: [0xff, 0xff, 0xff, 0xff, 0xff, 0xff], port: 0x0452 },
      txQueue: 0x10,
      rxQueue: 0x20,
      state: 1,
      uid: 1000,
    });
    expect(v.is(IpxSocketSchema, record)).toBe(true);
  });

  const cases = [
    { name: "parseNetIpx gives Not_Connected no remote", text: internNotConnected, at: 0, want: { remote: null, state: 7 } },
    { name: "parseNetIpx reads a hex state as decimal and keeps the line before's uid", text: connected + listenState, at: 1, want: { state: 0, uid: 1000 } },
    { name: "parseNetIpx fills a line's missing words from the line before's printed text", text: connected + localOnly, at: 1, want: { local: { network: 0xabcd, port: 0x4005 }, remote: { network: 0xbeef, port: 0x5204 }, txQueue: 0x10 } },
  ];
  for (const c of cases) test(c.name, () => expect(records(c.text)[c.at]).toMatchObject(c.want));

  const stops = [
    { name: "parseNetIpx gives up on a local address without a port", text: internNotConnected + noLocalPort + connected, port: "source", rows: 1 },
    { name: "parseNetIpx gives up on a remote address without a port", text: noRemotePort, port: "destination", rows: 0 },
    { name: "parseNetIpx gives up when the first line has no remote word", text: localOnly, port: "destination", rows: 0 },
  ];
  for (const c of stops) {
    test(c.name, () => {
      const table = parseNetIpx(header + c.text);
      expect(table.stop?.port).toBe(c.port as "source" | "destination");
      expect(table.entries.length).toBe(c.rows);
    });
  }
});
