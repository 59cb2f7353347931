/**
 * Parity of `-ie`'s hardware line for every hardware type netstat knows, and of `-ie`/`-iea` on
 * the virtual devices this kernel can make (bridge, ifb, vxlan, tun, tap).
 *
 * No device here has an AX.25, IrDA or Ash address, so a small LD_PRELOAD library
 * (scripts/hwaddr-preload.c, compiled at test time) makes the real netstat's SIOCGIFHWADDR report
 * a chosen type and address for `lo`; netstat's hardware line for it must equal what our
 * formatter prints for the same type, bytes, queue length and counters. Our binary reads the
 * address through bun:ffi, which an LD_PRELOAD library cannot reach, so the formatter is
 * compared directly.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Interface, InterfaceStats } from "../../src/model/interface.ts";
import { parseNetDev } from "../../src/proc/net-dev.ts";
import { HARDWARE_TYPES } from "../../src/format/hw-types.ts";
import { interfaceBlock } from "../../src/format/netstat-interfaces.ts";
import { terminalSafe } from "../../src/format/terminal-safe.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, REPO_ROOT, runIn, type RunResult } from "../_support/run.ts";
import { countersBetween } from "./_counters.ts";

/** Address patterns: high bytes (signed-char quirks), an AX.25 callsign with SSID 7, all zero. */
const PATTERNS = ["01f283c4a5e6f7889900aabbccdd", "8e689698b0406e3132333435ff", ""] as const;

/** ARPHRD numbers as the kernel's unsigned 16-bit sa_family: every known type, then unknown ones. */
const TYPES: readonly number[] = [
  ...HARDWARE_TYPES.map((t) => t.type & 0xffff),
  32, 769, 778, 800, 824, 0xfffe,
];

const DEVICES: readonly (readonly string[])[] = [
  ["link", "add", "br0", "type", "bridge"],
  ["link", "add", "ifb0", "type", "ifb"],
  ["link", "add", "vx0", "type", "vxlan", "id", "7", "dstport", "4789", "local", "203.0.113.1"],
  ["tuntap", "add", "tun0", "mode", "tun"],
  ["tuntap", "add", "tap0", "mode", "tap"],
  ["link", "set", "tap0", "up"],
];

const avail = await netnsAvailable();
const cc = Bun.which("cc");
const why = !avail.ok ? avail.why : cc === null ? "no C compiler (cc) for the LD_PRELOAD library" : "";
if (why !== "") console.warn(`parity/hw-types.test.ts SKIPPED: ${why}; it needs root, ip netns and cc`);

function bytesOf(hex: string): number[] {
  return Array.from({ length: hex.length / 2 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** The hardware line (`        NAME ADDRESS  txqueuelen N  (TITLE)`) of the `lo` block. */
function loHardwareLine(text: string): string | undefined {
  const block = text.slice(text.indexOf("lo: "));
  return block.split("\n\n")[0]!.split("\n").find((l) => /^ {8}\S.* {2}\(.*\)$/s.test(l));
}

describe.skipIf(why !== "")("netstat -ie hardware types parity", () => {
  let ns: Netns | undefined;
  let dir = "";
  let preload = "";

  beforeAll(async () => {
    accessSync(OURS, constants.X_OK);
    dir = mkdtempSync(join(tmpdir(), "hwaddr-"));
    preload = join(dir, "hwaddr-preload.so");
    const build = Bun.spawnSync([cc!, "-shared", "-fPIC", "-O2", "-o", preload, resolve(REPO_ROOT, "scripts", "hwaddr-preload.c"), "-ldl"]);
    if (build.exitCode !== 0) throw new Error(`Cannot build the LD_PRELOAD library: ${build.stderr.toString()}`);
    ns = await createNetns("nshw");
    for (const d of DEVICES) {
      const r = Bun.spawnSync(["ip", "-n", ns.name, ...d]);
      if (r.exitCode !== 0) throw new Error(`Cannot run ip ${d.join(" ")}: ${r.stderr.toString().trim()}`);
    }
    // Non-zero loopback counters, so Ash's read past the address buffer shows them.
    await runIn(ns.name, ["bash", "-c", "echo parity > /dev/udp/127.0.0.1/9"]);
  }, 60_000);

  afterAll(async () => {
    await ns?.destroy();
    if (dir !== "") rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  const run = (argv: readonly string[]): Promise<RunResult> => runIn(ns!.name, argv);
  const text = (r: RunResult): string => r.stdout.toString("latin1");
  const loStats = async (): Promise<InterfaceStats> => parseNetDev(text(await run(["cat", "/proc/net/dev"]))).find((r) => r.name === "lo")!.stats;

  // Guards against a vacuous pass: the oracle sees every device and the preload takes effect.
  test("the namespace holds the devices and the preload library works", async () => {
    const out = text(await run([REAL_NETSTAT, "-iea"]));
    expect(["br0: ", "ifb0: ", "vx0: ", "tun0: ", "tap0: ", "(UNSPEC)"].filter((w) => !out.includes(w))).toEqual([]);
    const faked = text(await run(["env", `LD_PRELOAD=${preload}`, "HWFAKE_IF=lo", "HWFAKE_TYPE=3", `HWFAKE_BYTES=${PATTERNS[1]}`, REAL_NETSTAT, "-ie"]));
    expect(loHardwareLine(faked)).toStartWith("        ax25 G4KLX-7  ");
    expect((await loStats()).rxPackets).toBeGreaterThan(0n);
  });

  for (const args of [["-ie"], ["-iea"], ["-i", "-e", "-a", "-N"]]) {
    test(`netstat ${args.join(" ")} matches on bridge, ifb, vxlan, tun and tap devices`, async () => {
      let verdict: string | undefined = "not run";
      for (let attempt = 0; attempt < 3 && verdict !== undefined; attempt++) {
        const before = await run([REAL_NETSTAT, ...args]);
        const ours = await run([OURS, ...args]);
        const after = await run([REAL_NETSTAT, ...args]);
        expect(ours.stderr.toString("latin1")).toBe(before.stderr.toString("latin1"));
        expect(ours.code).toBe(before.code);
        verdict = countersBetween(text(before), text(ours), text(after));
      }
      expect(verdict).toBeUndefined();
    });
  }

  for (const type of TYPES) {
    test(`the hardware line of ARPHRD ${type} matches netstat's`, async () => {
      const queue = Number(text(await run(["cat", "/sys/class/net/lo/tx_queue_len"])).trim());
      for (const hex of PATTERNS) {
        const before = await loStats();
        const real = await run(["env", `LD_PRELOAD=${preload}`, "HWFAKE_IF=lo", `HWFAKE_TYPE=${type}`, `HWFAKE_BYTES=${hex}`, REAL_NETSTAT, "-ie"]);
        // lo is idle: the counters netstat read are the ones read here.
        const stats = await loStats();
        expect(stats).toEqual(before);
        const lo: Interface = {
          kind: "interface", name: "lo", flags: 0x49, mtu: 65536, txQueueLength: queue,
          hardwareType: type >= 0x8000 ? type - 0x10000 : type, hardwareAddress: bytesOf(hex),
          map: { memStart: 0n, memEnd: 0n, baseAddress: 0, irq: 0, dma: 0 }, ipv6: [], stats,
        };
        const want = loHardwareLine(text(real));
        expect(want).toBeDefined();
        // Deliberate difference 2: bytes outside printable ASCII show as ".".
        expect(loHardwareLine(interfaceBlock(lo))).toBe(terminalSafe(want!));
      }
    });
  }
});
