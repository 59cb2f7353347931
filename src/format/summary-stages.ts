/**
 * `--summary`'s final stages: ss 6.1's `-s` text byte for byte, one
 * `summary` record per namespace in NDJSON, and a table of its transport
 * rows (the TCP row carries the TCP line's figures).
 */
import type { SummaryRecord, SummaryRow } from "../model/summary.ts";
import { recordStages, type RecordOf } from "./record-stages.ts";
import { textStage, type ModeFormatsOf, type TextOf } from "./stages.ts";
import type { Column } from "./table.ts";

/** C's `%-9d`. */
const left9 = (n: number): string => String(n).padEnd(9);

const TRANSPORTS: readonly (readonly [string, keyof SummaryRecord & ("raw" | "udp" | "tcp_hashed" | "inet" | "frag")])[] = [
  ["RAW", "raw"],
  ["UDP", "udp"],
  ["TCP", "tcp_hashed"],
  ["INET", "inet"],
  ["FRAG", "frag"],
];

/** The summary as ss's `-s` prints it. Pure. */
export function formatSummary(s: SummaryRecord): string {
  const { tcp } = s;
  const rows = TRANSPORTS.map(([name, key]) => `${name}\t  ${left9(s[key].total)} ${left9(s[key].ip)} ${left9(s[key].ipv6)}\n`);
  return (
    `Total: ${s.total}\n` +
    `TCP:   ${tcp.total} (estab ${tcp.estab}, closed ${tcp.closed}, orphaned ${tcp.orphaned}, timewait ${tcp.timewait})\n` +
    "\nTransport Total     IP        IPv6\n" +
    rows.join("") +
    "\n"
  );
}

const summaryText = (): TextOf<SummaryRecord> => (item) => (item.kind === "record" ? formatSummary(item.record) : "");

/** One table row: a transport, or the sockets in all (`ALL`, ss's `Total:`). */
interface SummaryTableRow {
  readonly transport: string;
  readonly total: number;
  readonly ip: number | null;
  readonly ipv6: number | null;
  readonly tcp: SummaryRecord["tcp"] | null;
}

const summaryRows: RecordOf<SummaryRecord> = () => (s) => [
  { transport: "ALL", total: s.total, ip: null, ipv6: null, tcp: null },
  ...TRANSPORTS.map(([name, key]): SummaryTableRow => ({ transport: name, ...(s[key] satisfies SummaryRow), tcp: key === "tcp_hashed" ? s.tcp : null })),
];

const cell = (n: number | null | undefined): string => (n === null || n === undefined ? "-" : String(n));

/** The summary table's columns. */
export const SUMMARY_COLUMNS: readonly Column<SummaryTableRow>[] = [
  { header: "Transport", cell: (r) => r.transport },
  { header: "Total", cell: (r) => cell(r.total), align: "right" },
  { header: "IP", cell: (r) => cell(r.ip), align: "right" },
  { header: "IPv6", cell: (r) => cell(r.ipv6), align: "right" },
  { header: "TCP-Total", cell: (r) => cell(r.tcp?.total), align: "right" },
  { header: "Estab", cell: (r) => cell(r.tcp?.estab), align: "right" },
  { header: "Closed", cell: (r) => cell(r.tcp?.closed), align: "right" },
  { header: "Orphaned", cell: (r) => cell(r.tcp?.orphaned), align: "right" },
  { header: "Timewait", cell: (r) => cell(r.tcp?.timewait), align: "right" },
];

const records = recordStages<SummaryRecord>(summaryRows, () => (section) => (section === "summary" ? (SUMMARY_COLUMNS as readonly Column<never>[]) : undefined));

/** `--summary` in every format: the table has its rows, NDJSON the record itself. */
export const SUMMARY_FORMATS: ModeFormatsOf<SummaryRecord> = {
  text: textStage(summaryText),
  json: recordStages<SummaryRecord>(() => (s) => [s], () => () => undefined).json,
  table: records.table,
};
