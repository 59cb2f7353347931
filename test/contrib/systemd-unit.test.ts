/**
 * contrib/netstat-stream-textfile.service, checked by systemd's own tools where they exist
 * (`systemd-analyze verify`, and `systemd-analyze security --offline`, which must rate it OK), and
 * its claim about capabilities checked for real: in a private namespace with the socket fixture,
 * an unprivileged user holding exactly the unit's capabilities lists `-p`'s owners as root does,
 * and with either one left out it does not. Its ExecStart, run that way, writes a textfile that
 * promtool accepts.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startFixture } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { NOBODY, OURS, REPO_ROOT, RUN_ENV, runIn, setprivAvailable } from "../_support/run.ts";
import { PROMTOOL, promtoolCheck } from "../_support/exposition-oracles.ts";

const UNIT = resolve(REPO_ROOT, "contrib", "netstat-stream-textfile.service");
const SYSTEMD_ANALYZE = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"].find((p) => existsSync(p));

/** The values of a key of the unit's [Service] section, every line of it joined. */
function unitValues(key: string): string[] {
  return readFileSync(UNIT, "utf8")
    .split("\n")
    .filter((l) => l.startsWith(`${key}=`))
    .flatMap((l) => l.slice(key.length + 1).trim().split(/\s+/));
}

/** The unit with its ExecStart pointing at the binary under test. */
function unitForTest(dir: string): string {
  const path = join(dir, "netstat-stream-textfile.service");
  writeFileSync(path, readFileSync(UNIT, "utf8").replaceAll("/usr/local/bin/netstat-stream", OURS));
  return path;
}

describe.skipIf(SYSTEMD_ANALYZE === undefined)("contrib's systemd unit, as systemd reads it", () => {
  test("systemd-analyze verify finds nothing wrong with the unit", () => {
    const dir = mkdtempSync(join(tmpdir(), "netstat-unit-"));
    try {
      // --man=no: the manual page is not installed where the tests run.
      const r = Bun.spawnSync([SYSTEMD_ANALYZE!, "verify", "--man=no", unitForTest(dir)], { stdout: "pipe", stderr: "pipe" });
      expect(`${r.stdout.toString()}${r.stderr.toString()}`).toBe("");
      expect(r.exitCode).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("systemd-analyze security rates the unit's exposure OK or better", () => {
    const dir = mkdtempSync(join(tmpdir(), "netstat-unit-"));
    try {
      const r = Bun.spawnSync([SYSTEMD_ANALYZE!, "security", "--offline=yes", unitForTest(dir)], { stdout: "pipe", stderr: "pipe" });
      const verdict = /Overall exposure level for \S+: ([0-9.]+) (\S+)/.exec(r.stdout.toString());
      expect(verdict?.[2]).toBe("OK");
      expect(Number(verdict?.[1])).toBeLessThanOrEqual(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

const avail = await netnsAvailable();
const why = !avail.ok ? avail.why : setprivAvailable() ? "" : "setpriv (util-linux) is missing";
if (why !== "") console.warn(`contrib/systemd-unit.test.ts capability tests SKIPPED: ${why}; they need root and ip netns`);

/** setpriv's arguments for user nobody holding `caps` (the unit's names) as ambient capabilities. */
function nobodyWith(caps: readonly string[]): string[] {
  const list = caps.map((c) => `+${c.replace(/^CAP_/, "").toLowerCase()}`).join(",");
  return ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", ...(caps.length === 0 ? [] : [`--inh-caps=${list}`, `--ambient-caps=${list}`])];
}

describe.skipIf(why !== "")("the unit's capabilities are what -p needs", () => {
  let ns: Netns | undefined;
  const caps = unitValues("AmbientCapabilities");

  beforeAll(async () => {
    ns = await createNetns("nsunit");
    await startFixture(ns, "main");
  }, 60_000);

  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("the unit bounds its capabilities to the ambient ones it grants", () => {
    expect(unitValues("CapabilityBoundingSet").sort()).toEqual([...caps].sort());
    expect(caps.length).toBeGreaterThan(0);
  });

  test("nobody with exactly the unit's capabilities lists -p's owners as root does; without either, not", async () => {
    const root = (await runIn(ns!.name, [OURS, "-tuanp"])).stdout.toString("latin1");
    expect(root).toContain("/python3");
    const withCaps = (await runIn(ns!.name, [...nobodyWith(caps), OURS, "-tuanp"])).stdout.toString("latin1");
    expect(withCaps).toBe(root);
    for (const left of caps) {
      const fewer = await runIn(ns!.name, [...nobodyWith(caps.filter((c) => c !== left)), OURS, "-tuanp"]);
      expect(fewer.stdout.toString("latin1")).not.toBe(root);
    }
  });

  test("the unit's ExecStart, as nobody with the unit's capabilities, writes a textfile promtool accepts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "netstat-unit-textfile-"));
    chmodSync(dir, 0o777);
    const file = join(dir, "netstat-stream.prom");
    const exec = readFileSync(UNIT, "utf8").split("\n").find((l) => l.startsWith("ExecStart="))!.slice("ExecStart=".length).trim().split(/\s+/);
    const argv = exec.map((w) => (w === "/usr/local/bin/netstat-stream" ? OURS : w.endsWith(".prom") ? file : w));
    const child = Bun.spawn(["ip", "netns", "exec", ns!.name, ...nobodyWith(caps), ...argv], { stdout: "ignore", stderr: "pipe", env: { ...RUN_ENV } });
    ns!.track(child.pid);
    try {
      for (let i = 0; i < 100 && !existsSync(file); i++) await Bun.sleep(100);
      expect(existsSync(file)).toBe(true);
      const text = readFileSync(file, "utf8");
      expect(text).toContain("netstat_listening_sockets{");
      expect(text).toContain('program="python3"');
      if (PROMTOOL !== undefined) {
        const camel = /^netstat_[A-Za-z0-9]+_[A-Za-z0-9]+ metric names should be written in 'snake_case' not 'camelCase'$/;
        expect(promtoolCheck(text).messages.filter((m) => !camel.test(m))).toEqual([]);
      }
    } finally {
      child.kill();
      await child.exited;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
