/** netstat's `-g` group table text. Pure: memberships and resolved names in, text out. */
import type { Group } from "../model/group.ts";
import type { Names } from "../resolve/names.ts";
import { hostText } from "./netstat-address.ts";
import { left } from "./_printf.ts";

/** The table's title and column header. */
export const GROUPS_HEADER =
  "IPv6/IPv4 Group Memberships\nInterface       RefCnt Group\n--------------- ------ ---------------------\n";

/** One membership row. */
export function groupRow(g: Group, numeric: boolean, names: Names): string {
  return `${left(g.device, 15)} ${left(String(g.users), 6)} ${hostText(g.address, g.family, numeric, names)}\n`;
}
