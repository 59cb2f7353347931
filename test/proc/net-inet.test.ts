import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { InetSocketSchema } from "../../src/model/socket.ts";
import { createInetRowMemo, parseNetInet, parseNetInetLine } from "../../src/proc/net-inet.ts";

const FIXTURES = join(import.meta.dir, "../../fixtures/proc");
const fixture = (tree: string, file: string): string => readFileSync(join(FIXTURES, tree, "net", file), "latin1");

const HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n";
const wellFormed = "   3: 0100007F:1F90 0100007F:B9C0 01 00000000:00000064 00:00000000 00000000     0        0 9624 1 0 20 4 30 10 -1\n";
const headerOnly = HEADER;
const noTrailingNewline = HEADER + wellFormed.trimEnd();
const truncatedLine = "   1: 0100007F:1F90\n";
const untilRetransmits = "   3: 0100007F:B9C0 0100007F:1F90 01 00000000:00000000 00:00000000 00000000\n";
const v4MappedV6 =
  "   0: 0000000000000000FFFF00000100007F:0050 0000000000000000FFFF00000100007F:A000 01 00000000:00000000 00:00000000 00000000 0 0 80\n";
const hugeNumbers =
  "   2: 0100007F:B9C0 0100007F:1F90 01 FFFFFFFFFFFFFFFFFFFF:00000000 02:000001F4 00000003 99999999999 7 123456789012 extra fields\n";

describe("parseNetInetLine", () => {
  test("parseNetInetLine reads every field of a well-formed tcp line", () => {
    expect(parseNetInetLine(wellFormed, "tcp")).toEqual({
      kind: "inet",
      proto: "tcp",
      label: "tcp",
      family: "inet",
      localAddress: "127.0.0.1",
      localPort: 8080,
      remoteAddress: "127.0.0.1",
      remotePort: 47552,
      state: 1,
      txQueue: 0,
      rxQueue: 100,
      timerActive: 0,
      timerTicks: 0,
      retransmits: 0,
      uid: 0,
      timeout: 0,
      inode: 9624,
    });
  });

  const counts = [
    { name: "parseNetInetLine reports the field count of a truncated line", line: truncatedLine, label: "tcp", fields: 3 },
    { name: "parseNetInetLine counts an empty line as no fields", line: "\n", label: "udp", fields: 0 },
    { name: "parseNetInetLine rejects a line that is not a socket", line: "garbage line\n", label: "raw", fields: 0 },
  ] as const;
  for (const c of counts) {
    test(c.name, () => {
      expect(parseNetInetLine(c.line, c.label)).toBe(c.fields);
    });
  }

  test("parseNetInetLine accepts a tcp line that ends after retrnsmt, as netstat does", () => {
    const s = parseNetInetLine(untilRetransmits, "tcp");
    expect(typeof s).toBe("object");
  });

  test("parseNetInetLine rejects a tcp line with only ten fields but accepts it for udp", () => {
    const ten = "   1: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000\n";
    expect(parseNetInetLine(ten, "tcp")).toBe(10);
    expect(typeof parseNetInetLine(ten, "udp")).toBe("object");
  });

  test("parseNetInetLine decodes IPv4-mapped addresses as IPv6", () => {
    const s = parseNetInetLine(v4MappedV6, "tcp6");
    expect(s).toMatchObject({ family: "inet6", localAddress: "::ffff:127.0.0.1", localPort: 80, remotePort: 0xa000 });
  });

  test("parseNetInetLine wraps huge numbers the way glibc stores them", () => {
    expect(parseNetInetLine(hugeNumbers, "tcp")).toMatchObject({
      txQueue: -1,
      timerActive: 2,
      timerTicks: 500,
      retransmits: 3,
      uid: 1215752191,
      timeout: 7,
      inode: 123456789012,
    });
  });
});

describe("parseNetInet", () => {
  test("parseNetInet returns nothing for a header with no rows", () => {
    expect(parseNetInet(headerOnly, "tcp")).toEqual({ records: [], issues: [] });
  });

  test("parseNetInet reads a last line without a newline", () => {
    expect(parseNetInet(noTrailingNewline, "tcp").records).toHaveLength(1);
  });

  test("parseNetInet keeps good rows and reports bad lines with their numbers", () => {
    const parsed = parseNetInet(fixture("malformed", "tcp"), "tcp");
    expect(parsed.records.map((r) => r.localPort)).toEqual([8080, 47552, 22, 80]);
    expect(parsed.issues.map((i) => i.line)).toEqual([2, 4, 6, 7]);
    expect(parsed.issues[0]?.reason).toBe("expected at least 11 fields, got 3");
  });

  const live = ["tcp", "tcp6", "udp", "udp6", "udplite", "udplite6", "raw", "raw6"] as const;
  const labels = { tcp: "tcp", tcp6: "tcp6", udp: "udp", udp6: "udp6", udplite: "udpl", udplite6: "udpl6", raw: "raw", raw6: "raw6" } as const;
  for (const file of live) {
    test(`parseNetInet parses the captured ${file} table into valid records`, () => {
      const parsed = parseNetInet(fixture("live", file), labels[file]);
      expect(parsed.issues).toEqual([]);
      expect(parsed.records.length).toBeGreaterThan(0);
      for (const r of parsed.records) expect(v.safeParse(InetSocketSchema, r).success).toBe(true);
    });
  }
});

