/**
 * `--top` on a real terminal (tmux), in a private namespace: a loopback server, a sender paced to
 * 2,000,000 bytes a second for 10 s, three idle connections, and then 50 short connections of
 * 100,000 bytes each. The processes and connections views show the sender's program at its true
 * rate (within 15 %), the remote hosts view its host; the keys sort, filter, pause, switch views and quit; a resize redraws at
 * the new size; quitting gives the shell its screen back; the short connections' bytes reach
 * the totals though no refresh saw them.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { readableIn } from "../_support/readable.ts";
import { asNobody, OURS, RUN_ENV, runIn, setprivAvailable } from "../_support/run.ts";
import { startTmux, type Tmux } from "../_support/tmux.ts";

const PORT = 4620;
const RATE = 2_000_000;
const available = await netnsAvailable();
const why = !available.ok ? available.why : !existsSync(OURS) ? `${OURS} is not built (npm run build)` : Bun.which("tmux") === null ? "no tmux" : "";
if (why !== "") console.warn(`--top live tests skipped: ${why}`);

/** A server that reads and drops whatever comes, on each of at most 200 connections. */
const RECEIVER = [
  "import socket, threading",
  `s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(('127.0.0.1', ${PORT})); s.listen(256); s.settimeout(120)`,
  "def serve(a):",
  "    while a.recv(262144): pass",
  "    a.close()",
  "print('READY', flush=True)",
  "for _ in range(200):",
  "    a = s.accept()[0]; a.settimeout(None)",
  "    threading.Thread(target=serve, args=(a,), daemon=True).start()",
].join("\n");

const IDLE = [
  "import socket, time",
  `cs = [socket.create_connection(('127.0.0.1', ${PORT})) for _ in range(3)]`,
  "print('READY', flush=True); time.sleep(120)",
].join("\n");

/** 20,000 bytes every 10 ms on an absolute schedule: 2,000,000 bytes a second for 10 s. */
const SENDER = [
  "import socket, time",
  `c = socket.create_connection(('127.0.0.1', ${PORT})); chunk = b'x' * 20000`,
  "print('READY', flush=True); start = time.monotonic()",
  "for i in range(1000):",
  "    time.sleep(max(0, start + i * 0.01 - time.monotonic())); c.sendall(chunk)",
  "c.close()",
].join("\n");

/** 50 connections one after the other, each sending 100,000 bytes and closing. */
const BURST = [
  "import socket",
  "for _ in range(50):",
  `    c = socket.create_connection(('127.0.0.1', ${PORT})); c.sendall(b'z' * 100000); c.close()`,
  "print('READY', flush=True)",
].join("\n");

/** A byte count as the view shows it (k = 1000). */
function bytesOf(text: string): number {
  const m = /^([0-9.]+)([kMGT]?)$/.exec(text);
  if (m === null) return Number.NaN;
  return Number(m[1]) * 1000 ** " kMGT".indexOf(m[2] || " ");
}

/** The processes view's row of `program` as its cells (PID PROGRAM CONNS RX/s TX/s RX TX). */
function processRow(lines: readonly string[], program: string): string[] | undefined {
  return lines.slice(3, -1).map((l) => l.trim().split(/\s+/)).find((cells) => cells[1] === program);
}

/** The foreign ports `ss -tnH EXPR` lists in the namespace (the last field of each line is the peer). */
async function ssForeignPorts(ns: string, expression: string): Promise<number[]> {
  const out = (await runIn(ns, ["ss", "-tnH", ...expression.split(" ")])).stdout.toString();
  return out.split("\n").filter((l) => l.trim() !== "").map((l) => Number(l.trim().split(/\s+/).at(-1)!.replace(/^.*:/, ""))).sort((a, b) => a - b);
}

