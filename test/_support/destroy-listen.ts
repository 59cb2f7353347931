/**
 * Run inside a network namespace (as root or nobody): opens a destroy listener and drains it on
 * request, for test/sources/sock-destroy.test.ts. Argument: the receive buffer to ask for
 * (optional). Prints one JSON line `{"inode":N}` (or `{"unavailable":"..."}`), then for each
 * `drain` line read on stdin one JSON line: the drain's result, and the Drops column of
 * /proc/net/netlink for the socket. Exits on `quit` or at the end of stdin.
 */
import { readFileSync } from "node:fs";
import { netlinkDrops } from "../../src/proc/net-netlink.ts";
import { openDestroyListener } from "../../src/sources/sock-destroy.ts";

const receiveBytes = process.argv[2] === undefined ? undefined : Number(process.argv[2]);
const listener = openDestroyListener(receiveBytes === undefined ? {} : { receiveBytes });
if ("unavailable" in listener) {
  console.log(JSON.stringify({ unavailable: listener.unavailable }));
  process.exit(0);
}
console.log(JSON.stringify({ inode: listener.inode }));
const decoder = new TextDecoder();
let rest = "";
reading: for await (const chunk of Bun.stdin.stream()) {
  rest += decoder.decode(chunk, { stream: true });
  for (let nl = rest.indexOf("\n"); nl !== -1; nl = rest.indexOf("\n")) {
    const command = rest.slice(0, nl);
    rest = rest.slice(nl + 1);
    if (command === "quit") break reading;
    const drained = listener.drain();
    const procDrops = netlinkDrops(readFileSync("/proc/net/netlink", "latin1"), listener.inode) ?? null;
    console.log(JSON.stringify({ ...drained, procDrops }));
  }
}
listener.close();
