import { describe, expect, test } from "bun:test";
import { parseWellFormed } from "../../src/proc/_inet-row.ts";
import { parseNetInetLine } from "../../src/proc/net-inet.ts";

const V4 = "   0: 0100007F:0035 00000000:0000 0A 00000000:00000000 00:00000000 00000000   101        0 20845 1 0000000000000000 100 0 0 10 0\n";
const V6 =
  "   1: 00000000000000000000000001000000:0277 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 31415 1\n";
const fresh = () => ({ v4: new Map<number, string>(), v6: new Map<string, string>() });

describe("parseWellFormed", () => {
  test("reads an IPv4 row as the general parser does", () => {
    expect(parseWellFormed(V4, 0, "tcp", fresh())).toEqual(parseNetInetLine(V4, "tcp") as never);
  });

  test("reads an IPv6 row as the general parser does", () => {
    expect(parseWellFormed(V6, 0, "tcp6", fresh())).toEqual(parseNetInetLine(V6, "tcp6") as never);
  });

  test("decodes an address once per distinct value", () => {
    const cache = fresh();
    parseWellFormed(V4, 0, "tcp", cache);
    expect([...cache.v4.values()]).toEqual(["127.0.0.1", "0.0.0.0"]);
  });

  test("leaves lowercase hex, mixed widths and short rows to the general path", () => {
    expect(parseWellFormed(V4.replace("0100007F", "0100007f"), 0, "tcp", fresh())).toBeUndefined();
    expect(parseWellFormed(V4.replace("00000000:0000", "00000000000000000000000000000000:0000"), 0, "tcp", fresh())).toBeUndefined();
    expect(parseWellFormed("   0: 0100007F:0035\n", 0, "tcp", fresh())).toBeUndefined();
  });
});
