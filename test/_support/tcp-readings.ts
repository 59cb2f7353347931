/**
 * Run inside a network namespace: prints, as one JSON object, the TCP records of that namespace
 * read three ways through src/sources: a netlink dump, a netlink dump with tcp_info (as for
 * `-o`), and /proc/net/tcp and tcp6 (through /proc/self, which is not taken for the reader's own
 * /proc, so the files are read). Used by test/sources/sock-diag.test.ts.
 */
import { inetChunks } from "../../src/sources/sockets.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";
import type { InetSocket } from "../../src/model/socket.ts";

const own = createProcRoot("/proc");
const files = createProcRoot("/proc/self");
const read = (root: typeof own, timers: boolean): InetSocket[] =>
  (["tcp", "tcp6"] as const).flatMap((label) => [...inetChunks(root, label, { timers })].flatMap((chunk) => chunk.records));
console.log(JSON.stringify({ ownNetns: own.ownNetns && !files.ownNetns, netlink: read(own, false), info: read(own, true), files: read(files, false) }));
