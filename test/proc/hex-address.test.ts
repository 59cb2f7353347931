import { describe, expect, test } from "bun:test";
import { decodeHexAddress, decodeHexIpv4, decodeHexIpv6, formatIpv6 } from "../../src/proc/hex-address.ts";

describe("decodeHexAddress", () => {
  const cases = [
    { name: "decodes IPv4 in little-endian word order", hex: "0100007F", family: "inet", address: "127.0.0.1" },
    { name: "decodes the IPv4 wildcard", hex: "00000000", family: "inet", address: "0.0.0.0" },
    { name: "decodes a short IPv4 word as sscanf %X would", hex: "7F", family: "inet", address: "127.0.0.0" },
    { name: "decodes IPv6 loopback in kernel word order", hex: "00000000000000000000000001000000", family: "inet6", address: "::1" },
    { name: "decodes the IPv6 wildcard", hex: "00000000000000000000000000000000", family: "inet6", address: "::" },
    {
      name: "decodes IPv6 addresses in kernel word order",
      hex: "B80D0120000000000000000001000000",
      family: "inet6",
      address: "2001:db8::1",
    },
    {
      name: "decodes an IPv4-mapped IPv6 address with a dotted tail",
      hex: "0000000000000000FFFF00000100007F",
      family: "inet6",
      address: "::ffff:127.0.0.1",
    },
    {
      name: "decodes a link-local address from a real capture",
      hex: "000080FE00000000FFADE15609667CFE",
      family: "inet6",
      address: "fe80::56e1:adff:fe7c:6609",
    },
  ] as const;
  for (const c of cases) {
    test(c.name, () => {
      expect(decodeHexAddress(c.hex)).toEqual({ family: c.family, address: c.address });
    });
  }
});

describe("formatIpv6", () => {
  const bytes = (words: number[]): Uint8Array => Uint8Array.from(words.flatMap((w) => [w >> 8, w & 0xff]));
  const cases = [
    { name: "compresses the longest zero run", words: [0x2001, 0xdb8, 0, 0, 1, 0, 0, 0], text: "2001:db8:0:0:1::" },
    { name: "prefers the first of equal zero runs", words: [1, 0, 0, 2, 0, 0, 3, 4], text: "1::2:0:0:3:4" },
    { name: "leaves a single zero word uncompressed", words: [1, 0, 2, 3, 4, 5, 6, 7], text: "1:0:2:3:4:5:6:7" },
    { name: "prints IPv4-compatible addresses with a dotted tail", words: [0, 0, 0, 0, 0, 0, 0x0102, 0x0304], text: "::1.2.3.4" },
    { name: "prints all-ones words in lower case", words: [0xffff, 0xabcd, 0, 0, 0, 0, 0, 1], text: "ffff:abcd::1" },
  ];
  for (const c of cases) {
    test(c.name, () => {
      expect(formatIpv6(bytes(c.words))).toBe(c.text);
    });
  }
});

test("decodeHexIpv4 keeps the low 32 bits of an oversized word, as a saturated strtoul does", () => {
  expect([...decodeHexIpv4("FFFFFFFFFFFFFFFFFFFF")]).toEqual([255, 255, 255, 255]);
});

test("decodeHexIpv6 zero-fills words missing from a short address", () => {
  expect([...decodeHexIpv6("0100007F0100007F")].slice(8)).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
});
