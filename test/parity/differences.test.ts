/**
 * The deliberate differences from net-tools netstat 2.10 (README), each
 * checked against the real netstat where one is comparable.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { start, until } from "../_support/lines.ts";
import { OURS, REAL_NETSTAT, runIn } from "../_support/run.ts";

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`parity/differences.test.ts SKIPPED: ${avail.why}`);

const headerCount = (text: string): number => text.split("Active Internet connections").length - 1;

interface Ran {
  readonly stdout: string;
  readonly code: number;
  /** Milliseconds from the start to the moment `enough` held. */
  readonly tookMs: number;
}

/**
 * Runs `argv` until `enough(stdout, ms since the first header)` holds (for at most 30 s), then
 * sends SIGINT; resolves with stdout and the exit status. Waiting on the output, not on the
 * clock, keeps a slow start on a busy machine from reading as a missing pass.
 */
async function runUntil(argv: readonly string[], enough: (stdout: string, sinceFirstMs: number) => boolean): Promise<Ran> {
  const started = Date.now();
  const run = start(argv);
  let firstAt: number | undefined;
  await until(
    () => {
      if (firstAt === undefined && headerCount(run.output()) > 0) firstAt = Date.now();
      return firstAt !== undefined && enough(run.output(), Date.now() - firstAt);
    },
    30_000,
    `enough output from ${argv.join(" ")}`,
  );
  const tookMs = Date.now() - started;
  run.proc.kill("SIGINT");
  const code = await run.done;
  return { stdout: run.output(), code, tookMs };
}

describe.skipIf(!avail.ok)("deliberate differences", () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nsdiff");
    await startFixture(ns, "main");
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  for (const [ours, theirs] of [
    [["-T", "-an"], ["-W", "-an"]],
    [["--notrim", "-tu"], ["--wide", "-tu"]],
    [["-tuaT"], ["-tuaW"]],
  ] as const) {
    test(`-T/--notrim: ours ${ours.join(" ")} prints what netstat ${theirs.join(" ")} prints`, async () => {
      const real = await runIn(ns!.name, [REAL_NETSTAT, ...theirs]);
      const mine = await runIn(ns!.name, [OURS, ...ours]);
      expect(mine.stdout.toString("latin1")).toBe(real.stdout.toString("latin1"));
      expect(mine.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
      expect(mine.code).toBe(real.code);
    });
  }

  test("-c honours a trailing delay where netstat 2.10 repeats every second", async () => {
    // Two passes of netstat's; ours watched for 2.5 s after its first pass (its next is due at 5 s).
    const [theirs, mine] = await Promise.all([
      runUntil([REAL_NETSTAT, "-c", "5", "-tn"], (out) => headerCount(out) >= 2),
      runUntil([OURS, "-c", "5", "-tn"], (out, since) => headerCount(out) >= 2 || since >= 2500),
    ]);
    expect(headerCount(theirs.stdout)).toBeGreaterThanOrEqual(2);
    expect(headerCount(mine.stdout)).toBe(1);
  }, 60_000);

  test("-c without a delay repeats every second, as netstat does", async () => {
    const mine = await runUntil([OURS, "-c", "-tn"], (out) => headerCount(out) >= 2);
    expect(headerCount(mine.stdout)).toBeGreaterThanOrEqual(2);
    // The second pass begins a second after the first, which began after the start: not sooner.
    expect(mine.tookMs).toBeGreaterThanOrEqual(950);
  }, 60_000);

  test("-c ends cleanly on Ctrl-C, after whole passes", async () => {
    const mine = await runUntil([OURS, "-c", "0.2", "-tn"], (out) => headerCount(out) >= 3);
    expect(mine.code).toBe(0);
    expect(mine.stdout.endsWith("\n")).toBe(true);
    expect(headerCount(mine.stdout)).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
