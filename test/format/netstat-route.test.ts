import { expect, test } from "bun:test";
import type { Ipv4Route } from "../../src/model/route.ts";
import { ipv4RouteFlags, ipv4RouteRow, ipv6RouteFlags, routeLayout } from "../../src/format/netstat-route.ts";
import type { Names } from "../../src/resolve/names.ts";

const names: Names = {
  host: (a) => (a === "203.0.113.2" ? "gw.example" : undefined),
  network: (n) => (n === 0xc6336440 ? "parity-net" : undefined),
  service: () => undefined,
  user: () => undefined,
};

const route = (over: Partial<Ipv4Route>): Ipv4Route => ({
  kind: "route", family: "inet", iface: "vp0", destination: "0.0.0.0", gateway: "0.0.0.0", mask: "0.0.0.0",
  flags: 1, refcnt: 0, use: 0, metric: 0, mtu: 0, window: 0, irtt: 0, ...over,
});

const layoutCases = [[1, 2], [2, 1], [3, 3], [4, 0], [5, 1]] as const;
for (const [extend, layout] of layoutCases) test(`routeLayout maps flag_exp ${extend} to ${layout}`, () => expect(routeLayout(extend)).toBe(layout));

test("ipv4RouteFlags restarts at ! for reject routes", () => {
  expect(ipv4RouteFlags(0x0003)).toBe("UG");
  expect(ipv4RouteFlags(0x0207)).toBe("!H");
  expect(ipv6RouteFlags(0x00200201)).toBe("U!n");
});

const rowCases = [
  { name: "names the default route", r: route({ gateway: "203.0.113.2", flags: 3 }), out: "default         gw.example      0.0.0.0         UG        0 0          0 vp0\n" },
  { name: "names a network from /etc/networks", r: route({ destination: "198.51.100.64", mask: "255.255.255.192" }), out: "parity-net      0.0.0.0         255.255.255.192 U         0 0          0 vp0\n" },
  { name: "prints a reject route without gateway and interface", r: route({ destination: "198.51.100.128", mask: "255.255.255.128", flags: 0x201, iface: "*" }), out: "198.51.100.128  -               255.255.255.128 !         - -          - -\n" },
] as const;
for (const c of rowCases) test(`ipv4RouteRow ${c.name}`, () => expect(ipv4RouteRow(c.r, 2, false, names)).toBe(c.out));

test("ipv4RouteRow cuts the interface to 6 characters in layout 3", () => {
  expect(ipv4RouteRow(route({ iface: "verylongif" }), 3, true, names)).toContain(" verylo   ");
});
