import { expect, test } from "bun:test";
import { GROUP_COLUMNS, interfaceColumns, STATISTIC_COLUMNS } from "../../src/format/mode-tables.ts";
import { formatTable } from "../../src/format/table.ts";
import type { GroupRecord, StatisticRecord } from "../../src/model/mode-records.ts";

const group = (iface: string, refcnt: number, g: string): GroupRecord => ({ kind: "group", family: "inet", iface, refcnt, group: g, group_ip: g });

test("GROUP_COLUMNS align to the widest cell and right-align counts", () => {
  expect(formatTable(GROUP_COLUMNS, [group("lo", 1, "224.0.0.1"), group("vplongname15chr", 12, "ff15::1234")], false)).toBe(
    "Interface        RefCnt  Group\n" + "lo                    1  224.0.0.1\n" + "vplongname15chr      12  ff15::1234\n",
  );
});

test("STATISTIC_COLUMNS print bigints exactly", () => {
  const r: StatisticRecord = { kind: "statistic", section: "Tcp", key: "MaxConn", value: (1n << 64n) - 1n, file: "snmp" };
  expect(formatTable(STATISTIC_COLUMNS, [r], false)).toBe("File  Section  Key                     Value\nsnmp  Tcp      MaxConn  18446744073709551615\n");
});

test("formatTable makes group cells terminal-safe", () => {
  expect(formatTable(GROUP_COLUMNS, [group("x\x1b[2J", 1, "g")], false)).not.toContain("\x1b");
});

test("interfaceColumns adds addresses, bytes and hardware with -e", () => {
  expect(interfaceColumns(false).map((c) => c.header)).toEqual(["Iface", "MTU", "RX-OK", "RX-ERR", "RX-DRP", "RX-OVR", "TX-OK", "TX-ERR", "TX-DRP", "TX-OVR", "Flg"]);
  expect(interfaceColumns(true).map((c) => c.header).slice(11)).toEqual(["RX-Bytes", "TX-Bytes", "Inet", "Inet6", "Type", "HWaddr", "TxQLen"]);
});
