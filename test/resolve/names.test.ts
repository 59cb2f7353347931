import { expect, test } from "bun:test";
import { createNameResolver } from "../../src/resolve/names.ts";

function resolverWith(reverse: (a: string) => Promise<string | undefined>) {
  return createNameResolver({
    hosts: new Map([["127.0.0.1", "localhost"]]),
    networks: new Map(),
    services: { tcp: new Map([[80, "http"]]), udp: new Map(), raw: new Map() },
    passwd: new Map([[0, "root"]]),
    reverse,
  });
}

test("createNameResolver answers from the hosts table before DNS", async () => {
  const asked: string[] = [];
  const r = resolverWith(async (a) => {
    asked.push(a);
    return `dns-${a}`;
  });
  await r.resolveHosts(["127.0.0.1", "203.0.113.9"]);
  expect(r.host("127.0.0.1")).toBe("localhost");
  expect(r.host("203.0.113.9")).toBe("dns-203.0.113.9");
  expect(asked).toEqual(["203.0.113.9"]);
});

test("createNameResolver asks DNS once per address, however often it is resolved", async () => {
  let calls = 0;
  const r = resolverWith(async () => {
    calls++;
    return undefined;
  });
  await Promise.all([r.resolveHosts(["198.51.100.1"]), r.resolveHosts(["198.51.100.1"])]);
  await r.resolveHosts(["198.51.100.1"]);
  expect(calls).toBe(1);
  expect(r.host("198.51.100.1")).toBeUndefined();
});

test("createNameResolver runs lookups concurrently, so a slow resolver costs one wait", async () => {
  let inFlight = 0;
  let peak = 0;
  // Each lookup waits until all 20 have begun (or 2 s, so a serial resolver fails, not hangs).
  let release: () => void = () => undefined;
  const allBegun = new Promise<void>((done) => {
    release = done;
    setTimeout(done, 2_000).unref();
  });
  const r = resolverWith(async (a) => {
    inFlight++;
    peak = Math.max(peak, inFlight);
    if (inFlight === 20) release();
    await allBegun;
    inFlight--;
    return a;
  });
  const addresses = Array.from({ length: 20 }, (_, i) => `198.51.100.${i + 1}`);
  await r.resolveHosts(addresses);
  expect(peak).toBe(20);
});
