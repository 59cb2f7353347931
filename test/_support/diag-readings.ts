/**
 * Run inside a network namespace: prints, as one JSON object, the TCP and UDP records of that
 * namespace (tcp, tcp6, udp, udp6 in that order) read three ways through src/sources: a netlink
 * dump, a netlink dump with tcp_info (as for `-o`), and /proc/net/tcp, tcp6, udp and udp6
 * (through /proc/self, which is not taken for the reader's own /proc, so the files are read);
 * tcp and tcp6 read from one dump of both families (PairedDump), with and without tcp_info;
 * how many batches a UDP dump takes; and two `--watch` readings of the UDP section
 * (src/pipeline/socket-tables.ts) with one memo.
 * Used by test/sources/sock-diag.test.ts.
 */
import { parseNetstatArgs } from "../../src/cli/netstat-args.ts";
import type { AnySocket, InetSocket } from "../../src/model/socket.ts";
import { socketItems, type ReadingMemo, type ReadingPlan } from "../../src/pipeline/socket-tables.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";
import { inetDiagBatches, type PairedDump } from "../../src/sources/sock-diag.ts";
import { inetChunks } from "../../src/sources/sockets.ts";

const own = createProcRoot("/proc");
const files = createProcRoot("/proc/self");
const read = (root: typeof own, timers: boolean): InetSocket[] =>
  (["tcp", "tcp6", "udp", "udp6"] as const).flatMap((label) => [...inetChunks(root, label, { timers })].flatMap((chunk) => chunk.records));

const paired = (timers: boolean): InetSocket[] => {
  const one: PairedDump = {};
  return (["tcp", "tcp6"] as const).flatMap((label) => [...inetChunks(own, label, { timers, paired: one })].flatMap((chunk) => chunk.records));
};

const parsed = parseNetstatArgs("netstat", ["-uan"], { selinuxEnabled: false });
if (parsed.kind !== "run") throw new Error("Cannot parse -uan");
const memo: ReadingMemo = new Map();
const { options } = parsed;
const plan: ReadingPlan = { selection: options.selection, verbose: false, scope: options, timers: false, part: "inet", keep: () => true, memo };
const poll = (): AnySocket[] => [...socketItems(own, plan)].flatMap((item) => (item.kind === "sockets" ? item.sockets : []));
const first = poll();
const second = poll();
const watch = { second, reused: second.filter((s, i) => s === first[i]).length, memo: [...memo.keys()] };

const batches = { udp: inetDiagBatches("udp", false)?.length ?? 0, udp6: inetDiagBatches("udp6", false)?.length ?? 0 };

console.log(JSON.stringify({ ownNetns: own.ownNetns && !files.ownNetns, netlink: read(own, false), info: read(own, true), files: read(files, false), paired: paired(false), pairedInfo: paired(true), batches, watch }));
