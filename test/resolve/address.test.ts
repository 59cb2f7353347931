import { describe, expect, test } from "bun:test";
import { canonicalAddress, ptrName } from "../../src/resolve/address.ts";

describe("canonicalAddress", () => {
  const cases = [
    { name: "canonicalAddress keeps a dotted quad", text: "127.0.0.1", out: "127.0.0.1" },
    { name: "canonicalAddress rejects a short dotted quad, as inet_pton does", text: "127.1", out: undefined },
    { name: "canonicalAddress rejects leading zeros", text: "127.0.0.01", out: undefined },
    { name: "canonicalAddress compresses IPv6", text: "2001:0db8:0000:0000:0000:0000:0000:0001", out: "2001:db8::1" },
    { name: "canonicalAddress reads an IPv4-mapped tail", text: "::FFFF:127.0.0.1", out: "::ffff:127.0.0.1" },
    { name: "canonicalAddress rejects two double colons", text: "1::2::3", out: undefined },
    { name: "canonicalAddress rejects names", text: "localhost", out: undefined },
  ];
  for (const c of cases) test(c.name, () => expect(canonicalAddress(c.text)).toBe(c.out));
});

describe("ptrName", () => {
  const cases = [
    { name: "ptrName reverses IPv4 octets", address: "203.0.113.7", out: "7.113.0.203.in-addr.arpa" },
    { name: "ptrName spells IPv6 nibbles", address: "2001:db8::1", out: `1.${"0.".repeat(23)}8.b.d.0.1.0.0.2.ip6.arpa` },
    { name: "ptrName asks in-addr.arpa for IPv4-mapped addresses, as glibc does", address: "::ffff:198.51.100.2", out: "2.100.51.198.in-addr.arpa" },
  ];
  for (const c of cases) test(c.name, () => expect(ptrName(c.address)).toBe(c.out));
});
