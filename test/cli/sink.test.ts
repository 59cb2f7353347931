import { afterAll, expect, test } from "bun:test";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fdSink } from "../../src/cli/sink.ts";

const dir = mkdtempSync(join(tmpdir(), "nss-sink-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("fdSink writes each text byte for byte, a short one after a long one included", () => {
  const file = join(dir, "out");
  const fd = openSync(file, "w");
  const every = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join("");
  const texts = ["x".repeat(300_000) + "\n", every, "short\n", "", every.repeat(3)];
  try {
    const sink = fdSink(fd);
    for (const text of texts) sink(text);
  } finally {
    closeSync(fd);
  }
  expect(readFileSync(file)).toEqual(Buffer.from(texts.join(""), "latin1"));
});