/** The foreign ports of the connections view's rows, shown with numbers (PROTO LOCAL FOREIGN ...). */
function shownForeignPorts(lines: readonly string[]): number[] {
  return lines.slice(3, -1).map((l) => l.trim().split(/\s+/)).filter((cells) => cells.length > 3).map((cells) => Number(cells[2]!.replace(/^.*:/, ""))).sort((a, b) => a - b);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

describe.skipIf(why !== "")("--top in tmux", () => {
  let ns: Netns | undefined;
  let t: Tmux | undefined;
  const socket = `nstop-${process.pid}`;
  const spawnIn = (argv0: string, script: string, what: string): Promise<number> =>
    startUntilReady(ns!, ["ip", "netns", "exec", ns!.name, "bash", "-c", 'exec -a "$0" "$@"', argv0, FIXTURE_PYTHON, "-c", script], what);

  beforeAll(async () => {
    ns = await createNetns("nstop");
    await spawnIn("rate-receiver", RECEIVER, "the receiver");
    await spawnIn("idle-client", IDLE, "the idle connections");
    const env = Object.entries(RUN_ENV).map(([k, v]) => `${k}=${v}`);
    t = await startTmux(socket, 120, 40, ["ip", "netns", "exec", ns.name, "env", "-i", ...env, "TERM=xterm", "PS1=$ ", "bash", "--norc", "--noprofile"]);
    await t.until((l) => l[0] === "$", 5000, "the shell's prompt");
    await t.line("echo BEFORE-TOP");
    await t.line(`${OURS} --top; echo "TOP-ENDED $?"`);
    await t.until((l) => l[1]?.includes("[Processes]") === true, 10_000, "the processes view");
  }, 60_000);
  afterAll(async () => {
    await t?.kill();
    await ns?.destroy();
  }, 30_000);

  test("the processes and connections views show the sender's program at its rate, within 15 %", async () => {
    await spawnIn("rate-sender", SENDER, "the sender");
    await t!.until((l) => bytesOf(processRow(l, "rate-sender")?.[4] ?? "0") > 0, 5000, "the sender's rate");
    await Bun.sleep(1500);
    const sent: number[] = [];
    const received: number[] = [];
    for (let i = 0; i < 3; i++) {
      const lines = await t!.screen();
      sent.push(bytesOf(processRow(lines, "rate-sender")?.[4] ?? ""));
      received.push(bytesOf(processRow(lines, "rate-receiver")?.[3] ?? ""));
      await Bun.sleep(1000);
    }
    expect(Math.abs(median(sent) - RATE) / RATE).toBeLessThan(0.15);
    expect(Math.abs(median(received) - RATE) / RATE).toBeLessThan(0.15);
    // Sorted by bytes sent: the sender comes first.
    expect((await t!.screen())[3]!.trim().split(/\s+/)[1]).toBe("rate-sender");
    await t!.keys("Tab");
    const lines = await t!.until((l) => l[1]?.includes("[Connections]") === true, 3000, "the connections view");
    const row = lines.slice(3, -1).map((l) => l.trim().split(/\s+/)).find((cells) => cells.at(-1) === "rate-sender" && cells[3] === "ESTABLISHED");
    expect(row).toBeDefined();
    expect(row![2]).toEndWith(`:${PORT}`);
    expect(Math.abs(bytesOf(row![5]!) - RATE) / RATE).toBeLessThan(0.15);
    await t!.keys("Tab");
    const hosts = await t!.until((l) => l[1]?.includes("[Remote hosts]") === true, 3000, "the remote hosts view");
    // Both ends are on loopback: one host, sending and receiving the sender's bytes.
    const host = hosts[3]!.trim().split(/\s+/);
    expect(["localhost", "127.0.0.1"]).toContain(host[0]!);
    expect(Math.abs(bytesOf(host[2]!) - RATE) / RATE).toBeLessThan(0.15);
    expect(Math.abs(bytesOf(host[3]!) - RATE) / RATE).toBeLessThan(0.15);
    await t!.keys("Tab");
    await t!.until((l) => l[1]?.includes("[Processes]") === true, 3000, "the processes view again");
  }, 30_000);

  test("r and c sort by bytes received and by connections", async () => {
    await t!.keys("r");
    let lines = await t!.until((l) => l[1]?.includes("sort: received/s") === true, 3000, "sorting by received");
    expect(lines[3]!.trim().split(/\s+/)[1]).toBe("rate-receiver");
    await t!.keys("c");
    lines = await t!.until((l) => l[1]?.includes("sort: connections") === true, 3000, "sorting by connections");
    // The receiver holds 4 connections (3 idle and the sender's, or more), the idle client 3, the sender 1.
    expect(lines.slice(3, 6).map((l) => l.trim().split(/\s+/)[1])).toEqual(["rate-receiver", "idle-client", "rate-sender"]);
    await t!.keys("s");
  }, 15_000);

  test("/ keeps the rows holding the text typed, and Esc clears it", async () => {
    await t!.keys("/");
    await t!.keys("-l", "idle");
    await t!.keys("Enter");
    const lines = await t!.until((l) => l[1]?.includes("filter: idle") === true && l.at(-1)?.startsWith("rows 1-1 of 1") === true, 3000, "the filter");
    expect(lines[3]!.trim().split(/\s+/)[1]).toBe("idle-client");
    await t!.keys("Escape");
    await t!.until((l) => l[1]?.includes("filter:") === false && processRow(l, "rate-receiver") !== undefined, 3000, "the filter cleared");
  }, 15_000);

  test("/ with an ss filter expression keeps the connections ss selects with it, and the processes holding them", async () => {
    const expression = `state established sport = :${PORT}`;
    await t!.keys("/");
    await t!.keys("-l", expression);
    await t!.keys("Enter");
    const lines = await t!.until((l) => l[1]?.includes(`filter: ${expression}`) === true && l.at(-1)?.startsWith("rows 1-1 of 1") === true, 3000, "the expression's processes");
    // Only the receiver's sockets have the local port: its row alone stays, whole.
    expect(lines[3]!.trim().split(/\s+/)[1]).toBe("rate-receiver");
    await t!.keys("Tab", "n");
    await t!.until((l) => l[1]?.includes("[Connections]") === true, 3000, "the connections view");
    // The sender may end meanwhile: the two are compared until they agree, a few times at most.
    let shown: number[] = [];
    let want: number[] = [];
    for (let i = 0; i < 5; i++) {
      want = await ssForeignPorts(ns!.name, expression);
      shown = shownForeignPorts(await t!.screen());
      if (shown.join() === want.join()) break;
      await Bun.sleep(600);
    }
    expect(want.length).toBeGreaterThanOrEqual(3);
    expect(shown).toEqual(want);
    await t!.keys("n", "Escape", "Tab", "Tab");
    await t!.until((l) => l[1]?.includes("[Processes]") === true && l[1]?.includes("filter:") === false && processRow(l, "idle-client") !== undefined, 3000, "the processes view unfiltered");
  }, 20_000);

  test("Space pauses the screen and resumes it", async () => {
    await t!.keys("Space");
    const paused = await t!.until((l) => l[1]?.includes("PAUSED") === true, 3000, "PAUSED");
    await Bun.sleep(2200);
    expect(await t!.screen()).toEqual(paused);
    await t!.keys("Space");
    await t!.until((l) => l[1]?.includes("PAUSED") === false, 3000, "resumed");
  }, 15_000);

  test("a resize redraws the screen at the new size, 80x24", async () => {
    await t!.resize(80, 24);
    const lines = await t!.until((l) => l.length === 24 && l.at(-1)?.startsWith("rows ") === true, 5000, "the screen at 80x24");
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(80);
    expect(lines[0]).toMatch(/^rx \S+\/s tx \S+\/s {2}total \S+ \S+ {2}\d+ sockets {2}1s {2}\+[0-9.]+\/s -[0-9.]+\/s/);
    expect(lines[2]).toMatch(/^\s+PID PROGRAM\s+CONNS\s+RX\/s\s+TX\/s\s+RX\s+TX$/);
    await t!.resize(120, 40);
    await t!.until((l) => l.length === 40 && l[0]?.includes("every 1s") === true, 5000, "the screen at 120x40");
  }, 15_000);

  test("50 short connections of 100,000 bytes each reach the totals since the start", async () => {
    // The sender is done after its 10 s: only the burst moves bytes then.
    await t!.keys("t");
    await t!.until((l) => l[0]?.includes("since start") === true && (processRow(l, "rate-sender") === undefined || processRow(l, "rate-sender")![4] === "0"), 15_000, "the sender done");
    await Bun.sleep(1100);
    const totals = (l: readonly string[]): readonly [number, number] => {
      const m = /since start rx (\S+) tx (\S+)/.exec(l[0] ?? "");
      return [bytesOf(m?.[1] ?? ""), bytesOf(m?.[2] ?? "")];
    };
    const before = totals(await t!.screen());
    await spawnIn("burst", BURST, "the short connections");
    await Bun.sleep(2500);
    const after = totals(await t!.screen());
    // Bytes as shown have three digits: within 0.1M of 20M and more, so 5 % of 5M.
    expect(Math.abs(after[0] - before[0] - 5_000_000)).toBeLessThan(250_000);
    expect(Math.abs(after[1] - before[1] - 5_000_000)).toBeLessThan(250_000);
    await t!.keys("t");
  }, 40_000);

  test("? shows the keys and any key closes it", async () => {
    await t!.keys("?");
    await t!.until((l) => l[3]?.startsWith("q, Ctrl-C") === true, 3000, "the help");
    await t!.keys("x");
    await t!.until((l) => l[3]?.startsWith("q, Ctrl-C") === false, 3000, "the help closed");
  }, 10_000);

  test("q quits with status 0 and leaves the screen as it was", async () => {
    await t!.keys("q");
    const lines = await t!.until((l) => l.some((x) => x.startsWith("TOP-ENDED")), 5000, "the shell again");
    expect(lines.filter((l) => l.trim() !== "")).toEqual(["$ echo BEFORE-TOP", "BEFORE-TOP", `$ ${OURS} --top; echo "TOP-ENDED $?"`, "TOP-ENDED 0", "$"]);
  }, 10_000);

  test.skipIf(!setprivAvailable())("as nobody, every connection is listed, owners show - and the header says why", async () => {
    await t!.line("clear");
    await t!.line(`${[...asNobody(), readableIn(ns!.name, OURS)].join(" ")} --top; echo "NOBODY-ENDED $?"`);
    const lines = await t!.until((l) => l[1]?.includes("[Processes]") === true && processRow(l, "-") !== undefined, 10_000, "the view as nobody");
    expect(lines[1]).toMatch(/not root: .+ show -/);
    // The receiver's 4 connections and the idle client's 3 at least, none of them nobody's.
    expect(Number(processRow(lines, "-")![2])).toBeGreaterThanOrEqual(7);
    await t!.keys("C-c");
    await t!.until((l) => l.some((x) => x.startsWith("NOBODY-ENDED 0")), 5000, "the shell after Ctrl-C");
  }, 20_000);

  test("SIGTERM ends it with status 0 and gives the screen back", async () => {
    const pidFile = `${ns!.dir}/top.pid`;
    await t!.line("clear");
    await t!.until((l) => l[0] === "$" && l.slice(1).every((x) => x === ""), 5000, "a cleared screen");
    await t!.line("echo BEFORE-TERM");
    await t!.line(`sh -c 'echo $$ > ${pidFile}; exec ${OURS} --top'; echo "TERM-ENDED $?"`);
    await t!.until((l) => l[1]?.includes("[Processes]") === true, 10_000, "the view");
    process.kill(Number(await Bun.file(pidFile).text()), "SIGTERM");
    const lines = await t!.until((l) => l.some((x) => x.startsWith("TERM-ENDED")), 5000, "the shell after SIGTERM");
    expect(lines.filter((l) => l.trim() !== "").slice(0, 2)).toEqual(["$ echo BEFORE-TERM", "BEFORE-TERM"]);
    expect(lines).toContain("TERM-ENDED 0");
  }, 20_000);

  test("--top --filter EXPR starts with the sockets ss selects with EXPR", async () => {
    const expression = `state established dport = :${PORT}`;
    await t!.line("clear");
    await t!.until((l) => l[0] === "$", 5000, "the prompt");
    await t!.line(`${OURS} --top --filter '${expression}'; echo "FILTER-ENDED $?"`);
    const lines = await t!.until((l) => l[1]?.includes("[Processes]") === true && processRow(l, "idle-client") !== undefined, 10_000, "the filtered view");
    // The clients' ends only: the receiver holds none of them.
    expect(processRow(lines, "rate-receiver")).toBeUndefined();
    const rows = lines.slice(3, -1).map((l) => l.trim().split(/\s+/)).filter((cells) => cells.length === 7);
    const connections = rows.reduce((sum, cells) => sum + Number(cells[2]), 0);
    expect(connections).toBe((await ssForeignPorts(ns!.name, expression)).length);
    await t!.keys("q");
    await t!.until((l) => l.some((x) => x.startsWith("FILTER-ENDED 0")), 5000, "the shell again");
  }, 20_000);

  test("with --netns, the namespaces view counts the short connections the kernel told of in that namespace", async () => {
    await t!.line("clear");
    await t!.until((l) => l[0] === "$", 5000, "the prompt");
    await t!.line(`${OURS} --top --netns ${ns!.name}; echo "NETNS-ENDED $?"`);
    await t!.until((l) => l[1]?.includes("[Processes]") === true, 10_000, "the view");
    await t!.keys("t", "Tab", "Tab", "Tab");
    const row = (l: readonly string[]): string[] | undefined => l.slice(3, -1).map((x) => x.trim().split(/\s+/)).find((cells) => cells[0] === ns!.name);
    const before = await t!.until((l) => l[1]?.includes("[Namespaces]") === true && row(l) !== undefined, 5000, "the namespaces view");
    await Bun.sleep(1100);
    const [rx0, tx0] = row(await t!.screen())!.slice(4, 6).map(bytesOf) as [number, number];
    expect(before[0]).toContain("since start");
    await spawnIn("burst", BURST, "the short connections");
    await Bun.sleep(2500);
    const [rx1, tx1] = row(await t!.screen())!.slice(4, 6).map(bytesOf) as [number, number];
    expect(Math.abs(rx1 - rx0 - 5_000_000)).toBeLessThan(250_000);
    expect(Math.abs(tx1 - tx0 - 5_000_000)).toBeLessThan(250_000);
    await t!.keys("q");
    await t!.until((l) => l.some((x) => x.startsWith("NETNS-ENDED 0")), 5000, "the shell again");
  }, 30_000);
});
