/**
 * The traffic of the kernel-closes parity suites, and what a watch of it must report.
 *
 * In a server namespace whose clients (in the peer namespace, over the veth pair) each send 1000
 * bytes and close after 30 ms, and where 40 UDP sockets each send one datagram and close, every
 * connection and every UDP socket gets exactly one open and one close, the closes from the kernel
 * with the counters `ss -E` (iproute2, run beside the watch in the server namespace) printed for
 * the same socket. The sockets are the ones the scripts report they made.
 */
import { expect } from "bun:test";
import { FIXTURE_PYTHON, startUntilReady } from "./fixture.ts";
import { start, until, type Running } from "./lines.ts";
import { NET, type Netns } from "./netns.ts";
import { parseSsEvents, type SsEvent } from "./ss-events.ts";

export const PORT = 4500;
export const CONNECTIONS = 100;
export const DATAGRAMS = 40;

/** Starts the server (accepting `accepts` connections in all) in the server namespace. */
export async function startServer(ns: Netns, accepts: number): Promise<void> {
  const server = [
    "import socket, threading",
    `s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('${NET.local4}', ${PORT})); s.listen(256)`,
    "def serve(a):",
    "    while a.recv(4096): pass",
    "    a.close()",
    "print('READY', flush=True)",
    `for _ in range(${accepts}):`,
    "    a = s.accept()[0]",
    "    threading.Thread(target=serve, args=(a,), daemon=True).start()",
  ].join("\n");
  await startUntilReady(ns, ["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", server]);
}

/** The clients: each connects from the peer namespace, sends 1000 bytes, waits 30 ms and closes; prints its local port and when it closed. */
const CLIENTS = [
  "import socket, time",
  `for _ in range(${CONNECTIONS}):`,
  `    c = socket.create_connection(('${NET.local4}', ${PORT}), timeout=5)`,
  "    port = c.getsockname()[1]",
  "    c.sendall(b'x' * 1000); time.sleep(0.03); c.close()",
  "    print(port, time.time(), flush=True)",
].join("\n");

/** The UDP sockets, in the server namespace: each sends one datagram to the peer and closes; prints its local port. */
const DATAGRAM_SOCKETS = [
  "import socket, time",
  `for _ in range(${DATAGRAMS}):`,
  `    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); u.bind(('${NET.local4}', 0))`,
  "    print(u.getsockname()[1], flush=True)",
  `    u.sendto(b'x', ('${NET.peer4}', 9)); time.sleep(0.03); u.close()`,
].join("\n");

export type Event = Record<string, unknown>;

/** Runs argv to its end with status 0; its stdout's lines. */
export async function run(argv: readonly string[]): Promise<string[]> {
  const proc = Bun.spawn([...argv], { stdout: "pipe", stderr: "inherit" });
  const out = await new Response(proc.stdout).text();
  expect(await proc.exited).toBe(0);
  return out.split("\n").filter(Boolean);
}

/** What one watch of the traffic gave. */
export interface Watched {
  readonly events: Event[];
  readonly clients: string[];
  readonly datagrams: string[];
  readonly ss: SsEvent[];
  readonly watch: Running;
}

/**
 * Starts `watch` (argv of a `--watch --json --include-existing --interval 2s -tun` run that sees
 * the server namespace), waits for its first poll (the listener as an existing open), runs the
 * traffic, and returns the events (those `only` keeps: the server namespace's) once every close is in.
 */
