/**
 * JSON mode: a line netstat would call bogus becomes a warning record on
 * stderr, and every line that could be read is still listed.
 */
import { expect, test } from "bun:test";
import { join } from "node:path";
import * as v from "valibot";
import { runInProcess, type InProcessRun } from "../_support/in-process.ts";
import { WarningRecordSchema } from "../../src/model/record.ts";

const MALFORMED = join(import.meta.dir, "../../fixtures/proc/malformed");

function ours(args: readonly string[]): Promise<InProcessRun> {
  return runInProcess(["--proc-root", MALFORMED, ...args]);
}

const lines = (text: string): Record<string, unknown>[] =>
  text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => JSON.parse(l) as Record<string, unknown>);

test("--json writes one warning record per bogus line to stderr, and lists every good row", async () => {
  const r = await ours(["--json", "-an"]);
  expect(r.code).toBe(0);
  const warnings = lines(r.err);
  for (const w of warnings) expect(v.safeParse(WarningRecordSchema, w).success).toBe(true);
  expect(warnings.filter((w) => w["file"] === `${MALFORMED}/net/tcp`).map((w) => w["line"])).toEqual([2, 4, 6, 7]);
  expect(warnings.find((w) => w["line"] === 2 && w["file"] === `${MALFORMED}/net/tcp`)).toMatchObject({
    message: "got bogus tcp line",
    reason: "expected at least 11 fields, got 3",
    text: "   1: 0100007F:1F90",
  });
  expect(warnings.some((w) => w["message"] === "got bogus unix line")).toBe(true);
  const records = lines(r.out);
  const tcpPorts = records.filter((x) => x["proto"] === "tcp").map((x) => x["local_port_num"]);
  expect(tcpPorts).toEqual([8080, 47552, 22, 80]);
});

test("text mode keeps netstat's warning sentence for the same lines", async () => {
  const r = await ours(["-ant"]);
  expect(r.err.split("\n").filter((l) => l !== "")).toEqual(new Array(4).fill("warning, got bogus tcp line."));
});
