import { expect, test } from "bun:test";
import { procGenFmt } from "../../src/proc/_proc-gen-fmt.ts";

test("procGenFmt maps wanted columns and skips the others", () => {
  expect(procGenFmt("A\tB\tC\n", [["A", "%d"], ["C", "%s"]])).toEqual({ format: "%d %*s %s" });
});

test("procGenFmt names the first wanted column the header lacks", () => {
  expect(procGenFmt("A\tB\n", [["A", "%d"], ["Z", "%s"]])).toEqual({ missing: "Z" });
});

test("procGenFmt needs the columns in order", () => {
  expect(procGenFmt("B A\n", [["A", "%d"], ["B", "%d"]])).toEqual({ missing: "B" });
});
