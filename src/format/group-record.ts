/** Multicast memberships as `kind: "group"` records. Pure: a membership and resolved names in, a record out. */
import type { Group } from "../model/group.ts";
import type { GroupRecord } from "../model/mode-records.ts";
import type { Names } from "../resolve/names.ts";
import { hostText } from "./netstat-address.ts";

/** One membership, its Group column as `-g` shows it (a name unless numeric). */
export function groupRecord(g: Group, numeric: boolean, names: Names): GroupRecord {
  return {
    kind: "group",
    family: g.family,
    iface: g.device.trimEnd(),
    refcnt: g.users,
    group: hostText(g.address, g.family, numeric, names),
    group_ip: g.address,
  };
}
