import { expect, test } from "bun:test";
import { INITIAL_GROUP_STATE, readGroups } from "../../src/proc/net-igmp.ts";
import { fixture } from "./_fixture.ts";

test("readGroups reads IPv4 devices and their groups", () => {
  const read = readGroups(fixture("modes", "net", "igmp"), INITIAL_GROUP_STATE);
  expect(read.records.map((g) => [g.device.trim(), g.users, g.address])).toContainEqual(["vp0", 1, "239.1.2.3"]);
  expect(read.issues).toEqual([]);
});

test("readGroups reads IPv6 memberships after the IPv4 file", () => {
  const v4 = readGroups(fixture("modes", "net", "igmp"), INITIAL_GROUP_STATE);
  const v6 = readGroups(fixture("modes", "net", "igmp6"), v4.state);
  expect(v6.records.map((g) => [g.device, g.address])).toContainEqual(["vp0", "ff15::1234"]);
  expect(v6.state.igmp6).toBe(true);
});

test("readGroups reads a later IPv4 file as igmp6 lines once igmp6 was read, as netstat -g -c does", () => {
  const first = readGroups(fixture("modes", "net", "igmp6"), INITIAL_GROUP_STATE);
  const again = readGroups(fixture("modes", "net", "igmp"), first.state);
  expect(again.issues.every((i) => i.reader === "igmp6")).toBe(true);
  // "\t\t\t\t010000E0 1 ..." scans as idx 10000, device "E0", group "1", users 0.
  expect(again.records.map((g) => [g.family, g.device, g.users])).toContainEqual(["inet6", "E0", 0]);
});

test("readGroups reports the malformed fixture's bogus lines by number", () => {
  const read = readGroups(fixture("malformed", "net", "igmp"), INITIAL_GROUP_STATE);
  expect(read.issues.map((i) => [i.reader, i.line])).toEqual([["igmp", 1], ["igmp", 2], ["igmp", 5]]);
  const v6 = readGroups(fixture("malformed", "net", "igmp6"), read.state);
  expect(v6.issues.map((i) => [i.reader, i.line])).toEqual([["igmp6", 0]]);
});
