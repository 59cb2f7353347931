import { expect, test } from "bun:test";
import { SNMP6_SECTIONS, SNMP_SECTIONS } from "../../src/format/statistics-table.ts";
import { SECTION_SWITCH, sectionShown } from "../../src/select/statistics.ts";

const off = { raw: false, tcp: false, udp: false, sctp: false };

test("the sections selection knows are the sections netstat has words for", () => {
  expect(Object.keys(SECTION_SWITCH.snmp).sort()).toEqual(SNMP_SECTIONS.map((s) => s.title).sort());
  expect(Object.keys(SECTION_SWITCH.snmp6).sort()).toEqual(SNMP6_SECTIONS.map((s) => s.title).sort());
});

test("a known section shows when its switch is on; an unknown one always", () => {
  expect(sectionShown("Tcp", "snmp", off)).toBe(false);
  expect(sectionShown("Tcp", "snmp", { ...off, tcp: true })).toBe(true);
  expect(sectionShown("TcpExt", "snmp", { ...off, udp: true })).toBe(false);
  expect(sectionShown("IpExt", "snmp", off)).toBe(true);
  expect(sectionShown("Udp6", "snmp6", { ...off, udp: true })).toBe(true);
  expect(sectionShown("constructor", "snmp", off)).toBe(true);
});
