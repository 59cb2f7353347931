/**
 * Captures socket-diag netlink dumps of the TCP tables, and /proc/net/tcp and tcp6 read right
 * after them, from a private network namespace holding the parity fixture's sockets (listeners,
 * established pairs with queued bytes, TIME_WAIT, FIN_WAIT2, CLOSE_WAIT, SYN_SENT, some owned by
 * nobody), into fixtures/netlink/, for the decoder's tests. Run as root:
 *   bun run scripts/capture-diag-fixtures.ts
 * Files: tcp.nl and tcp6.nl (the dump's bytes as received), tcp.info.nl and tcp6.info.nl (the
 * same with tcp_info), tcp and tcp6 (/proc text). Nothing in them is typed by hand.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { tcpDiagBatches, type TcpLabel } from "../src/sources/sock-diag.ts";
import { createNetns } from "../test/_support/netns.ts";
import { startFixture } from "../test/_support/fixture.ts";

const OUT = resolve(import.meta.dir, "../fixtures/netlink");

function inside(out: string): void {
  mkdirSync(out, { recursive: true });
  for (const label of ["tcp", "tcp6"] as const satisfies readonly TcpLabel[]) {
    const plain = tcpDiagBatches(label, false);
    const info = tcpDiagBatches(label, true);
    const text = readFileSync(`/proc/net/${label}`, "latin1");
    if (plain === undefined || info === undefined) throw new Error("Cannot dump TCP sockets over netlink here");
    writeFileSync(`${out}/${label}.nl`, Buffer.concat(plain));
    writeFileSync(`${out}/${label}.info.nl`, Buffer.concat(info));
    writeFileSync(`${out}/${label}`, text, "latin1");
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "--inside") return inside(process.argv[3] ?? OUT);
  const ns = await createNetns("nssdiag");
  try {
    await startFixture(ns, "main");
    await startFixture(ns, "nobody");
    // Let the SYN_SENT sockets retransmit at least once, so that the dump carries counts.
    await Bun.sleep(1500);
    const run = Bun.spawnSync(["ip", "netns", "exec", ns.name, process.execPath, "run", import.meta.path, "--inside", OUT], {
      stdout: "inherit",
      stderr: "inherit",
    });
    if (run.exitCode !== 0) throw new Error("Cannot capture inside the namespace");
    console.log(`captured into ${OUT}`);
  } finally {
    await ns.destroy();
  }
}

await main();
