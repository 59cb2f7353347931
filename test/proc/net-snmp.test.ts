import { expect, test } from "bun:test";
import { parseSctpSnmp, parseSnmp6, parseSnmpPairs, snmp6Title } from "../../src/proc/net-snmp.ts";
import { fixture } from "./_fixture.ts";

const twoSections = "Ip: Forwarding DefaultTTL\nIp: 1 64\nUdpLite: InDatagrams\nUdpLite: 0\n";
const missingColon = "Ip: A\nIp: 1\nTcp: B\nTcp 2\n";
const shortValues = "Tcp: A B C\nTcp: 1\n";
const blankBetween = "Ip: A\nIp: 1\n\nIcmp: B\nIcmp: 2\n";

test("parseSnmpPairs reads header and value lines into sections in file order", () => {
  const parsed = parseSnmpPairs(twoSections, "snmp");
  expect(parsed.malformed).toBe(false);
  expect(parsed.sections.map((s) => [s.section, s.counters.map((c) => [c.key, c.value])])).toEqual([
    ["Ip", [["Forwarding", 1n], ["DefaultTTL", 64n]]],
    ["UdpLite", [["InDatagrams", 0n]]],
  ]);
});

test("parseSnmpPairs stops at a pair without a colon and reports it", () => {
  const parsed = parseSnmpPairs(missingColon, "snmp");
  expect(parsed.malformed).toBe(true);
  expect(parsed.sections.map((s) => s.section)).toEqual(["Ip"]);
});

test("parseSnmpPairs gives 0 to keys whose values are missing", () => {
  expect(parseSnmpPairs(shortValues, "snmp").sections[0]!.counters.map((c) => c.value)).toEqual([1n, 0n, 0n]);
});

test("parseSnmpPairs skips a blank line between pairs", () => {
  expect(parseSnmpPairs(blankBetween, "netstat").sections.map((s) => s.section)).toEqual(["Ip", "Icmp"]);
});

test("parseSnmpPairs reads the live capture with every section", () => {
  const sections = parseSnmpPairs(fixture("modes", "net", "snmp"), "snmp").sections.map((s) => s.section);
  expect(sections).toEqual(expect.arrayContaining(["Ip", "Icmp", "Tcp", "Udp", "UdpLite"]));
});

const snmp6Cases = [
  { name: "keeps the key up to its first 6", key: "Icmp6InMsgs", title: "Icmp6" },
  { name: "keeps a key without 6 whole", key: "NoSixHere", title: "NoSixHere" },
  { name: "handles UdpLite6", key: "UdpLite6InErrors", title: "UdpLite6" },
] as const;
for (const c of snmp6Cases) test(`snmp6Title ${c.name}`, () => expect(snmp6Title(c.key)).toBe(c.title));

test("parseSnmp6 repeats the previous key and value for a line that does not scan", () => {
  const parsed = parseSnmp6("Ip6InReceives 5\n\nIp6OutRequests\nIcmp6InMsgs abc\n");
  expect(parsed.sections.map((s) => [s.section, s.counters.map((c) => [c.key, c.value])])).toEqual([
    ["Ip6", [["Ip6InReceives", 5n], ["Ip6InReceives", 5n], ["Ip6OutRequests", 5n]]],
    ["Icmp6", [["Icmp6InMsgs", 5n]]],
  ]);
});

test("parseSnmp6 reads the malformed fixture without throwing", () => {
  expect(parseSnmp6(fixture("malformed", "net", "snmp6")).sections.length).toBeGreaterThan(3);
});

test("parseSctpSnmp puts every line in section Sctp", () => {
  const parsed = parseSctpSnmp("SctpCurrEstab 1\nSctpActiveEstabs\t2\n\n");
  expect(parsed.sections[0]!.counters.map((c) => [c.section, c.key, c.value])).toEqual([
    ["Sctp", "SctpCurrEstab", 1n],
    ["Sctp", "SctpActiveEstabs", 2n],
  ]);
});
