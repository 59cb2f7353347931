import { expect, test } from "bun:test";
import {
  arcnetAddress,
  ashAddress,
  callsignAddress,
  dlciAddress,
  emptyAddress,
  etherAddress,
  eui64Address,
  fddiAddress,
  hippiAddress,
  irdaAddress,
  roseAddress,
  unspecAddress,
  x25Address,
  type AddressPrinter,
} from "../../src/format/hw-address.ts";

/** Bytes as the kernel stores an AX.25 address: each callsign character shifted left one bit, padded with spaces, then the SSID in bits 1..4. */
function ax25(call: string, ssid: number): number[] {
  return [...call.padEnd(6, " ")].map((c) => c.charCodeAt(0) << 1).concat(0x60 | (ssid << 1));
}

const mac = [0x02, 0xab, 0x0c, 0xde, 0xf0, 0x19, 0x77, 0x88];
const highBytes = [0x01, 0x02, 0x03, 0x84];
const allZero: number[] = [];
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const cases: readonly { name: string; print: AddressPrinter; bytes: readonly number[]; want: string }[] = [
  { name: "etherAddress prints six bytes in lower-case hex with colons", print: etherAddress, bytes: mac, want: "02:ab:0c:de:f0:19" },
  { name: "fddiAddress prints six bytes in upper-case hex with dashes", print: fddiAddress, bytes: mac, want: "02-AB-0C-DE-F0-19" },
  { name: "hippiAddress prints six bytes in upper-case hex with colons", print: hippiAddress, bytes: mac, want: "02:AB:0C:DE:F0:19" },
  { name: "eui64Address prints eight bytes in upper-case hex with colons", print: eui64Address, bytes: mac, want: "02:AB:0C:DE:F0:19:77:88" },
  { name: "unspecAddress prints sixteen bytes, missing ones as 00", print: unspecAddress, bytes: mac, want: "02-AB-0C-DE-F0-19-77-88-00-00-00-00-00-00-00-00" },
  { name: "roseAddress prints five bytes as ten lower-case digits", print: roseAddress, bytes: [0x50, 0x50, 0x29, 0x4a, 0xbc], want: "5050294abc" },
  { name: "arcnetAddress prints the first byte in upper-case hex", print: arcnetAddress, bytes: [0x0a, 0xff], want: "0A" },
  { name: "callsignAddress decodes a callsign and its SSID", print: callsignAddress, bytes: ax25("N7LTRR", 1), want: "N7LTRR-1" },
  { name: "callsignAddress stops the callsign at its padding", print: callsignAddress, bytes: ax25("G4KLX", 15), want: "G4KLX-15" },
  { name: "callsignAddress leaves out SSID 0", print: callsignAddress, bytes: ax25("NODE", 0), want: "NODE" },
  { name: "callsignAddress stops at a leading space and keeps the SSID", print: callsignAddress, bytes: ax25(" ABC", 2), want: "-2" },
  { name: "callsignAddress ignores the low bit and the top three bits of the SSID byte", print: callsignAddress, bytes: [0x9d, 0x6f, 0x98, 0x40, 0x40, 0x40, 0xe1], want: "N7L" },
  { name: "callsignAddress of zeros is empty", print: callsignAddress, bytes: allZero, want: "" },
  { name: "x25Address prints the digits up to the first NUL", print: x25Address, bytes: [...ascii("12345"), 0, ...ascii("67")], want: "12345" },
  { name: "x25Address stops after sixteen characters", print: x25Address, bytes: ascii("0123456789abcdefXYZ"), want: "0123456789abcdef" },
  { name: "x25Address passes other bytes through unchanged", print: x25Address, bytes: [0x01, 0xe9, 0x41], want: "\x01\xe9A" },
  { name: "dlciAddress reads a little-endian 16-bit number", print: dlciAddress, bytes: [0x10, 0x02], want: "528" },
  { name: "dlciAddress reads it as signed", print: dlciAddress, bytes: [0xff, 0xff], want: "-1" },
  { name: "irdaAddress prints bytes 3..0 in lower-case hex", print: irdaAddress, bytes: [0x0d, 0x0c, 0x0b, 0x7a], want: "7a:0b:0c:0d" },
  { name: "irdaAddress widens a high byte to eight digits and cuts at 11 characters", print: irdaAddress, bytes: highBytes, want: "ffffff84:03" },
  { name: "irdaAddress cuts a high byte in third place", print: irdaAddress, bytes: [0x01, 0x90, 0x03, 0x04], want: "04:03:fffff" },
  { name: "emptyAddress is empty", print: emptyAddress, bytes: mac, want: "" },
];
for (const c of cases) test(c.name, () => expect(c.print(c.bytes)).toBe(c.want));

test("ashAddress keeps the first hex digit of each of 64 bytes", () => {
  // 0x05 -> "5", 0x3c -> "3c" cut to "3", 0xc9 (a negative char) -> "ffffffc9" cut to "f".
  const bytes = [0x05, 0x3c, 0xc9, 0x7f, 0x10, 0x00, 0x0f, 0x80];
  expect(ashAddress(bytes)).toBe(`[53f71${"0"}f${"f"}${"0".repeat(56)}]`);
  expect(ashAddress(bytes)).toHaveLength(66);
});
