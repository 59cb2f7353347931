/**
 * Run inside a network namespace: prints, as one JSON array, each TCP socket's local port, remote
 * port and tcp_info byte counters from a netlink dump that asks for them (as `--top` reads).
 * Used by test/sources/sock-diag-counters.test.ts.
 */
import { inetChunks } from "../../src/sources/sockets.ts";
import { createProcRoot } from "../../src/sources/proc-root.ts";

const own = createProcRoot("/proc");
const sockets = (["tcp", "tcp6"] as const).flatMap((label) => [...inetChunks(own, label, { counters: true })].flatMap((chunk) => chunk.records));
console.log(JSON.stringify(sockets.map((s) => ({ local: s.localPort, remote: s.remotePort, cookie: s.cookie, counters: s.counters }))));
