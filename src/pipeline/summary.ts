/**
 * `--summary` as one pipeline for every format: ss 6.1's `-s` figures for
 * one namespace, as one record, with ss's perror lines as diagnostics when a
 * file cannot be read (ss then prints zeros; its status stays 0).
 */
import { diagnostic, record, section, type Item } from "../model/pipeline.ts";
import type { SummaryRecord, SummaryRow } from "../model/summary.ts";
import { parseSnmpPairs } from "../proc/net-snmp.ts";
import { parseSockstat, sockstatValue as at, type Sockstat } from "../proc/net-sockstat.ts";
import type { ProcRoot } from "../sources/proc-root.ts";
import { readSummaryFiles, type Read } from "../sources/summary.ts";

const row = (ip: number, ipv6: number): SummaryRow => ({ total: ip + ipv6, ip, ipv6 });

/** ss's figures from the merged sockstat lines and Tcp CurrEstab. */
export function summaryOf(s: Sockstat, estab: number, ipv6: boolean, memory: number): SummaryRecord {
  const [tcp4, orphans, tw, alloc] = [at(s, "TCP:", 0), at(s, "TCP:", 1), at(s, "TCP:", 2), at(s, "TCP:", 3)];
  const tcp6 = at(s, "TCP6:");
  const [raw4, raw6, udp4, udp6] = [at(s, "RAW:"), at(s, "RAW6:"), at(s, "UDP:"), at(s, "UDP6:")];
  return {
    kind: "summary",
    total: at(s, "sockets:"),
    tcp: { total: alloc + tw, estab, closed: alloc - (tcp4 + tcp6 - tw), orphaned: orphans, timewait: tw },
    raw: row(raw4, raw6),
    udp: row(udp4, udp6),
    tcp_hashed: row(tcp4, tcp6),
    inet: row(raw4 + udp4 + tcp4, raw6 + udp6 + tcp6),
    frag: row(at(s, "FRAG:"), at(s, "FRAG6:")),
    tcp_memory_pages: memory,
    ipv6,
  };
}

/** Tcp CurrEstab from /proc/net/snmp, or the errno ss's perror names (ESRCH: no such counter). */
function currEstab(snmp: Read): { readonly value: number } | { readonly errno: string } {
  if ("errno" in snmp) return snmp;
  const tcp = parseSnmpPairs(snmp.text, "snmp").sections.find((s) => s.section === "Tcp");
  const counter = tcp?.counters.find((c) => c.key === "CurrEstab");
  return counter === undefined ? { errno: "ESRCH" } : { value: Number(BigInt.asIntN(32, counter.value)) };
}

/** One `--summary` pass at `root`: ss's complaints, then the summary. */
export function summaryItems(root: ProcRoot): Item<SummaryRecord>[] {
  const files = readSummaryFiles(root);
  const items: Item<SummaryRecord>[] = [section("summary")];
  let lines: Sockstat = new Map();
  let ipv6 = false;
  if ("errno" in files.sockstat) {
    // ss reads sockstat6 only once sockstat has opened.
    items.push(diagnostic({ kind: "statistics-unreadable", what: "ss: get_sockstat", errno: files.sockstat.errno }));
  } else {
    lines = parseSockstat(files.sockstat.text);
    if ("text" in files.sockstat6) [lines, ipv6] = [parseSockstat(files.sockstat6.text, lines), true];
  }
  const estab = currEstab(files.snmp);
  if ("errno" in estab) items.push(diagnostic({ kind: "statistics-unreadable", what: "ss: get_snmpstat", errno: estab.errno }));
  items.push(record(summaryOf(lines, "value" in estab ? estab.value : 0, ipv6, at(lines, "TCP:", 4))));
  return items;
}
