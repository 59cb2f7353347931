import { describe, expect, test } from "bun:test";
import { decodeBytes, encodeBytes } from "../../src/model/bytes.ts";
import { jsonText, ndjsonLine } from "../../src/format/ndjson.ts";

const bytes = (hex: string): string => Buffer.from(hex.replace(/ /g, ""), "hex").toString("latin1");

const cases = [
  { name: "decodeBytes keeps ASCII", input: "/run/x.sock", want: "/run/x.sock" },
  { name: "decodeBytes decodes two-byte UTF-8", input: bytes("2f 63 61 66 c3 a9"), want: "/café" },
  { name: "decodeBytes decodes four-byte UTF-8", input: bytes("f0 9f 98 80"), want: "😀" },
  { name: "decodeBytes escapes a lone continuation byte", input: bytes("61 80 62"), want: "a\udc80b" },
  { name: "decodeBytes escapes latin1 text that is not UTF-8", input: bytes("63 61 66 e9"), want: "caf\udce9" },
  { name: "decodeBytes escapes an overlong form byte by byte", input: bytes("c0 af"), want: "\udcc0\udcaf" },
  { name: "decodeBytes escapes an encoded surrogate", input: bytes("ed a0 80"), want: "\udced\udca0\udc80" },
  { name: "decodeBytes escapes a truncated sequence at the end", input: bytes("61 e2 82"), want: "a\udce2\udc82" },
] as const;

describe("decodeBytes", () => {
  for (const c of cases) {
    test(c.name, () => {
      expect(decodeBytes(c.input)).toBe(c.want);
      expect(encodeBytes(decodeBytes(c.input))).toBe(c.input);
    });
  }

  test("decodeBytes round-trips every single byte", () => {
    for (let b = 0; b < 256; b++) {
      const input = String.fromCharCode(b);
      expect(encodeBytes(decodeBytes(input))).toBe(input);
    }
  });
});

describe("ndjsonLine", () => {
  test("ndjsonLine writes one UTF-8 line with surrogate escapes as \\u escapes", () => {
    const line = ndjsonLine({ path: bytes("c3 a9 ff"), n: 1, nested: { p: "x" } });
    expect(Buffer.from(line, "latin1").toString("utf8")).toBe('{"path":"é\\udcff","n":1,"nested":{"p":"x"}}\n');
    expect(JSON.parse(Buffer.from(line, "latin1").toString("utf8")).path).toBe("é\udcff");
  });

  test("ndjsonLine writes C1 and bidirectional controls as \\u escapes, so a line is safe on a terminal", () => {
    // U+009B (CSI), U+202E (right-to-left override) and U+2028 (line separator), as UTF-8 bytes.
    const name = bytes("61 c2 9b 33 31 6d e2 80 ae e2 80 a8 7a");
    const line = ndjsonLine({ program_name: name });
    expect(line).toBe('{"program_name":"a\\u009b31m\\u202e\\u2028z"}\n');
    expect(JSON.parse(line).program_name).toBe("a\u009b31m\u202e\u2028z");
  });
});

describe("jsonText", () => {
  const cases = [
    { name: "jsonText writes a bigint past 2^53 exactly", value: { v: (1n << 64n) - 1n }, want: '{"v":18446744073709551615}' },
    { name: "jsonText writes bigints inside arrays", value: [0n, 9007199254740993n], want: "[0,9007199254740993]" },
    { name: "jsonText leaves undefined fields out and writes null", value: { a: undefined, b: null, c: true }, want: '{"b":null,"c":true}' },
    { name: "jsonText writes what JSON.stringify writes for plain values", value: { s: 'q"\n', n: -1.5, l: [1, "x"] }, want: JSON.stringify({ s: 'q"\n', n: -1.5, l: [1, "x"] }) },
  ] as const;
  for (const c of cases) test(c.name, () => expect(jsonText(c.value)).toBe(c.want));

  test("jsonText refuses values JSON has no text for", () => {
    expect(() => jsonText(() => 1)).toThrow("Cannot write a function as JSON");
    expect(() => jsonText(Symbol("s"))).toThrow("Cannot write a symbol as JSON");
  });

  // Records mostly hold ASCII and no bigint, and take the engine's JSON.stringify; the rest take
  // the general path. Both must give the same text as the general path alone would.
  const mixed = [
    { name: "a plain socket record", value: { kind: "network", recv_q: 0, local_address: "127.0.0.1", timer: { name: "off", seconds: 0.5 }, pid: undefined }, want: '{"kind":"network","recv_q":0,"local_address":"127.0.0.1","timer":{"name":"off","seconds":0.5}}' },
    { name: "a latin1 byte deep inside", value: { a: [{ path: "/tmp/\xe9" }] }, want: '{"a":[{"path":"/tmp/\\udce9"}]}' },
    { name: "valid UTF-8 inside", value: { user: "\xc3\xa9" }, want: '{"user":"\u00e9"}' },
    { name: "a bigint beside plain fields", value: { ok: "x", n: 1n << 60n }, want: '{"ok":"x","n":1152921504606846976}' },
  ] as const;
  for (const c of mixed) test(`jsonText writes ${c.name}`, () => expect(jsonText(c.value)).toBe(c.want));
});
