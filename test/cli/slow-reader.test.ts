/**
 * The compiled binary writing to a reader that has stopped reading (a full
 * pipe): SIGTERM, SIGINT and SIGHUP still end it with status 0, what the
 * reader gets ends with a complete line, and while it waits it neither spins
 * nor piles up passes, whether stdout is blocking or O_NONBLOCK.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { constants, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pausedFifo, type PausedFifo } from "../_support/fifo.ts";
import { OURS, RUN_ENV } from "../_support/run.ts";
import { removeTree, tcpRows, unixRows, writeTree } from "../_support/synthetic-proc.ts";
import { withoutPollsNote } from "../_support/polls-note.ts";

let big = "";
let dir = "";
beforeAll(() => {
  // Thirty times what a pipe holds, so every run meets a full pipe.
  big = writeTree({ "net/tcp": tcpRows(20_000), "net/unix": unixRows(20_000) });
  dir = mkdtempSync(join(tmpdir(), "nss-slow-"));
});
afterAll(() => {
  removeTree(big);
  rmSync(dir, { recursive: true, force: true });
});

/** A fifo whose read end the test holds open without reading: a paused reader. */
const pausedReader = (name: string): PausedFifo => pausedFifo(dir, name);

/** CPU time (utime + stime, in clock ticks) a process has used. */
function cpuTicks(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "latin1").split(") ")[1]!.split(" ");
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * How often the main thread of `pid` has gone off the CPU (voluntary and involuntary context
 * switches). A writer retrying EAGAIN with a 1 ms sleep does it about a thousand times a second;
 * one waiting in poll(2) a few times. CPU time would not tell the two apart reliably: the
 * runtime's garbage collector may spend a tenth of a second at any moment.
 */
function wakeups(pid: number): number {
  const status = readFileSync(`/proc/${pid}/task/${pid}/status`, "latin1");
  let total = 0;
  for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s*(\d+)$/gm)) total += Number(m[1]);
  return total;
}

/** Waits until `pid` has used no CPU for 300 ms (it is waiting on the reader), at most 10 s. */
async function settled(pid: number): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const before = cpuTicks(pid);
    await Bun.sleep(300);
    if (cpuTicks(pid) === before) return;
  }
}

interface Stopped {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  readonly output: Buffer;
  /** Main-thread context switches during `measureMs` of waiting on the paused reader. */
  readonly waitingWakeups: number;
  /** Whether stdout's open file description was O_NONBLOCK just before the signal. */
  readonly nonblocking: boolean;
}

/** Runs ours on a paused reader until it waits, measures `measureMs` of waiting, then sends `signal`. */
async function stopWhilePaused(args: readonly string[], signal: NodeJS.Signals, nonblocking = false, measureMs = 0): Promise<Stopped> {
  const reader = pausedReader(`${signal}-${nonblocking}-${args.join("_").replaceAll("/", "")}`);
  // Bun.spawn clears O_NONBLOCK on the descriptors it hands on: python sets it again, then execs ours.
  const argv = [OURS, "--proc-root", big, ...args];
  const cmd = nonblocking ? ["python3", "-c", "import os, sys; os.set_blocking(1, False); os.execv(sys.argv[1], sys.argv[1:])", ...argv] : argv;
  const proc = Bun.spawn(cmd, { stdin: "ignore", stdout: reader.write, stderr: "pipe", env: { ...RUN_ENV } });
  reader.closeWrite();
  try {
    await settled(proc.pid);
    const before = wakeups(proc.pid);
    await Bun.sleep(measureMs);
    const waitingWakeups = wakeups(proc.pid) - before;
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/${proc.pid}/fdinfo/1`, "latin1"))?.[1] ?? "0";
    proc.kill(signal);
    // Bounded: a process that ignores the signal is killed, and the test then fails on its status.
    const killer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
    const stderr = await new Response(proc.stderr).text();
    await proc.exited;
    clearTimeout(killer);
    return { code: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode), stderr, output: reader.drain(), waitingWakeups, nonblocking: (Number.parseInt(flags, 8) & constants.O_NONBLOCK) !== 0 };
  } finally {
    reader.close();
  }
}

/**
 * At most 100 a second over the 4 s measured: the 100 ms ticks of `-c` and `--watch` and the
 * 200 ms poll(2) slices, with room to spare. Measured here: 66 while waiting, 3,329 for the
 * EAGAIN retry loop this replaced.
 */
const IDLE_WAKEUPS = 400;

const RUNS = [
  { name: "-c", args: ["-c", "--interval", "100ms", "-tan"], json: false },
  { name: "a one-shot listing", args: ["-an"], json: false },
  { name: "a one-shot --json listing", args: ["-an", "--json"], json: true },
  // --watch polls on while its reader waits (what it cannot hold becomes a gap): a poll every 10 s
  // leaves the seconds measured to the waiting itself.
  { name: "--watch --json", args: ["--watch", "--include-existing", "--interval", "10s", "-tn", "--json"], json: true },
];

describe("signals while the reader is paused", () => {
  for (const signal of ["SIGTERM", "SIGINT", "SIGHUP"] as const) {
    for (const run of RUNS) {
      test(`${run.name} ends on ${signal} with status 0 after the last complete line`, async () => {
        const r = await stopWhilePaused(run.args, signal);
        expect({ code: r.code, signal: r.signal, stderr: withoutPollsNote(r.stderr) }).toEqual({ code: 0, signal: null, stderr: "" });
        expect(r.output.length).toBeGreaterThan(0);
        expect(r.output.at(-1)).toBe(10);
        if (run.json) for (const line of r.output.toString("latin1").trimEnd().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
      }, 40_000);
    }
  }
});

describe("waiting on a paused reader", () => {
  for (const [name, nonblocking] of [
    ["a blocking", false],
    ["an O_NONBLOCK", true],
  ] as const) {
    for (const run of [RUNS[0]!, RUNS[3]!]) {
      test(`${run.name} on ${name} stdout does not spin while it waits, and SIGTERM still ends it with status 0`, async () => {
        const r = await stopWhilePaused(run.args, "SIGTERM", nonblocking, 4_000);
        expect(r.waitingWakeups).toBeLessThan(IDLE_WAKEUPS);
        // The description is shared with the shell and the reader: it keeps the flags it came with.
        expect(r.nonblocking).toBe(nonblocking);
        expect({ code: r.code, signal: r.signal, stderr: withoutPollsNote(r.stderr) }).toEqual({ code: 0, signal: null, stderr: "" });
        expect(r.output.at(-1)).toBe(10);
      }, 40_000);
    }
  }
});
