/**
 * The socket listing at a scale that takes many netlink batches and several output chunks:
 * 3,000 loopback connection pairs (6,000 TCP sockets, held by scripts/bench-sockets.py) in a
 * private namespace, against the real netstat, byte for byte.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, REAL_NETSTAT, REPO_ROOT, runIn } from "../_support/run.ts";
import { expectAsNetstat } from "./_compare.ts";

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`parity/scale.test.ts SKIPPED: ${avail.why}`);

const PAIRS = 3000;
const HOLDER = resolve(REPO_ROOT, "scripts/bench-sockets.py");

describe.skipIf(!avail.ok)(`${PAIRS.toLocaleString("en-US")} connection pairs against netstat`, () => {
  let ns: Netns | undefined;
  beforeAll(async () => {
    ns = await createNetns("nsscale");
    // The holder keeps its sockets until its stdin closes: a pipe from a bounded sleep.
    const hold = `sleep 300 | exec ${FIXTURE_PYTHON} ${HOLDER} ${PAIRS}`;
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, "sh", "-c", hold], "the connection holder");
  }, 60_000);
  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test("the namespace holds the pairs", async () => {
    const real = (await runIn(ns!.name, [REAL_NETSTAT, "-tan"])).stdout.toString("latin1");
    expect(real.split("\n").filter((l) => l.includes("ESTABLISHED")).length).toBe(2 * PAIRS);
  });

  for (const flags of [["-tan"], ["-tanp"], ["-tane"], ["-taneo"], ["-tanW"], ["-ta"], ["-tn"], ["-tln"], ["-tulpn"]]) {
    test(`ours ${flags.join(" ")} prints what netstat prints`, () => expectAsNetstat(ns!.name, flags));
  }

  test("--json -tan gives one record per row of netstat -tan, in its order", async () => {
    const real = (await runIn(ns!.name, [REAL_NETSTAT, "-tan"])).stdout.toString("latin1").split("\n").slice(2).filter(Boolean);
    const mine = (await runIn(ns!.name, [OURS, "--json", "-tan"])).stdout.toString().trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(mine.map((r) => `${r["local_address"]}:${r["local_port"]} ${r["foreign_address"]}:${r["foreign_port"]} ${r["state"]}`)).toEqual(
      real.map((l) => {
        const f = l.trim().split(/\s+/);
        return `${f[3]} ${f[4]} ${f[5]}`;
      }),
    );
  });
});
