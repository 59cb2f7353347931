/**
 * netstat's `-s` text: section titles, one sentence per known counter,
 * `Key: value` for the rest, and the ICMP histogram titles, with netstat's
 * carried-over indentation. Pure: sections in, text and the carried state out.
 */
import type { StatisticSection, TableSet } from "../model/statistic.ts";
import { sectionShown, type StatisticsSwitches } from "../select/statistics.ts";
import { SNMP6_SECTIONS, SNMP_SECTIONS, type Entry, type EntryType, type KnownSection } from "./statistics-table.ts";

/** Which known sections are switched on (select/statistics.ts). */
export type { StatisticsSwitches };

/** The printing state netstat carries from counter to counter, and from file to file. */
export type PrintState = EntryType;

/** The state at the start of a run. */
export const INITIAL_PRINT_STATE: PrintState = "number";

const INDENT: Readonly<Record<EntryType, number>> = { number: 4, optional: 4, forward: 4, input: 8, output: 8, rto: 0 };
const HISTOGRAM_TITLE: Partial<Record<EntryType, string>> = {
  input: "ICMP input histogram:",
  output: "ICMP output histogram:",
};

/** glibc `bsearch` with `strcmp` over a table in its given (not necessarily sorted) order. */
export function findEntry(entries: readonly Entry[], key: string): Entry | undefined {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const entry = entries[mid]!;
    if (key < entry.key) high = mid;
    else if (key > entry.key) low = mid + 1;
    else return entry;
  }
  return undefined;
}

function pad(n: number): string {
  return " ".repeat(n);
}

/** Which table set a file's sections are looked up in. */
export type { TableSet };

/**
 * Formats sections as netstat prints them, starting from `state`.
 * Returns the text and the state to carry into the next file.
 */
export function formatStatisticSections(
  sections: readonly StatisticSection[],
  tableSet: TableSet,
  switches: StatisticsSwitches,
  state: PrintState,
): { readonly text: string; readonly state: PrintState } {
  const known = tableSet === "snmp" ? SNMP_SECTIONS : SNMP6_SECTIONS;
  let text = "";
  let current = state;
  for (const section of sections) {
    const table: KnownSection | undefined = known.find((t) => t.title === section.section);
    const enabled = sectionShown(section.section, tableSet, switches);
    if (enabled) text += `${section.section}:\n`;
    // A known section resets the state even when it is switched off; an unknown one does not.
    if (table !== undefined) current = "number";
    if (!enabled) continue;
    for (const { key, value } of section.counters) {
      const entry = table === undefined ? undefined : findEntry(table.entries, key);
      if (entry === undefined) {
        if (value !== 0n) text += `${pad(INDENT[current])}${key}: ${value}\n`;
        continue;
      }
      if (entry.static === true || entry.sentence === "") continue;
      const title = HISTOGRAM_TITLE[entry.type];
      if (title !== undefined && current !== entry.type) text += `${pad(INDENT[current])}${title}\n`;
      let line = "";
      switch (entry.type) {
        case "optional":
        case "input":
        case "output":
          if (value !== 0n) line = entry.sentence.replace("%llu", String(value));
          break;
        case "number":
          line = entry.sentence.replace("%llu", String(value));
          break;
        case "forward":
          line = entry.sentence.replace("%s", value === 2n ? "enabled" : "disabled");
          break;
        case "rto":
          break;
      }
      const type = entry.type === "forward" ? "number" : entry.type;
      if (line !== "") text += `${pad(INDENT[type])}${line}\n`;
      current = type;
    }
  }
  return { text, state: current };
}
