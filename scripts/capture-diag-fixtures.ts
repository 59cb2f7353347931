/**
 * Captures socket-diag netlink dumps of the TCP and UDP tables, and /proc/net/tcp, tcp6, udp and
 * udp6 read right after them, from a private network namespace holding the parity fixture's
 * sockets (listeners, established pairs with queued bytes, TIME_WAIT, FIN_WAIT2, CLOSE_WAIT,
 * SYN_SENT; UDP bound and connected, with queued datagrams; some owned by nobody) and
 * scripts/udp-fixture.py's (a UDP send queue, an IPv6 receive queue, a v4-mapped peer, SO_REUSEPORT
 * groups), into fixtures/netlink/, for the decoder's tests. Run as root:
 *   bun run scripts/capture-diag-fixtures.ts
 * Files: tcp.nl, tcp6.nl, udp.nl and udp6.nl (the dump's bytes as received), tcp.info.nl and
 * tcp6.info.nl (the same with tcp_info), tcp, tcp6, udp and udp6 (/proc text). Nothing in them is
 * typed by hand.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DiagLabel } from "../src/proc/inet-diag.ts";
import { inetDiagBatches } from "../src/sources/sock-diag.ts";
import { createNetns } from "../test/_support/netns.ts";
import { FIXTURE_PYTHON, startFixture, startUntilReady } from "../test/_support/fixture.ts";
import { captureInside } from "../test/_support/capture.ts";

const OUT = resolve(import.meta.dir, "../fixtures/netlink");
const UDP_FIXTURE = resolve(import.meta.dir, "udp-fixture.py");

/** The tables captured, and whether each is also captured with tcp_info. */
const TABLES: readonly { readonly label: DiagLabel; readonly info: boolean }[] = [
  { label: "tcp", info: true },
  { label: "tcp6", info: true },
  { label: "udp", info: false },
  { label: "udp6", info: false },
];

function inside(out: string): void {
  mkdirSync(out, { recursive: true });
  for (const { label, info } of TABLES) {
    const plain = inetDiagBatches(label, false);
    const withInfo = info ? inetDiagBatches(label, true) : [];
    const text = readFileSync(`/proc/net/${label}`, "latin1");
    if (plain === undefined || withInfo === undefined) throw new Error(`Cannot dump ${label} sockets over netlink here`);
    writeFileSync(`${out}/${label}.nl`, Buffer.concat(plain));
    if (info) writeFileSync(`${out}/${label}.info.nl`, Buffer.concat(withInfo));
    writeFileSync(`${out}/${label}`, text, "latin1");
  }
}

async function main(): Promise<void> {
  if (process.argv[2] === "--inside") return inside(process.argv[3] ?? OUT);
  const ns = await createNetns("nssdiag");
  try {
    await startFixture(ns, "main");
    await startFixture(ns, "nobody");
    await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, UDP_FIXTURE], "the UDP fixture");
    // Let the SYN_SENT sockets retransmit at least once, so that the dump carries counts.
    await Bun.sleep(1500);
    captureInside(ns, import.meta.path, OUT);
  } finally {
    await ns.destroy();
  }
}

await main();
