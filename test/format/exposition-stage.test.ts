/**
 * The socket listing's exposition stage in both formats over one tree (the live fixture's sockets
 * beside the modes fixture's counters): the text format is what `--format prometheus` prints, and
 * OpenMetrics (what `--serve` can ask for) holds the very same series, as the Python client's
 * OpenMetrics parser reads them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lastValueFrom, reduce } from "rxjs";
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import { listingExposition } from "../../src/format/exposition-stage.ts";
import type { ExpositionFormat } from "../../src/format/exposition.ts";
import { socketListing$ } from "../../src/pipeline/socket-listing.ts";
import { INITIAL_GROUP_STATE } from "../../src/proc/net-igmp.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";
import { PYTHON_CLIENT, pythonParse, type ParsedSample } from "../_support/exposition-oracles.ts";
import { runInProcess } from "../_support/in-process.ts";
import { numericResolver } from "../_support/watch-harness.ts";
import { FIXTURES } from "../golden/_trees.ts";

let dir = "";

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "netstat-exposition-"));
  cpSync(join(FIXTURES, "live", "net"), join(dir, "net"), { recursive: true });
  for (const file of ["snmp", "netstat", "snmp6"]) cpSync(join(FIXTURES, "modes", "net", file), join(dir, "net", file));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The stage's exposition of `-an` over the tree, at a clock that stands still. */
async function exposition(format: ExpositionFormat): Promise<string> {
  const parsed = parseNetstatArgs("netstat", ["--proc-root", dir, "-an", "--format", "prometheus"], { selinuxEnabled: false });
  if (parsed.kind !== "run") throw new Error("Cannot parse the arguments");
  const { options } = parsed;
  const items = socketListing$({
    root: createProcRoot(dir),
    options,
    resolver: numericResolver,
    euid: 0,
    userUid: undefined,
    groupState: { value: INITIAL_GROUP_STATE },
    numericSctp: true,
    records: true,
    counters: true,
  });
  const stage = listingExposition(format)({ options, resolver: numericResolver, colour: false, now: () => 0, pass: 1 });
  const written = await lastValueFrom(items.pipe(stage, reduce((text, w) => text + (w.stream === "stdout" ? w.text : ""), "")));
  return Buffer.from(written, "latin1").toString("utf8");
}

const sorted = (samples: readonly ParsedSample[]): string[] =>
  samples.filter((s) => s.name !== "netstat_scrape_duration_seconds").map((s) => `${s.name} ${JSON.stringify(Object.entries(s.labels).sort())} ${s.value}`).sort();

describe("listingExposition", () => {
  test("listingExposition text is what run --format prometheus prints, but for the reading's duration", async () => {
    const printed = await runInProcess(["--proc-root", dir, "-an", "--format", "prometheus"]);
    const duration = /^netstat_scrape_duration_seconds .*$/m;
    expect(printed.code).toBe(0);
    expect((await exposition("text")).replace(duration, "")).toBe(Buffer.from(printed.out, "latin1").toString("utf8").replace(duration, ""));
  });

  test.skipIf(!PYTHON_CLIENT)("listingExposition openmetrics holds the text format's series, as the OpenMetrics parser reads them", async () => {
    const om = await exposition("openmetrics");
    expect(om.endsWith("# EOF\n")).toBe(true);
    const text = sorted(pythonParse(await exposition("text"), "text"));
    expect(text.length).toBeGreaterThan(100);
    expect(sorted(pythonParse(om, "openmetrics"))).toEqual(text);
  });
});
