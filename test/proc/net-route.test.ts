import { expect, test } from "bun:test";
import { guessRtCacheFormat, parseIpv6Route, parseIpv6RouteLine, parseNetRoute, routeHexToIpv4 } from "../../src/proc/net-route.ts";
import { fixture } from "./_fixture.ts";

const hexCases = [
  { name: "decodes kernel byte order", hex: "4D7100CB", out: "203.0.113.77" },
  { name: "decodes zero", hex: "00000000", out: "0.0.0.0" },
  { name: "rejects text that is not hex", hex: "nothex", out: undefined },
] as const;
for (const c of hexCases) test(`routeHexToIpv4 ${c.name}`, () => expect(routeHexToIpv4(c.hex)).toBe(c.out));

test("parseNetRoute reads the live capture's rows", () => {
  const parsed = parseNetRoute(fixture("modes", "net", "route"));
  if (!("records" in parsed)) throw new Error("no rows parsed");
  expect(parsed.records.map((r) => [r.iface, r.destination, r.gateway, r.mask, r.flags, r.metric])).toContainEqual([
    "vp0", "198.51.100.64", "203.0.113.2", "255.255.255.192", 3, 7,
  ]);
  expect(parsed.issues).toEqual([]);
});

test("parseNetRoute reports short rows and keeps the last converted address for a bad one", () => {
  const parsed = parseNetRoute(fixture("malformed", "net", "route"));
  if (!("records" in parsed)) throw new Error("no rows parsed");
  expect(parsed.issues.map((i) => i.reason)).toEqual(["expected 10 fields, got 2"]);
  expect(parsed.records.at(-1)!.destination).toBe("0.0.0.0");
});

test("parseNetRoute marks an empty file (a namespace without IPv4 routes) as headerless", () => {
  expect(parseNetRoute("")).toEqual({ headerless: true });
});

test("parseNetRoute names the column a header lacks", () => {
  expect(parseNetRoute(fixture("malformed", "net", "route-nomask"))).toEqual({ missingColumn: "Mask" });
});

test("parseIpv6Route reads destinations, next hops and signed metrics", () => {
  const routes = parseIpv6Route(fixture("modes", "net", "ipv6_route")).records;
  expect(routes.find((r) => r.destination === "2001:db8:1::")).toMatchObject({ prefixLength: 48, nextHop: "2001:db8::2", iface: "vp0" });
  expect(routes.some((r) => r.metric === -1)).toBe(true);
});

test("parseIpv6RouteLine gives the field count of a short line", () => {
  expect(parseIpv6RouteLine("20010db8\n")).toBe(1);
});

const cacheCases = [
  { name: "recognises the 2.2 layout this kernel prints", text: fixture("modes", "net", "rt_cache"), bits: 63 },
  { name: "gives undefined for an empty file", text: "", bits: undefined },
] as const;
for (const c of cacheCases) test(`guessRtCacheFormat ${c.name}`, () => expect(guessRtCacheFormat(c.text)).toBe(c.bits));
