import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { X25SocketSchema } from "../../src/model/legacy.ts";
import { parseNetX25 } from "../../src/proc/net-x25.ts";

const header = "dest_addr  src_addr   dev   lci st vs vr va   t  t2 t21 t22 t23 Snd-Q Rcv-Q inode\n";
const established = "1234567890 2345678901 x25a  001  3  1  2  0   0   3 200 180 180     7     9 1234\n";
const listener = "*          2345678    x25a  000  0  0  0  0   0   3 200 180 180     0     0 1235\n";
const hexLci = "1234567890 2345678901 x25b  00A  2  5  6  0   0   3 200 180 180    10    20 1237\n";
const decimalLooking = "1234567890 2345678901 x25a  014  1  1  2  0   0   3 200 180 180    10    20 1236\n";

const records = (text: string) => parseNetX25(text).entries.map((e) => (e.kind === "record" ? e.record : undefined));

describe("parseNetX25", () => {
  test("parseNetX25 reads a socket, cutting the source at column 20", () => {
    const [first] = records(header + established);
    expect(first).toEqual({ kind: "x25", destination: "1234567890", source: "234567890", device: "x25a", lci: 1, state: 3, vs: 1, vr: 2, sendQueue: 7, recvQueue: 9 });
    expect(v.is(X25SocketSchema, first)).toBe(true);
  });

  const cases = [
    { name: "parseNetX25 reads the hex LCI as decimal, as netstat does", text: header + decimalLooking, at: 0, want: { lci: 14 } },
    { name: "parseNetX25 keeps an LCI-0 listener (the -a rule is the listing's)", text: header + listener, at: 0, want: { destination: "*", lci: 0, state: 0 } },
    { name: "parseNetX25 keeps the line before's fields when a hex digit stops the scan", text: header + established + hexLci, at: 1, want: { device: "x25b", lci: 0, state: 3, vs: 1, sendQueue: 7 } },
    { name: "parseNetX25 starts missing fields at zero on the first line", text: header + hexLci, at: 0, want: { lci: 0, state: 0, sendQueue: 0 } },
  ];
  for (const c of cases) test(c.name, () => expect(records(c.text)[c.at]).toMatchObject(c.want));

  test("parseNetX25 finds nothing in a header-only file or a directory's empty read", () => {
    expect(records(header)).toEqual([]);
    expect(records("")).toEqual([]);
  });
});
