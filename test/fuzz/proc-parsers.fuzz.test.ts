/**
 * Property tests over every /proc parser in src/proc: hostile input never
 * throws, every line is either a record or a reported issue, records are
 * valid, and every well-formed row among the junk is read exactly.
 */
import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import * as v from "valibot";
import { InetSocketSchema, UnixSocketSchema, type InetLabel } from "../../src/model/socket.ts";
import { createFgetsSplitter, fgetsLines } from "../../src/proc/_lines.ts";
import { compileScan, scan } from "../../src/proc/_scan.ts";
import { decodeHexAddress, decodeHexIpv6, formatIpv6 } from "../../src/proc/hex-address.ts";
import type { Parsed } from "../../src/proc/issue.ts";
import { parseNetInet } from "../../src/proc/net-inet.ts";
import { parseNetUnix } from "../../src/proc/net-unix.ts";
import { programName } from "../../src/proc/pid-cmdline.ts";
import { socketInodeOfLink } from "../../src/proc/pid-fd.ts";
import { parseIpv6 } from "../../src/resolve/address.ts";
import { bytesText, INET_HEADER, inetRow, junkLine, mutated, procFile, UNIX_HEADER, unixRow } from "./_arbitraries.ts";
import { FUZZ_TIMEOUT_MS, fuzzParams } from "./_config.ts";

const LABELS: readonly InetLabel[] = ["tcp", "tcp6", "udp", "udp6", "udpl", "udpl6", "raw", "raw6"];

/** The data lines (after the header) of a file, as netstat's fgets loop sees them. */
function dataLineCount(text: string): number {
  return Math.max(0, fgetsLines(text).length - 1);
}

/** Each data line's record, or undefined where the parser reported an issue. */
function recordsByLine<T>(parsed: Parsed<T>, lines: number): (T | undefined)[] {
  const bad = new Set(parsed.issues.map((i) => i.line));
  const records = [...parsed.records];
  const out: (T | undefined)[] = [];
  for (let line = 1; line <= lines; line++) out.push(bad.has(line) ? undefined : records.shift());
  return out;
}

function accountsForEveryLine<T>(parsed: Parsed<T>, text: string): void {
  const lines = dataLineCount(text);
  expect(parsed.records.length + parsed.issues.length).toBe(lines);
  for (const issue of parsed.issues) {
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.line).toBeLessThanOrEqual(lines);
    expect(issue.text.includes("\n")).toBe(false);
    expect(issue.reason.length).toBeGreaterThan(0);
  }
}

