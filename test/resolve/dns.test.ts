import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import dgram from "node:dgram";
import { createReverseDns } from "../../src/resolve/dns.ts";
import { decodePtrAnswer, encodePtrQuery } from "../../src/resolve/dns-wire.ts";

/** A reply to `query` with one PTR answer pointing back at the question name, as servers compress it. */
function reply(query: Uint8Array, target: string | undefined, rcode = 0): Uint8Array {
  const q = Buffer.from(query);
  const header = Buffer.from(q.subarray(0, 12));
  header.writeUInt16BE(0x8180 | rcode, 2);
  header.writeUInt16BE(target === undefined ? 0 : 1, 6);
  const question = q.subarray(12);
  if (target === undefined) return Buffer.concat([header, question]);
  const labels = Buffer.concat([...target.split(".").map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0])]);
  const rr = Buffer.alloc(12);
  rr.writeUInt16BE(0xc00c, 0); // owner: pointer to the question name
  rr.writeUInt16BE(12, 2); // PTR
  rr.writeUInt16BE(1, 4); // IN
  rr.writeUInt32BE(300, 6);
  rr.writeUInt16BE(labels.length, 10);
  return Buffer.concat([header, question, rr, labels]);
}

describe("dns-wire", () => {
  test("encodePtrQuery asks one recursive PTR question", () => {
    const q = encodePtrQuery(0x1234, "7.113.0.203.in-addr.arpa");
    expect([...q.subarray(0, 6)]).toEqual([0x12, 0x34, 0x01, 0x00, 0, 1]);
    expect(Buffer.from(q.subarray(12, 14)).toString("latin1")).toBe("\u00017");
    expect([...q.subarray(q.length - 4)]).toEqual([0, 12, 0, 1]);
  });
  test("decodePtrAnswer reads the PTR name through compression", () => {
    const q = encodePtrQuery(7, "7.113.0.203.in-addr.arpa");
    expect(decodePtrAnswer(reply(q, "host.example"), 7)).toEqual({ kind: "name", name: "host.example" });
  });
  test("decodePtrAnswer reads NXDOMAIN as no name", () => {
    const q = encodePtrQuery(7, "7.113.0.203.in-addr.arpa");
    expect(decodePtrAnswer(reply(q, undefined, 3), 7)).toEqual({ kind: "none" });
  });
  const unusable = [
    { name: "decodePtrAnswer ignores a reply to another query", msg: () => reply(encodePtrQuery(8, "a.b"), "x"), id: 7 },
    { name: "decodePtrAnswer ignores a truncated message", msg: () => new Uint8Array(5), id: 0 },
    { name: "decodePtrAnswer ignores a server failure", msg: () => reply(encodePtrQuery(7, "a.b"), undefined, 2), id: 7 },
  ];
  for (const c of unusable) test(c.name, () => expect(decodePtrAnswer(c.msg(), c.id)).toEqual({ kind: "unusable" }));
});

describe("createReverseDns", () => {
  const server = dgram.createSocket("udp4");
  let port = 0;
  const asked: string[] = [];
  beforeAll(async () => {
    server.on("message", (msg, from) => {
      const q = new Uint8Array(msg);
      const first = q[13] === undefined ? "" : String.fromCharCode(q[13]);
      asked.push(first);
      // 1.x answers with a name, 2.x is unknown, 3.x is never answered.
      if (first === "3") return;
      server.send(reply(q, first === "1" ? "one.example" : undefined, first === "1" ? 0 : 3), from.port, from.address);
    });
    await new Promise<void>((resolve) => server.bind(0, "127.0.0.1", () => resolve()));
    port = server.address().port;
  });
  afterAll(() => server.close());

  const dns = (nameservers: string[], budgetMs: number) =>
    createReverseDns({ budgetMs, port, config: () => ({ nameservers, timeoutMs: 5000, attempts: 2 }) });

  test("createReverseDns returns the PTR name a server gives", async () => {
    expect(await dns(["127.0.0.1"], 2000)("198.51.100.1")).toBe("one.example");
  });

  test("createReverseDns takes NXDOMAIN as no name, without retrying", async () => {
    asked.length = 0;
    expect(await dns(["127.0.0.1"], 2000)("198.51.100.2")).toBeUndefined();
    expect(asked).toEqual(["2"]);
  });

  test("createReverseDns passes over a refused server to the next one", async () => {
    // 127.0.0.2 has nothing on the port: the refusal arrives at once, not after the 5 s timeout
    // (the bound leaves a busy machine 4 s, and the budget outlasts a wait for the timeout).
    const started = Date.now();
    expect(await dns(["127.0.0.2", "127.0.0.1"], 8000)("198.51.100.1")).toBe("one.example");
    expect(Date.now() - started).toBeLessThan(4000);
  });

  test("createReverseDns gives up when the run's budget is spent, for every address at once", async () => {
    const lookup = dns(["127.0.0.1"], 300);
    const started = Date.now();
    const names = await Promise.all(["198.51.100.3", "198.51.100.4", "198.51.100.5"].map((a) => lookup(a)));
    expect(names).toEqual([undefined, undefined, undefined]);
    // Far below one 5 s timeout, however busy the machine.
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
