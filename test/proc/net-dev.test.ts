import { expect, test } from "bun:test";
import { devName, devVersion, parseDevMcast, parseIfInet6, parseNetDev } from "../../src/proc/net-dev.ts";
import { fixture } from "./_fixture.ts";

const nameCases = [
  { name: "skips the padding before a name", line: "    lo: 1 2", out: { name: "lo", rest: 7 } },
  { name: "keeps an alias between colons", line: "eth0:1: 5", out: { name: "eth0:1", rest: 7 } },
  { name: "stops a 15-character name before its colon (Debian)", line: "vplongname15chr: 5", out: { name: "vplongname15chr", rest: 15 } },
] as const;
for (const c of nameCases) test(`devName ${c.name}`, () => expect(devName(c.line)).toEqual(c.out));

test("devVersion reads the layout from the second header line", () => {
  expect(devVersion(" face |bytes packets compressed multicast|")).toBe(3);
  expect(devVersion(" face |bytes packets|")).toBe(2);
  expect(devVersion(" face |packets|")).toBe(1);
});

test("parseNetDev reads every interface of the live capture with its counters", () => {
  const rows = parseNetDev(fixture("modes", "net", "dev"));
  expect(rows.map((r) => r.name).sort()).toEqual(["lo", "vd0", "vd1", "vp0", "vp1"]);
  expect(rows.find((r) => r.name === "vp0")!.stats.txPackets).toBeGreaterThan(0n);
});

test("parseNetDev gives a 15-character name zero counters", () => {
  const text = "h1\nh2 compressed\nvplongname15chr:     100     2    0    0    0     0          0         0      100       2    0    0    0     0       0          0\n";
  expect(parseNetDev(text)[0]!.stats.rxBytes).toBe(0n);
});

test("parseIfInet6 reads addresses, prefix lengths and scopes", () => {
  expect(parseIfInet6(fixture("modes", "net", "if_inet6"))).toContainEqual({
    device: "vp0",
    address: "2001:db8::1",
    prefixLength: 64,
    scope: 0,
  });
});

test("parseDevMcast reads each row's interface index and name, skipping lines that do not match", () => {
  const text = "1    lo              1     0     01005e000001\n3    vp0             1     0     333300000001\ngarbage\n\n";
  expect(parseDevMcast(text)).toEqual([
    { ifindex: 1, name: "lo" },
    { ifindex: 3, name: "vp0" },
  ]);
});
