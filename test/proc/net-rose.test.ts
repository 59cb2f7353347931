import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { RoseSocketSchema } from "../../src/model/legacy.ts";
import { parseNetRose } from "../../src/proc/net-rose.ts";

const header = "dest_addr  dest_call src_addr   src_call  dev   lci neigh st vs vr va   t  t1  t2  t3  hb    idle Snd-Q Rcv-Q inode\n";
const kernelRow = "2080175520 F6FBB-1   2080175524 F1ABC-15  rose0 001 00001  3  0  0  0   0 200 180 180   5   0/000     0     0 12345\n";
const shortSource = "2080175520 F6FBB-1   208017552  F1ABC-15  rose0 001 00001  2  0  0  0   0 200 180 180   5   0/000     0     0 12348\n";
const longCall = "208017552A 12345678  2080175  123456789 rose0 001 00001  1  0  0  0   0 200 180 180   5   0/000     0     0 12349\n";
const longDevice = "208017552A 123456789 2080175  12345678 rose10 015 00003  1  0  0  0   0 200 180 180   5   0/000     0     0 12350\n";
const hexLci = "2080175520 F6FBB-1   2080175524 F1ABC     rose0 00A 00002  2  0  0  0   0 200 180 180   5   0/000     0     0 12347\n";

const first = (text: string) => {
  const entry = parseNetRose(header + text).entries[0];
  return entry?.kind === "record" ? entry.record : entry;
};

describe("parseNetRose", () => {
  test("parseNetRose loses a ten-digit destination to the source address's NUL, as netstat 2.10 does", () => {
    const record = first(kernelRow);
    expect(record).toEqual({
      kind: "rose",
      destinationAddress: "",
      destinationCall: "F6FBB-1",
      sourceAddress: "2080175524",
      sourceCall: "F1ABC-15",
      device: "rose0",
      lci: 1,
      neighbour: 1,
      state: 3,
    });
    expect(v.is(RoseSocketSchema, record)).toBe(true);
  });

  const cases = [
    { name: "parseNetRose keeps the destination when the source address is shorter", text: shortSource, want: { destinationAddress: "2080175520", sourceAddress: "208017552" } },
    { name: "parseNetRose lets a nine-character source call empty the destination call", text: longCall, want: { destinationCall: "", sourceCall: "123456789" } },
    { name: "parseNetRose lets a nine-character destination call run into the source address", text: longDevice, want: { destinationCall: "1234567892080175" } },
    { name: "parseNetRose lets a six-character device empty the source call", text: longDevice, want: { device: "rose10", sourceCall: "", lci: 15, neighbour: 3 } },
  ];
  for (const c of cases) test(c.name, () => expect(first(c.text)).toMatchObject(c.want));

  test("parseNetRose reports a hex LCI that stops netstat's scan", () => {
    expect(parseNetRose(header + hexLci).entries).toEqual([
      { kind: "issue", issue: { line: 1, text: hexLci.trimEnd(), reason: "expected 8 fields, got 6" } },
    ]);
  });
});
