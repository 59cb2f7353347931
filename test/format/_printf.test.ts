import { describe, expect, test } from "bun:test";
import { fixed2, general, left, right, unsignedLong } from "../../src/format/_printf.ts";

/** The same conversion done by coreutils printf, the reference for C's. */
function printf(format: string, ...args: readonly string[]): string {
  const r = Bun.spawnSync(["printf", format, ...args], { env: { LC_ALL: "C" } });
  return r.stdout.toString("latin1");
}

describe("padding", () => {
  const cases = [
    { text: "", width: 0 },
    { text: "tcp", width: 5 },
    { text: "ESTABLISHED", width: 11 },
    { text: "127.0.0.1:40000", width: 23 },
    { text: "a-name-longer-than-its-column", width: 10 },
    { text: "x", width: 63 },
    { text: "x", width: 64 },
    { text: "y", width: 100 },
  ] as const;
  for (const { text, width } of cases) {
    test(`left and right pad ${JSON.stringify(text)} to ${width} as %-${width}s and %${width}s do`, () => {
      expect(left(text, width)).toBe(printf(`%-${width}s`, text));
      expect(right(text, width)).toBe(printf(`%${width}s`, text));
    });
  }
  test("right pads numbers as %Nd does", () => {
    for (const n of [0, 7, 1234, 123456789]) expect(right(n, 6)).toBe(printf("%6d", String(n)));
  });
});

test("fixed2 formats as %2.2f does", () => {
  for (const v of [0, 0.5, 7199.99, 12.345]) expect(fixed2(v)).toBe(printf("%2.2f", String(v)));
});

test("unsignedLong shows all ones as %lu of -1 does", () => {
  expect(unsignedLong(-1)).toBe(printf("%lu", "18446744073709551615"));
  expect(unsignedLong(4738227)).toBe("4738227");
});

describe("general", () => {
  const values = ["0.025", "0.008", "204", "2.88672", "1e-05", "0.0001", "123456", "1234567", "999999.5", "3.14159265", "40", "287.904345936", "0.5"];
  for (const value of values) {
    test(`general(${value}) is printf %g`, () => expect(general(Number(value))).toBe(printf("%g", value)));
    test(`general(${value}, 3) is printf %.3g`, () => expect(general(Number(value), 3)).toBe(printf("%.3g", value)));
  }
});
