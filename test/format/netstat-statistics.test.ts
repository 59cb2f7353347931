import { expect, test } from "bun:test";
import type { StatisticSection } from "../../src/model/statistic.ts";
import { findEntry, formatStatisticSections, INITIAL_PRINT_STATE } from "../../src/format/netstat-statistics.ts";
import { SNMP6_SECTIONS, SNMP_SECTIONS } from "../../src/format/statistics-table.ts";

const table = (title: string) => [...SNMP_SECTIONS, ...SNMP6_SECTIONS].find((t) => t.title === title)!.entries;

test("the sentence tables hold all 206 entries of netstat 2.10", () => {
  // Tcp6 shares the Tcp table, so count each table once.
  const tables = new Set([...SNMP_SECTIONS, ...SNMP6_SECTIONS].map((t) => t.entries));
  expect([...tables].reduce((n, t) => n + t.length, 0)).toBe(206);
});

// Reference Appendix A: these listed keys are never found because the tables are not sorted.
const neverFound = [
  ["Ip", "Forwarding"], ["TcpExt", "TCPTimeouts"], ["TcpExt", "TCPDSACKOldSent"], ["TcpExt", "TWKilled"],
  ["TcpExt", "TCPLoss"], ["TcpExt", "TCPSackRecovery"], ["TcpExt", "TCPDirectCopyFromPrequeue"],
  ["Icmp6", "Icmp6OutRouterAdvertisements"],
] as const;
for (const [section, key] of neverFound) {
  test(`findEntry never finds ${section} ${key}, as glibc bsearch over netstat's order`, () => {
    expect(findEntry(table(section), key)).toBeUndefined();
  });
}

const found = [["Ip", "InReceives"], ["Tcp", "ActiveOpens"], ["TcpExt", "TW"], ["TcpExt", "TCPHPHits"], ["Icmp", "OutDestUnreachs"]] as const;
for (const [section, key] of found) {
  test(`findEntry finds ${section} ${key}`, () => expect(findEntry(table(section), key)?.key).toBe(key));
}

function section(file: "snmp" | "netstat", name: string, counters: Record<string, bigint>): StatisticSection {
  return {
    file,
    section: name,
    counters: Object.entries(counters).map(([key, value]) => ({ kind: "statistic", file, section: name, key, value })),
  };
}

const on = { raw: true, tcp: true, udp: true, sctp: true };

test("formatStatisticSections prints the histogram titles and carries their indent into unknown sections", () => {
  const r = formatStatisticSections(
    [
      section("snmp", "Icmp", { InMsgs: 3n, InDestUnreachs: 3n, OutMsgs: 0n, OutDestUnreachs: 0n }),
      section("snmp", "IcmpMsg", { InType3: 3n }),
    ],
    "snmp",
    on,
    INITIAL_PRINT_STATE,
  );
  expect(r.text).toBe(
    "Icmp:\n    3 ICMP messages received\n    ICMP input histogram:\n        destination unreachable: 3\n    0 ICMP messages sent\n    ICMP output histogram:\nIcmpMsg:\n        InType3: 3\n",
  );
});

test("formatStatisticSections resets the state in a switched-off known section", () => {
  const r = formatStatisticSections(
    [section("snmp", "Icmp", { InDestUnreachs: 1n }), section("snmp", "Tcp", {}), section("snmp", "IcmpMsg", { OutType3: 1n })],
    "snmp",
    { raw: true, tcp: false, udp: false, sctp: false },
    INITIAL_PRINT_STATE,
  );
  expect(r.text.endsWith("IcmpMsg:\n    OutType3: 1\n")).toBe(true);
});

test("formatStatisticSections skips static and empty-format entries and zero optional ones", () => {
  const r = formatStatisticSections(
    [section("snmp", "Ip", { Forwarding: 1n, DefaultTTL: 64n, FragOKs: 0n }), section("snmp", "Tcp", { RtoMin: 200n, RtoAlgorithm: 1n })],
    "snmp",
    on,
    INITIAL_PRINT_STATE,
  );
  expect(r.text).toBe("Ip:\n    Forwarding: 1\nTcp:\n");
});
