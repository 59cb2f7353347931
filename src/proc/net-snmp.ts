/**
 * Parsers for the kernel's protocol counter files, read the way netstat's
 * `-s` reads them:
 *
 * - /proc/net/snmp and /proc/net/netstat: pairs of lines, `Title: Key1 Key2 ...`
 *   then `Title: v1 v2 ...`;
 * - /proc/net/snmp6: one `Key value` per line, sections told apart by the key's
 *   prefix up to its first `6`;
 * - /proc/net/sctp/snmp: one `Key value` per line, all in section `Sctp`.
 */
import type { Statistic, StatisticFile, StatisticSection, StatisticsFile } from "../model/statistic.ts";
import { fgetsLines } from "./_lines.ts";
import { isCSpace, strtoull } from "./_strtoull.ts";

const SEPARATORS = " \t\n";

/** Splits text into `getline` lines (each keeps its newline; no length limit). */
function getlineLines(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const nl = text.indexOf("\n", start);
    const end = nl === -1 ? text.length : nl + 1;
    lines.push(text.slice(start, end));
    start = end;
  }
  return lines;
}

function skipSeparators(text: string, i: number): number {
  while (i < text.length && SEPARATORS.includes(text[i]!)) i++;
  return i;
}

function counter(file: StatisticFile, section: string, key: string, value: bigint): Statistic {
  return { kind: "statistic", file, section, key, value };
}

/**
 * Parses /proc/net/snmp or /proc/net/netstat text (`file` names which).
 * Stops at the first pair whose lines lack a `:`, reporting `malformed`.
 */
export function parseSnmpPairs(text: string, file: "snmp" | "netstat"): StatisticsFile {
  const lines = getlineLines(text);
  const sections: StatisticSection[] = [];
  let at = 0;
  while (at < lines.length) {
    const header = lines[at++]!;
    if (header[0] === "\n") continue;
    const values = lines[at++];
    if (values === undefined) break;
    const colon = header.indexOf(":");
    let cursor = values.indexOf(":");
    if (colon === -1 || cursor === -1) return { sections, malformed: true };
    const section = header.slice(0, colon);
    const counters: Statistic[] = [];
    cursor++;
    let sp = colon + 1;
    for (;;) {
      sp = skipSeparators(header, sp);
      cursor = skipSeparators(values, cursor);
      let p = sp;
      while (p < header.length && !SEPARATORS.includes(header[p]!)) p++;
      const key = header.slice(sp, p);
      if (key !== "") {
        const n = strtoull(values, cursor);
        cursor = n.end;
        counters.push(counter(file, section, key, n.value));
      }
      if (p >= header.length) break;
      sp = p + 1;
    }
    sections.push({ file, section, counters });
  }
  return { sections, malformed: false };
}

/** netstat's section title for an snmp6 key: the key up to and including its first `6`. */
export function snmp6Title(key: string): string {
  const six = key.indexOf("6");
  return six === -1 ? key : key.slice(0, six + 1);
}

/** Reads `%s %llu` as glibc sscanf does; fields that fail keep their previous value. */
function scanKeyValue(line: string, previous: { key: string; value: bigint }): { key: string; value: bigint } {
  let i = 0;
  while (isCSpace(line[i])) i++;
  if (i >= line.length) return previous;
  const start = i;
  while (i < line.length && !isCSpace(line[i])) i++;
  const key = line.slice(start, i);
  const n = strtoull(line, i);
  return n.end === i ? { key, value: previous.value } : { key, value: n.value };
}

/**
 * Parses /proc/net/snmp6 text. A line that does not scan repeats the previous
 * key and value, as netstat's reused buffers do.
 */
export function parseSnmp6(text: string): StatisticsFile {
  const sections: { file: StatisticFile; section: string; counters: Statistic[] }[] = [];
  let current = { key: "", value: 0n };
  for (const line of fgetsLines(text, 1024)) {
    current = scanKeyValue(line, current);
    const open = sections.at(-1);
    if (open === undefined || !current.key.includes(open.section)) {
      sections.push({ file: "snmp6", section: snmp6Title(current.key), counters: [] });
    }
    const target = sections.at(-1)!;
    target.counters.push(counter("snmp6", target.section, current.key, current.value));
  }
  return { sections, malformed: false };
}

/** Parses /proc/net/sctp/snmp text: `Key value` lines, all in section `Sctp`. */
export function parseSctpSnmp(text: string): StatisticsFile {
  const counters: Statistic[] = [];
  for (const line of fgetsLines(text, 1024)) {
    let end = 0;
    while (end < line.length && !SEPARATORS.includes(line[end]!)) end++;
    const key = line.slice(0, end);
    const at = skipSeparators(line, end + 1);
    if (at >= line.length) continue;
    counters.push(counter("sctp", "Sctp", key, strtoull(line, at).value));
  }
  return { sections: [{ file: "sctp", section: "Sctp", counters }], malformed: false };
}
