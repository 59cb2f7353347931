/**
 * `--format table` columns for routes, interfaces, groups and counters.
 * Cells come from the records, so a table shows exactly what `--json` does,
 * untruncated; formatTable aligns them and makes them terminal-safe.
 */
import type { GroupRecord, InterfaceRecord, Ipv4RouteRecord, Ipv6RouteRecord, StatisticRecord } from "../model/mode-records.ts";
import type { Column } from "./table.ts";

const num = (n: number | bigint | null): string => (n === null ? "-" : String(n));

/** Columns of the IPv4 routing table (every `-e` column at once). */
export const IPV4_ROUTE_COLUMNS: readonly Column<Ipv4RouteRecord>[] = [
  { header: "Destination", cell: (r) => r.destination },
  { header: "Gateway", cell: (r) => r.gateway },
  { header: "Genmask", cell: (r) => r.genmask },
  { header: "Flags", cell: (r) => r.route_flags },
  { header: "Metric", cell: (r) => num(r.metric), align: "right" },
  { header: "Ref", cell: (r) => num(r.route_refs), align: "right" },
  { header: "Use", cell: (r) => num(r.use), align: "right" },
  { header: "Iface", cell: (r) => r.iface },
  { header: "MSS", cell: (r) => num(r.mss), align: "right" },
  { header: "Window", cell: (r) => num(r.window), align: "right" },
  { header: "irtt", cell: (r) => num(r.irtt), align: "right" },
];

/** Columns of the IPv6 routing table and cache. */
export const IPV6_ROUTE_COLUMNS: readonly Column<Ipv6RouteRecord>[] = [
  { header: "Destination", cell: (r) => r.destination },
  { header: "Next Hop", cell: (r) => r.gateway },
  { header: "Flags", cell: (r) => r.route_flags },
  { header: "Metric", cell: (r) => num(r.metric), align: "right" },
  { header: "Ref", cell: (r) => num(r.route_refs), align: "right" },
  { header: "Use", cell: (r) => num(r.use), align: "right" },
  { header: "Iface", cell: (r) => r.iface },
  { header: "Table", cell: (r) => r.table },
];

/** Columns of the interface table; `extend` (`-e`) adds addresses, byte counts and the hardware. */
export function interfaceColumns(extend: boolean): Column<InterfaceRecord>[] {
  const columns: Column<InterfaceRecord>[] = [
    { header: "Iface", cell: (r) => r.iface },
    { header: "MTU", cell: (r) => num(r.mtu), align: "right" },
    { header: "RX-OK", cell: (r) => num(r.rx_ok), align: "right" },
    { header: "RX-ERR", cell: (r) => num(r.rx_err), align: "right" },
    { header: "RX-DRP", cell: (r) => num(r.rx_drp), align: "right" },
    { header: "RX-OVR", cell: (r) => num(r.rx_ovr), align: "right" },
    { header: "TX-OK", cell: (r) => num(r.tx_ok), align: "right" },
    { header: "TX-ERR", cell: (r) => num(r.tx_err), align: "right" },
    { header: "TX-DRP", cell: (r) => num(r.tx_drp), align: "right" },
    { header: "TX-OVR", cell: (r) => num(r.tx_ovr), align: "right" },
    { header: "Flg", cell: (r) => r.flg },
  ];
  if (!extend) return columns;
  columns.push(
    { header: "RX-Bytes", cell: (r) => num(r.rx_bytes), align: "right" },
    { header: "TX-Bytes", cell: (r) => num(r.tx_bytes), align: "right" },
    { header: "Inet", cell: (r) => (r.ipv4_addr === null ? "" : `${r.ipv4_addr}/${r.ipv4_mask ?? ""}`) },
    { header: "Inet6", cell: (r) => r.ipv6.map((a) => `${a.address}/${a.mask}`).join(",") },
    { header: "Type", cell: (r) => r.type },
    { header: "HWaddr", cell: (r) => r.mac_addr ?? "" },
    { header: "TxQLen", cell: (r) => num(r.txqueuelen), align: "right" },
  );
  return columns;
}

/** Columns of the multicast group table. */
export const GROUP_COLUMNS: readonly Column<GroupRecord>[] = [
  { header: "Interface", cell: (r) => r.iface },
  { header: "RefCnt", cell: (r) => num(r.refcnt), align: "right" },
  { header: "Group", cell: (r) => r.group },
];

/** Columns of the counter table, one row per counter. */
export const STATISTIC_COLUMNS: readonly Column<StatisticRecord>[] = [
  { header: "File", cell: (r) => r.file },
  { header: "Section", cell: (r) => r.section },
  { header: "Key", cell: (r) => r.key },
  { header: "Value", cell: (r) => num(r.value), align: "right" },
];
