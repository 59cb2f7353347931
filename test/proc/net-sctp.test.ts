import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  parseSctpAddress,
  parseSctpAssociationLine,
  parseSctpAssociations,
  parseSctpEndpointLine,
  parseSctpEndpoints,
} from "../../src/proc/net-sctp.ts";

const FIXTURE = join(import.meta.dir, "../../fixtures/proc/sctp/net/sctp");
const multiHomedEndpoint = "ffff88017e0a0200 ffff880299f7fa00 2   10  29   3868     0 187152 127.0.0.1 203.0.113.1 \n";
const endpointWithoutAddresses = "ffff88017e0a0204 ffff880299f7fa04 2   7   32   22    1000 187155 \n";
const truncatedEndpoint = "ffff88017e0a0203 ffff880299f7fa03 2   10\n";
const v6Association =
  "ffff8800b8a6b001 ffff880299f7e401 1   1   4  1630    2      100      200     0 187161 36412  3868 *2001:0db8:0000:0000:0000:0000:0000:0001 <-> *2001:0db8:0000:0000:0000:0000:0000:0002 2001:0db8:0000:0000:0000:0000:0000:0099 \t    7500     2\n";

describe("parseSctpAddress", () => {
  const cases = [
    { name: "parseSctpAddress reads a dotted quad", word: "203.0.113.1", marked: true, out: { family: "inet", address: "203.0.113.1", primary: false } },
    { name: "parseSctpAddress reads the kernel's full IPv6 form", word: "2001:0db8:0000:0000:0000:0000:0000:0001", marked: true, out: { family: "inet6", address: "2001:db8::1", primary: false } },
    { name: "parseSctpAddress skips the primary mark of associations", word: "*127.0.0.1", marked: true, out: { family: "inet", address: "127.0.0.1", primary: true } },
    { name: "parseSctpAddress reads an unmarked list as netstat does (inet_addr fails)", word: "*127.0.0.1", marked: false, out: { family: "inet", address: "255.255.255.255", primary: false } },
    { name: "parseSctpAddress accepts inet_addr's short forms", word: "127.1", marked: false, out: { family: "inet", address: "127.0.0.1", primary: false } },
  ] as const;
  for (const c of cases) test(c.name, () => expect(parseSctpAddress(c.word, c.marked)).toEqual(c.out));
});

describe("parseSctpEndpointLine", () => {
  test("parseSctpEndpointLine reads a multi-homed endpoint", () => {
    expect(parseSctpEndpointLine(multiHomedEndpoint)).toEqual({
      kind: "sctp-endpoint",
      state: 10,
      localPort: 3868,
      uid: 0,
      inode: 187152,
      localAddresses: [
        { family: "inet", address: "127.0.0.1", primary: false },
        { family: "inet", address: "203.0.113.1", primary: false },
      ],
    });
  });
  test("parseSctpEndpointLine accepts an endpoint with no address", () => {
    expect(parseSctpEndpointLine(endpointWithoutAddresses)).toMatchObject({ uid: 1000, localAddresses: [] });
  });
  test("parseSctpEndpointLine rejects a truncated line", () => {
    expect(parseSctpEndpointLine(truncatedEndpoint)).toBeUndefined();
  });
});

describe("parseSctpAssociationLine", () => {
  test("parseSctpAssociationLine reads queues, ports and both address lists", () => {
    expect(parseSctpAssociationLine(v6Association)).toMatchObject({
      state: 1,
      txQueue: 100,
      rxQueue: 200,
      inode: 187161,
      localPort: 36412,
      remotePort: 3868,
      localAddresses: [{ address: "2001:db8::1", primary: true }],
      remoteAddresses: [{ address: "2001:db8::2", primary: true }, { address: "2001:db8::99", primary: false }],
    });
  });
  test("parseSctpAssociationLine rejects a line without ports", () => {
    expect(parseSctpAssociationLine("ffff8800b8a6b003 bogus\n")).toBeUndefined();
  });
});

test("parseSctpEndpoints and parseSctpAssociations report bogus lines by number", () => {
  const eps = parseSctpEndpoints(readFileSync(join(FIXTURE, "eps"), "latin1"));
  const assocs = parseSctpAssociations(readFileSync(join(FIXTURE, "assocs"), "latin1"));
  expect([eps.records.length, eps.issues.map((i) => i.line)]).toEqual([4, [4]]);
  expect([assocs.records.length, assocs.issues.map((i) => i.line)]).toEqual([3, [4]]);
});
