/**
 * The deliberate differences from net-tools netstat 2.10 (README), each
 * checked against the real netstat where one is comparable.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { startFixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, RUN_ENV, runIn } from "../_support/run.ts";

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`parity/differences.test.ts SKIPPED: ${avail.why}`);

/** Runs `argv` for `ms` milliseconds, then SIGINT; resolves with stdout and the exit status. */
async function runFor(argv: readonly string[], ms: number): Promise<{ stdout: string; code: number }> {
  const proc = Bun.spawn([...argv], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV } });
  const timer = setTimeout(() => proc.kill("SIGINT"), ms);
  const [stdout, code] = await Promise.all([new Response(proc.stdout).text(), proc.exited]);
  clearTimeout(timer);
  return { stdout, code };
}

const headerCount = (text: string): number => text.split("Active Internet connections").length - 1;

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
    const [theirs, mine] = await Promise.all([
      runFor([REAL_NETSTAT, "-c", "5", "-tn"], 2500),
      runFor([OURS, "-c", "5", "-tn"], 2500),
    ]);
    expect(headerCount(theirs.stdout)).toBeGreaterThanOrEqual(2);
    expect(headerCount(mine.stdout)).toBe(1);
  }, 15_000);

  test("-c without a delay repeats every second, as netstat does", async () => {
    const mine = await runFor([OURS, "-c", "-tn"], 2500);
    expect(headerCount(mine.stdout)).toBeGreaterThanOrEqual(2);
    expect(headerCount(mine.stdout)).toBeLessThanOrEqual(3);
  }, 15_000);

  test("-c ends cleanly on Ctrl-C, after whole passes", async () => {
    const mine = await runFor([OURS, "-c", "0.2", "-tn"], 700);
    expect(mine.code).toBe(0);
    expect(mine.stdout.endsWith("\n")).toBe(true);
    expect(headerCount(mine.stdout)).toBeGreaterThanOrEqual(2);
  });
});