describe("fuzz /proc/net inet tables", () => {
  test(
    "parseNetInet never throws and accounts for every line with valid records",
    () => {
      fc.assert(
        fc.property(procFile(INET_HEADER, inetRow), fc.constantFrom(...LABELS), (text, label) => {
          const parsed = parseNetInet(text, label);
          accountsForEveryLine(parsed, text);
          for (const r of parsed.records) {
            expect(v.safeParse(InetSocketSchema, r).success).toBe(true);
            expect(r.localPort).toBeLessThanOrEqual(0xffff);
            expect(r.remotePort).toBeLessThanOrEqual(0xffff);
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test(
    "parseNetInet reads every well-formed row among hostile ones exactly",
    () => {
      const item = fc.oneof(
        inetRow.map((row) => ({ good: true as const, row, text: row.text })),
        mutated(inetRow).map((l) => ({ good: false as const, row: undefined, text: `${l}\n` })),
        junkLine().map((l) => ({ good: false as const, row: undefined, text: `${l}\n` })),
      );
      fc.assert(
        fc.property(fc.array(item, { maxLength: 10 }), fc.constantFrom<InetLabel>("tcp", "udp"), (items, label) => {
          const text = `${INET_HEADER}\n${items.map((i) => i.text).join("")}`;
          const parsed = parseNetInet(text, label);
          accountsForEveryLine(parsed, text);
          // An over-long junk line becomes several fgets pieces; map good rows by their piece number.
          let line = 0;
          const byLine = recordsByLine(parsed, dataLineCount(text));
          for (const i of items) {
            const pieces = fgetsLines(i.text).length;
            if (i.good) {
              const r = byLine[line];
              expect(r).toMatchObject({
                family: i.row.inet6 ? "inet6" : "inet",
                localPort: i.row.localPort,
                remotePort: i.row.remotePort,
                state: i.row.state,
                txQueue: i.row.txQueue,
                rxQueue: i.row.rxQueue,
                uid: i.row.uid,
                timeout: i.row.timeout,
                inode: i.row.inode,
              });
            }
            line += pieces;
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("fuzz /proc/net/unix", () => {
  test(
    "parseNetUnix never throws and accounts for every line with valid records",
    () => {
      fc.assert(
        fc.property(procFile(UNIX_HEADER, unixRow), (text) => {
          const parsed = parseNetUnix(text);
          accountsForEveryLine(parsed, text);
          for (const r of parsed.records) {
            expect(v.safeParse(UnixSocketSchema, r).success).toBe(true);
            expect(/[\0\n]/.test(r.path)).toBe(false);
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test(
    "parseNetUnix reads every well-formed row among hostile ones exactly",
    () => {
      const item = fc.oneof(
        unixRow.map((row) => ({ good: true as const, row, text: row.text })),
        mutated(unixRow).map((l) => ({ good: false as const, row: undefined, text: `${l}\n` })),
        junkLine().map((l) => ({ good: false as const, row: undefined, text: `${l}\n` })),
      );
      fc.assert(
        fc.property(fc.array(item, { maxLength: 10 }), (items) => {
          const text = `${UNIX_HEADER}\n${items.map((i) => i.text).join("")}`;
          const parsed = parseNetUnix(text);
          accountsForEveryLine(parsed, text);
          const byLine = recordsByLine(parsed, dataLineCount(text));
          let line = 0;
          for (const i of items) {
            if (i.good) {
              const { text: _, ...expected } = i.row;
              expect(byLine[line]).toMatchObject(expected);
            }
            line += fgetsLines(i.text).length;
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("fuzz the shared line and field readers", () => {
  test(
    "fgetsLines splits any text into pieces that rebuild it, none longer than the buffer",
    () => {
      fc.assert(
        fc.property(fc.oneof(bytesText(300), fc.string({ unit: fc.constantFrom("a", "\n", "\0") })), fc.integer({ min: 2, max: 64 }), (text, size) => {
          const pieces = fgetsLines(text, size);
          expect(pieces.join("")).toBe(text);
          pieces.forEach((p, i) => {
            expect(p.length).toBeGreaterThan(0);
            expect(p.length).toBeLessThanOrEqual(size - 1);
            expect(p.indexOf("\n")).toBeOneOf(i === pieces.length - 1 ? [-1, p.length - 1] : [p.length - 1, -1]);
          });
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test(
    "createFgetsSplitter gives fgetsLines' pieces however the text is cut into chunks",
    () => {
      fc.assert(
        fc.property(
          fc.oneof(bytesText(300), fc.string({ unit: fc.constantFrom("a", "\n") })),
          fc.integer({ min: 2, max: 16 }),
          fc.array(fc.nat({ max: 40 }), { maxLength: 12 }),
          (text, size, cuts) => {
            const splitter = createFgetsSplitter(size);
            const pieces: string[] = [];
            let at = 0;
            for (const cut of cuts) {
              pieces.push(...splitter.push(text.slice(at, at + cut)));
              at += cut;
            }
            pieces.push(...splitter.push(text.slice(at)), ...splitter.end());
            expect(pieces).toEqual(fgetsLines(text, size));
          },
        ),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  const formats = ["%d: %64[0-9A-Fa-f]:%X %64[0-9A-Fa-f]:%X %X %lX:%lX %X:%lX %lX %d %d %lu %*s\n", "%p: %lX %lX %lX %X %X %lu %s"].map(
    compileScan,
  );
  test(
    "scan never throws and returns finite integers and strings without NUL",
    () => {
      fc.assert(
        fc.property(fc.oneof(bytesText(), inetRow.map((r) => r.text), mutated(unixRow)), fc.constantFrom(...formats), (input, format) => {
          const values = scan(input, format);
          expect(values.length).toBeLessThanOrEqual(format.directives.length);
          for (const value of values) {
            if (typeof value === "number") expect(Number.isSafeInteger(value) || Number.isInteger(value)).toBe(true);
            else expect(value.includes("\0")).toBe(false);
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test(
    "decodeHexAddress never throws and its IPv6 text reads back as the same bytes",
    () => {
      fc.assert(
        fc.property(fc.oneof(bytesText(40), fc.stringMatching(/^[0-9A-F]{32}$/), fc.stringMatching(/^[0-9A-Fa-f]{0,40}$/)), (hex) => {
          const { family, address } = decodeHexAddress(hex);
          if (family === "inet") {
            expect(address).toMatch(/^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$/);
          } else {
            expect(parseIpv6(address)).toEqual(decodeHexIpv6(hex));
            expect(formatIpv6(parseIpv6(address)!)).toBe(address);
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("fuzz /proc/PID files", () => {
  test(
    "socketInodeOfLink never throws and reads back any socket link it could have made",
    () => {
      fc.assert(
        fc.property(fc.oneof(bytesText(40), fc.nat().map((n) => `socket:[${n}]`), fc.nat().map((n) => `[0000]:${n}`)), (target) => {
          const inode = socketInodeOfLink(target);
          if (inode !== undefined) {
            expect(Number.isSafeInteger(inode)).toBe(true);
            expect(target.endsWith(`${inode}]`) || target.endsWith(`:${inode}`) || /0[0-9]/.test(target)).toBe(true);
          } else if (/^socket:\[[0-9]+\]$/.test(target)) {
            expect(target.length).toBeGreaterThan(29);
          }
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  test(
    "programName never throws and returns argv[0] without NUL or a leading directory",
    () => {
      fc.assert(
        fc.property(bytesText(600), (cmdline) => {
          const name = programName(cmdline);
          expect(name.includes("\0")).toBe(false);
          expect(cmdline.startsWith(name) || cmdline.startsWith("/")).toBe(true);
          if (cmdline.startsWith("/")) expect(name.includes("/")).toBe(false);
        }),
        fuzzParams(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