describe("parseNetInet fast path", () => {
  // The whole-file parser reads well-formed rows in place; every row must come out exactly as
  // the line parser (regex, then sscanf emulation) reads it, including the rows it rejects.
  const v6Row =
    "   1: 00000000000000000000000001000000:1F90 0000000000000000FFFF00000100007F:C350 0A 00000001:00000002 02:0000012C 00000003  1000        5 12345 1 0 20 4 30 10 -1\n";
  const wideSl = "10000: 0100007F:0016 0100007F:D431 01 00000000:00000000 00:00000000 00000000 65534        0 987654321012345 1\n";
  const longInode = "   4: 0100007F:0016 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 98765432109876543 1\n";
  const seeds = [wellFormed, v6Row, wideSl, untilRetransmits, v4MappedV6, hugeNumbers, longInode];
  const alphabet = " :0123456789ABCDEFabcdefx-\n\t";

  /** A deterministic stream of edits: each replaces, inserts or deletes one character. */
  function* mutations(count: number): Generator<string> {
    let seed = 12345;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    for (let i = 0; i < count; i++) {
      const base = seeds[next(seeds.length)]!;
      const at = next(base.length);
      const ch = alphabet[next(alphabet.length)]!;
      const kind = next(3);
      yield kind === 0 ? base.slice(0, at) + ch + base.slice(at + 1) : kind === 1 ? base.slice(0, at) + ch + base.slice(at) : base.slice(0, at) + base.slice(at + 1);
    }
  }

  const cases = [
    { name: "parseNetInet reads seed rows as parseNetInetLine does", lines: seeds },
    { name: "parseNetInet reads 3000 one-character mutations as parseNetInetLine does", lines: [...mutations(3000)] },
  ];
  for (const c of cases) {
    test(c.name, () => {
      for (const label of ["tcp", "tcp6", "udp"] as const) {
        for (const line of c.lines) {
          const expected = line.split("\n").filter((_, i, all) => i < all.length - 1 || all[i] !== "");
          const whole = parseNetInet(HEADER + line, label);
          const oneByOne = expected.map((piece, i) => parseNetInetLine(i < expected.length - 1 || line.endsWith("\n") ? `${piece}\n` : piece, label));
          expect(whole.records).toEqual(oneByOne.filter((r) => typeof r !== "number"));
          expect(whole.issues.length).toBe(oneByOne.filter((r) => typeof r === "number").length);
        }
      }
    });
  }
});

describe("parseNetInet with a memo", () => {
  const other = "   4: 0100007F:1F90 0100007F:B9C2 06 00000000:00000000 03:00000100 00000000     0        0 0 1 0 20 4 30 10 -1\n";

  test("parseNetInet with a memo gives the same records as without one", () => {
    const memo = createInetRowMemo();
    const text = fixture("malformed", "tcp");
    expect(parseNetInet(text, "tcp", memo)).toEqual(parseNetInet(text, "tcp"));
    expect(parseNetInet(text, "tcp", memo)).toEqual(parseNetInet(text, "tcp"));
  });

  test("parseNetInet with a memo reuses the record of an unchanged row whose sl moved", () => {
    const memo = createInetRowMemo();
    const first = parseNetInet(HEADER + wellFormed + other, "tcp", memo).records;
    const second = parseNetInet(HEADER + other.replace("   4:", "   0:"), "tcp", memo).records;
    expect(second).toHaveLength(1);
    expect(second[0]).toBe(first[1]!);
  });

  test("parseNetInet with a memo parses a changed row afresh and forgets rows no longer read", () => {
    const memo = createInetRowMemo();
    const first = parseNetInet(HEADER + wellFormed, "tcp", memo).records;
    const changed = parseNetInet(HEADER + wellFormed.replace(" 01 ", " 08 "), "tcp", memo).records;
    expect(changed[0]).not.toBe(first[0]!);
    expect(changed[0]?.state).toBe(8);
    expect(memo.rows.size).toBe(1);
    const back = parseNetInet(HEADER + wellFormed, "tcp", memo).records;
    expect(back[0]).not.toBe(first[0]!);
    expect(back[0]).toEqual(first[0]!);
  });
});
