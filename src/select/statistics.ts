/**
 * Which counter sections netstat's `-s` shows, as a pure predicate: a
 * known section when its switch is on (`-w` raw, `-t` tcp, `-u` udp,
 * `-S` sctp), an unknown one always. netstat's words for the known
 * sections are in format/statistics-table.ts.
 */
import type { Options } from "../model/options.ts";
import type { TableSet } from "../model/statistic.ts";

/** The switch that enables a known section. */
export type SectionSwitch = "raw" | "tcp" | "udp" | "sctp";

/** Which known sections are switched on. */
export type StatisticsSwitches = Readonly<Record<SectionSwitch, boolean>>;

/** netstat's known sections, by table set, and the switch that shows each. */
export const SECTION_SWITCH: Readonly<Record<TableSet, Readonly<Record<string, SectionSwitch>>>> = {
  snmp: { Ip: "raw", Icmp: "raw", Tcp: "tcp", Udp: "udp", Sctp: "sctp", TcpExt: "tcp" },
  snmp6: { Ip6: "raw", Icmp6: "raw", Udp6: "udp", Tcp6: "tcp" },
};

/** The switches a run's selection turns on. */
export function statisticsSwitches(selection: Options["selection"]): StatisticsSwitches {
  return { raw: selection.raw, tcp: selection.tcp, udp: selection.udp, sctp: selection.sctp };
}

/** Whether netstat prints a section: a known one when its switch is on, an unknown one always. */
export function sectionShown(title: string, tableSet: TableSet, switches: StatisticsSwitches): boolean {
  const by = Object.hasOwn(SECTION_SWITCH[tableSet], title) ? SECTION_SWITCH[tableSet][title] : undefined;
  return by === undefined || switches[by];
}
