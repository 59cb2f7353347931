import { expect, test } from "bun:test";
import type { Ipv4Route, Ipv6Route } from "../../src/model/route.ts";
import { Ipv4RouteRecordSchema, Ipv6RouteRecordSchema } from "../../src/model/mode-records.ts";
import { ipv4RouteRecord, ipv6RouteRecord, maskPrefixLength } from "../../src/format/route-record.ts";
import { ipv4RouteListed, ipv6RouteIsCache } from "../../src/select/routes.ts";
import type { Names } from "../../src/resolve/names.ts";
import * as v from "valibot";

const names: Names = {
  host: (a) => (a === "203.0.113.2" ? "gw.example" : a === "2001:db8::2" ? "gw6.example" : undefined),
  network: (n) => (n === 0xc6336440 ? "parity-net" : undefined),
  service: () => undefined,
  user: () => undefined,
};

const v4 = (over: Partial<Ipv4Route>): Ipv4Route => ({
  kind: "route", family: "inet", iface: "vp0", destination: "0.0.0.0", gateway: "0.0.0.0", mask: "0.0.0.0",
  flags: 1, refcnt: 0, use: 0, metric: 0, mtu: 0, window: 0, irtt: 0, ...over,
});

const v6 = (over: Partial<Ipv6Route>): Ipv6Route => ({
  kind: "route", family: "inet6", destination: "2001:db8:1::", prefixLength: 48, source: "::", sourcePrefixLength: 0,
  nextHop: "2001:db8::2", metric: 1024, refcnt: 1, use: 0, flags: 3, iface: "vp0", ...over,
});

const maskCases = [["0.0.0.0", 0], ["255.255.255.192", 26], ["255.255.255.255", 32], ["255.0.255.0", null], ["bogus", null]] as const;
for (const [mask, length] of maskCases) test(`maskPrefixLength reads ${mask} as ${length}`, () => expect(maskPrefixLength(mask)).toBe(length));

const v4Cases = [
  {
    name: "names the default route and keeps the numbers",
    r: v4({ gateway: "203.0.113.2", flags: 3, metric: 7 }),
    numeric: false,
    want: { destination: "default", destination_ip: "0.0.0.0", gateway: "gw.example", gateway_ip: "203.0.113.2", prefix_length: 0, route_flags: "UG", route_flags_pretty: ["UP", "GATEWAY"], route_flags_num: 3, metric: 7 },
  },
  {
    name: "shows numbers with -n",
    r: v4({ destination: "198.51.100.64", mask: "255.255.255.192", gateway: "203.0.113.2", flags: 3 }),
    numeric: true,
    want: { destination: "198.51.100.64", gateway: "203.0.113.2", prefix_length: 26 },
  },
  {
    name: "names a network from /etc/networks",
    r: v4({ destination: "198.51.100.64", mask: "255.255.255.192" }),
    numeric: false,
    want: { destination: "parity-net", destination_ip: "198.51.100.64" },
  },
  {
    name: "shows a reject route's gateway and interface as netstat's dash, its flags from ! on",
    r: v4({ destination: "198.51.100.128", mask: "255.255.255.128", flags: 0x205, iface: "*" }),
    numeric: true,
    want: { gateway: "-", gateway_ip: "0.0.0.0", iface: "-", route_flags: "!H", route_flags_pretty: ["REJECT", "HOST"], route_flags_num: 0x205 },
  },
] as const;
for (const c of v4Cases) {
  test(`ipv4RouteRecord ${c.name}`, () => {
    const record = ipv4RouteRecord(c.r, c.numeric, names);
    expect(record).toMatchObject(c.want);
    expect(v.safeParse(Ipv4RouteRecordSchema, record).success).toBe(true);
  });
}

test("ipv4RouteListed keeps only routes that are up, as netstat lists them", () => {
  expect([v4({ flags: 1 }), v4({ flags: 0 }), v4({ flags: 0x201 })].map(ipv4RouteListed)).toEqual([true, false, true]);
});

const v6Cases = [
  { name: "joins destination and prefix as the Destination column", r: v6({}), numeric: true, want: { destination: "2001:db8:1::/48", prefix_length: 48, gateway: "2001:db8::2", table: "fib" } },
  { name: "names the next hop without -n and shows :: as [::]", r: v6({ destination: "::", prefixLength: 0 }), numeric: false, want: { destination: "[::]/0", gateway: "gw6.example", gateway_ip: "2001:db8::2" } },
  { name: "puts cache routes in the cache table", r: v6({ flags: 0x0100_0001 }), numeric: true, want: { table: "cache", route_flags: "UC", route_flags_pretty: ["UP", "CACHE"] } },
  { name: "reads D as DEFAULT in IPv6 flags", r: v6({ flags: 0x0001_0003 }), numeric: true, want: { route_flags: "UGD", route_flags_pretty: ["UP", "GATEWAY", "DEFAULT"] } },
  { name: "keeps a negative metric", r: v6({ metric: -1, flags: 0x0020_0201 }), numeric: true, want: { metric: -1, route_flags: "U!n", route_flags_pretty: ["UP", "REJECT", "NONEXTHOP"] } },
] as const;
for (const c of v6Cases) {
  test(`ipv6RouteRecord ${c.name}`, () => {
    const record = ipv6RouteRecord(c.r, c.numeric, names);
    expect(record).toMatchObject(c.want);
    expect(v.safeParse(Ipv6RouteRecordSchema, record).success).toBe(true);
  });
}

test("ipv6RouteIsCache reads the RTF_CACHE bit", () => {
  expect([v6({ flags: 1 }), v6({ flags: 0x0100_0001 })].map(ipv6RouteIsCache)).toEqual([false, true]);
});