export async function watchTraffic(ns: Netns, watchArgv: readonly string[], only: (e: Event) => boolean = () => true): Promise<Watched> {
  const ss = start(["ip", "netns", "exec", ns.name, "stdbuf", "-oL", "/usr/bin/ss", "-E", "-t", "-u", "-i", "-e", "-n", "-H"]);
  ns.track(ss.proc.pid);
  // ss writes its events through stdio, which buffers a pipe whole unless told to flush each line.
  const watch = start(watchArgv);
  ns.track(watch.proc.pid);
  // Parsed as they come: a watch of every namespace on a busy machine starts with thousands of lines.
  const parsed: Event[] = [];
  let seen = 0;
  const events = (): Event[] => {
    for (; seen < watch.lines.length; seen++) {
      const e = JSON.parse(watch.lines[seen]!) as Event;
      if (only(e)) parsed.push(e);
    }
    return parsed;
  };
  await until(() => events().some((e) => e["local_port_num"] === PORT && e["state"] === "LISTEN"), 15_000, "the first poll");
  const [clients, datagrams] = await Promise.all([
    run(["ip", "netns", "exec", ns.peer, FIXTURE_PYTHON, "-c", CLIENTS]),
    run(["ip", "netns", "exec", ns.name, FIXTURE_PYTHON, "-c", DATAGRAM_SOCKETS]),
  ]);
  const closes = (): number => events().filter((e) => e["event"] === "close").length;
  await until(() => closes() >= CONNECTIONS + DATAGRAMS, 20_000, `${CONNECTIONS + DATAGRAMS} closes`);
  const heard = (): SsEvent[] => parseSsEvents(ss.lines.join("\n"));
  await until(() => heard().filter((e) => e.local.port === PORT && e.peer.port !== 0).length >= CONNECTIONS, 20_000, "ss -E's closes");
  watch.proc.kill("SIGTERM");
  ss.proc.kill("SIGTERM");
  expect(await watch.done).toBe(0);
  await ss.done;
  return { events: events(), clients, datagrams, ss: heard(), watch };
}

/** Every connection and UDP socket has one open and one close, the close live, from the kernel, with ss's counters. */
export function checkTraffic({ events, clients, datagrams, ss }: Watched): void {
  expect(clients).toHaveLength(CONNECTIONS);
  expect(datagrams).toHaveLength(DATAGRAMS);
  const delays: number[] = [];
  for (const client of clients) {
    const [port, closedAt] = client.split(" ") as [string, string];
    const mine = events.filter((e) => e["proto"] === "tcp" && e["local_port_num"] === PORT && e["foreign_port_num"] === Number(port));
    expect({ port, events: mine.map((e) => e["event"]) }).toEqual({ port, events: ["open", "close"] });
    const close = mine[1]!;
    const told = ss.filter((e) => e.netid === "tcp" && e.local.port === PORT && e.peer.port === Number(port));
    expect(told).toHaveLength(1);
    const counter = (name: string): number => Number(told[0]!.info.get(name) ?? 0);
    expect({ port, source: close["source"], received: close["bytes_received"], acked: close["bytes_acked"], segsIn: close["segs_in"] }).toEqual({
      port,
      source: "kernel",
      received: counter("bytes_received"),
      acked: counter("bytes_acked"),
      segsIn: counter("segs_in"),
    });
    // The client's 1000 bytes reached the server (and its FIN, when the kernel counted it before the close).
    expect(counter("bytes_received")).toBeGreaterThanOrEqual(1000);
    // From the client's close to the server end's close line: the server's end comes a little later still.
    delays.push(Date.parse(String(close["ts"])) - Number(closedAt) * 1000);
  }
  // Live: written as the kernel tells, not at the next poll (2 s away).
  delays.sort((a, b) => a - b);
  expect(delays[delays.length >> 1]!).toBeLessThan(50);
  expect(delays.at(-1)!).toBeLessThan(500);
  // The kernel may give two of the sockets the same port, one after the other: each has its open and close.
  for (const port of new Set(datagrams)) {
    const sockets = datagrams.filter((p) => p === port).length;
    const mine = events.filter((e) => e["proto"] === "udp" && e["local_port_num"] === Number(port));
    const closes = mine.filter((e) => e["event"] === "close").map((e) => e["source"]);
    expect({ port, events: mine.map((e) => e["event"]), sources: closes }).toEqual({
      port,
      events: Array.from({ length: sockets }, () => ["open", "close"]).flat(),
      sources: Array.from({ length: sockets }, () => "kernel"),
    });
  }
}
