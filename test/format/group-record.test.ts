import { expect, test } from "bun:test";
import * as v from "valibot";
import { GroupRecordSchema } from "../../src/model/mode-records.ts";
import { groupRecord } from "../../src/format/group-record.ts";
import type { Names } from "../../src/resolve/names.ts";

const names: Names = { host: (a) => (a === "224.0.0.1" ? "all-systems.mcast.net" : undefined), network: () => undefined, service: () => undefined, user: () => undefined };

const cases = [
  { name: "names the group without -n and trims igmp's padded device", g: { kind: "group", family: "inet", device: "lo        ", users: 1, address: "224.0.0.1" }, numeric: false, want: { kind: "group", family: "inet", iface: "lo", refcnt: 1, group: "all-systems.mcast.net", group_ip: "224.0.0.1" } },
  { name: "shows the number with -n", g: { kind: "group", family: "inet", device: "vp0", users: 2, address: "224.0.0.1" }, numeric: true, want: { group: "224.0.0.1", refcnt: 2 } },
  { name: "keeps an IPv6 group without a name as its address", g: { kind: "group", family: "inet6", device: "vp0", users: 1, address: "ff15::1234" }, numeric: false, want: { family: "inet6", group: "ff15::1234", group_ip: "ff15::1234" } },
] as const;
for (const c of cases) {
  test(`groupRecord ${c.name}`, () => {
    expect(groupRecord(c.g, c.numeric, names)).toEqual({ ...groupRecord(c.g, c.numeric, names), ...c.want });
    expect(groupRecord(c.g, c.numeric, names)).toMatchObject(c.want);
    expect(v.safeParse(GroupRecordSchema, groupRecord(c.g, c.numeric, names)).success).toBe(true);
  });
}
