/**
 * Captures the kernel's socket-destroy notifications into fixtures/netlink/, for the decoder's
 * tests: in a private network namespace, a listener joins the destroy groups, then
 * scripts/destroy-traffic.py makes, one scenario at a time, a TCP connection over IPv4 and IPv6
 * that exchanges known bytes and closes (both ends with a FIN, or the client with an RST), and a
 * UDP sender over IPv4 and IPv6 that sends one datagram to a receiver and closes. Run as root:
 *   bun run scripts/capture-destroy-fixtures.ts
 * Files: destroy-SCENARIO.nl (every recv of that scenario's notifications, as received, one after
 * the other), destroy.json (what the traffic script knew: addresses, ports, bytes sent, and how
 * many notifications each scenario brought) and destroy.ss (what `ss -E -i -e` of iproute2,
 * listening beside, printed for the same notifications). Nothing in them is typed by hand.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { openDestroyListener } from "../src/sources/sock-destroy.ts";
import { createNetns } from "../test/_support/netns.ts";
import { captureInside } from "../test/_support/capture.ts";

const OUT = resolve(import.meta.dir, "../fixtures/netlink");
const TRAFFIC = resolve(import.meta.dir, "destroy-traffic.py");
/** Scenarios and the notifications each brings: TCP's two ends and its listener, UDP's two sockets. */
const SCENARIOS = { "tcp4": 3, "tcp6": 3, "tcp4-rst": 3, "tcp6-rst": 3, "udp4": 2, "udp6": 2 } as const;
const WAIT_MS = 5000;
/** A UDP socket that closes at once, to see that ss is listening. */
const ONE_CLOSE = ["python3", "-c", "import socket; socket.socket(socket.AF_INET, socket.SOCK_DGRAM).bind(('127.0.0.1', 0))"];

/** Starts `ss -E` and returns once it has heard a close; its output is read until it is stopped. */
async function startSs(): Promise<{ stop(): Promise<string> }> {
  const ss = Bun.spawn(["stdbuf", "-oL", "ss", "-E", "-t", "-u", "-i", "-e", "-n", "-H"], { stdout: "pipe", stderr: "inherit" });
  let text = "";
  const reading = (async () => {
    for await (const chunk of ss.stdout) text += new TextDecoder().decode(chunk);
  })();
  for (let i = 0; i < 50 && text === ""; i++) {
    Bun.spawnSync(ONE_CLOSE);
    await Bun.sleep(100);
  }
  if (text === "") throw new Error("Cannot capture: ss -E heard nothing");
  return {
    async stop() {
      ss.kill("SIGTERM");
      await ss.exited;
      await reading;
      return text;
    },
  };
}

async function inside(out: string): Promise<void> {
  mkdirSync(out, { recursive: true });
  let received: Uint8Array[] = [];
  const listener = openDestroyListener({ onReceive: (bytes) => received.push(bytes.slice()) });
  if ("unavailable" in listener) throw new Error(listener.unavailable);
  const ss = await startSs();
  listener.drain();
  const known: Record<string, unknown>[] = [];
  for (const [scenario, expected] of Object.entries(SCENARIOS)) {
    received = [];
    const run = Bun.spawnSync(["python3", TRAFFIC, scenario], { stderr: "inherit" });
    if (run.exitCode !== 0) throw new Error(`Cannot make the ${scenario} traffic`);
    let count = 0;
    for (const deadline = Date.now() + WAIT_MS; count < expected && Date.now() < deadline; ) {
      const drained = listener.drain();
      if (drained.lost !== undefined) throw new Error(`Cannot capture ${scenario}: the kernel dropped notifications`);
      count += drained.destroyed.length;
      if (count < expected) await Bun.sleep(10);
    }
    await Bun.sleep(100);
    count += listener.drain().destroyed.length;
    if (count !== expected) throw new Error(`Cannot capture ${scenario}: ${count} notifications, not ${expected}`);
    writeFileSync(`${out}/destroy-${scenario}.nl`, Buffer.concat(received));
    known.push({ ...JSON.parse(run.stdout.toString()), notifications: count });
  }
  listener.close();
  writeFileSync(`${out}/destroy.ss`, await ss.stop());
  writeFileSync(`${out}/destroy.json`, `${JSON.stringify(known, null, 2)}\n`);
}

async function main(): Promise<void> {
  if (process.argv[2] === "--inside") return inside(process.argv[3] ?? OUT);
  const ns = await createNetns("nsdestroy");
  try {
    captureInside(ns, import.meta.path, OUT);
  } finally {
    await ns.destroy();
  }
}

await main();
