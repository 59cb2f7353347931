/**
 * The compiled binary needs nothing beside it: copied alone into an empty
 * directory, it prints what netstat prints.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, runIn } from "../_support/run.ts";

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`parity/standalone.test.ts SKIPPED: ${avail.why}`);

describe.skipIf(!avail.ok)("dist/netstat-stream on its own", () => {
  let ns: Netns | undefined;
  let dir = "";
  let lone = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "nss-alone-"));
    chmodSync(dir, 0o755);
    lone = join(dir, "netstat-stream");
    copyFileSync(OURS, lone);
    chmodSync(lone, 0o755);
    ns = await createNetns("nsalone");
    await startFixture(ns, "main");
  }, 60_000);

  afterAll(async () => {
    await ns?.destroy();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  test("the copy is the only file in its directory", () => {
    expect(readdirSync(dir)).toEqual(["netstat-stream"]);
  });

  for (const args of [["-tulpn"], ["-tulp"], ["-a"]]) {
    test(`a lone copy prints what netstat ${args.join(" ")} prints`, async () => {
      const real = await runIn(ns!.name, [REAL_NETSTAT, ...args]);
      const ours = await runIn(ns!.name, [lone, ...args]);
      expect(ours.stdout.toString("latin1")).toBe(real.stdout.toString("latin1"));
      expect(ours.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
      expect(ours.code).toBe(real.code);
    });
  }
});
