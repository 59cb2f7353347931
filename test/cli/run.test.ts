/**
 * The compiled binary under broken pipes, signals and bad input: it ends
 * quietly with status 0 when its reader goes away or it is interrupted, says
 * so when stdout was closed, and every error is one sentence with a non-zero
 * status, never a stack trace.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { OURS, RUN_ENV } from "../_support/run.ts";
import { removeTree, tcpRows, unixRows, writeTree } from "../_support/synthetic-proc.ts";
import { withoutPollsNote } from "../_support/polls-note.ts";

/** A stack frame line as Bun or V8 print them. */
const STACK_LINE = /^\s+at /m;

interface Done {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

async function runBash(script: string, args: readonly string[] = []): Promise<Done> {
  const proc = Bun.spawn(["bash", "-c", script, "bash", ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV } });
  const timer = setTimeout(() => proc.kill("SIGKILL"), 20_000);
  try {
    const [stdout, stderr] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text()]);
    await proc.exited;
    return { code: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode), stdout, stderr };
  } finally {
    clearTimeout(timer);
  }
}

let big = "";
beforeAll(() => {
  // Far more output than a pipe holds, so the writer really meets a closed pipe.
  big = writeTree({ "net/tcp": tcpRows(20_000), "net/unix": unixRows(20_000) });
});
afterAll(() => removeTree(big));

describe("broken pipes and closed streams", () => {
  test("run ends with status 0 and says nothing when `| head -1` closes the pipe", async () => {
    const r = await runBash('"$1" --proc-root "$2" -an | head -1; echo "status=${PIPESTATUS[0]}" >&2', [OURS, big]);
    expect(r.stdout).toBe("Active Internet connections (servers and established)\n");
    expect(r.stderr).toBe("status=0\n");
  });

  test("run ends with status 0 and says nothing when the reader exits without reading", async () => {
    const r = await runBash('"$1" --proc-root "$2" -an | true; echo "status=${PIPESTATUS[0]}" >&2', [OURS, big]);
    expect(r.stderr).toBe("status=0\n");
  });

  test("run says in one sentence that stdout is closed and ends with status 1", async () => {
    const r = await runBash('"$1" --proc-root "$2" -an >&-; echo "status=$?" >&2', [OURS, big]);
    expect(r.stderr).toBe("netstat-stream: Cannot write to standard output: Bad file descriptor\nstatus=1\n");
  });
});

describe("signals in -c", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    test(`run -c ends cleanly with status 0 on ${signal}`, async () => {
      const proc = Bun.spawn([OURS, "--proc-root", big, "-xc"], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV } });
      const reader = proc.stdout.getReader();
      let seen = "";
      for (let i = 0; i < 1000 && !seen.includes("/run/s-19999\n"); i++) {
        const chunk = await reader.read();
        if (chunk.done) break;
        seen += new TextDecoder().decode(chunk.value);
      }
      expect(seen).toContain("/run/s-19999\n");
      proc.kill(signal);
      const killer = setTimeout(() => proc.kill("SIGKILL"), 5_000);
      // Keep draining so a full pipe cannot hold the program up.
      void (async () => {
        for (;;) if ((await reader.read()).done) break;
      })();
      const stderr = await new Response(proc.stderr).text();
      await proc.exited;
      clearTimeout(killer);
      expect({ code: proc.exitCode, signal: proc.signalCode, stderr: withoutPollsNote(stderr) }).toEqual({ code: 0, signal: null, stderr: "" });
    }, 30_000);
  }
});

describe("signals in --watch", () => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    test(`run --watch ends cleanly with status 0 on ${signal}`, async () => {
      const proc = Bun.spawn([OURS, "--proc-root", big, "--watch", "--include-existing", "--interval", "100ms", "-tn"], {
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        env: { ...RUN_ENV },
      });
      // Its first event line says it is watching, however slowly a busy machine started it.
      const reader = proc.stdout.getReader();
      const first = await reader.read();
      expect(first.done).toBe(false);
      proc.kill(signal);
      const killer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      // Keep draining so a full pipe cannot hold the program up.
      void (async () => {
        for (;;) if ((await reader.read()).done) break;
      })();
      const stderr = await new Response(proc.stderr).text();
      await proc.exited;
      clearTimeout(killer);
      expect({ code: proc.exitCode, signal: proc.signalCode, stderr: withoutPollsNote(stderr) }).toEqual({ code: 0, signal: null, stderr: "" });
    }, 30_000);
  }
});

describe("errors are one sentence", () => {
  let notProc = "";
  beforeAll(() => {
    notProc = writeTree({ "net/tcp6": "", "net/unix": "" });
    // net/tcp is a directory: netstat 2.10 loops forever on it; ours names the problem.
    mkdirSync(join(notProc, "net", "tcp"));
  });
  afterAll(() => removeTree(notProc));

  const cases = [
    { name: "a --proc-root that does not exist", args: ["--proc-root", "/nonexistent-proc-root", "-tan"], code: 1, text: "netstat-stream: Cannot use /nonexistent-proc-root as the proc root: No such file or directory\n" },
    { name: "a --proc-root that is a file", args: ["--proc-root", "/etc/passwd", "-tan"], code: 1, text: "netstat-stream: Cannot use /etc/passwd as the proc root: Not a directory\n" },
    { name: "a --proc-root without net/", args: ["--proc-root", "/etc", "-tan"], code: 1, text: "netstat-stream: Cannot use /etc as the proc root: /etc/net: No such file or directory\n" },
    { name: "an empty --proc-root", args: ["--proc-root=", "-tan"], code: 2, text: undefined },
    { name: "a bad --interval", args: ["--watch", "--interval", "abc"], code: 2, text: "netstat-stream: Invalid --interval value 'abc': expected a duration such as 250ms, 2s or 1m\n" },
  ];
  for (const c of cases) {
    test(`run gives one sentence and status ${c.code} for ${c.name}`, async () => {
      const r = await runBash('exec "$@"', [OURS, ...c.args]);
      expect(r.code).toBe(c.code);
      expect(r.stdout).toBe("");
      expect(r.stderr.split("\n").length).toBe(2);
      if (c.text !== undefined) expect(r.stderr).toBe(c.text);
      expect(r.stderr).not.toMatch(STACK_LINE);
    });
  }

  test("run names a /proc/net file that is a directory in one line and stops with status 255", async () => {
    const r = await runBash('exec "$@"', [OURS, "--proc-root", notProc, "-tan"]);
    expect(r.code).toBe(255);
    expect(r.stderr).toBe(`${notProc}/net/tcp: Is a directory\n`);
  });

  test("run warns about a /proc/net file of random bytes line by line and goes on", async () => {
    const junk = writeTree({ "net/tcp": Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString("latin1") });
    try {
      const r = await runBash('exec "$@"', [OURS, "--proc-root", junk, "-tan"]);
      expect(r.code).toBe(0);
      expect(r.stdout).toStartWith("Active Internet connections");
      expect(r.stderr.length).toBeGreaterThan(0);
      expect(r.stderr.replaceAll("warning, got bogus tcp line.\n", "")).toBe("");
    } finally {
      removeTree(junk);
    }
  });
});

describe("colour in tables", () => {
  // `script` gives the binary a pseudo-terminal, as an interactive shell would.
  const tty = (env: string): Promise<Done> =>
    runBash(`${env} script -qec "$1 --proc-root $2 --format table -tan" /dev/null`, [OURS, colourTree]);
  const ESC = "\u001b[";
  let colourTree = "";
  beforeAll(() => {
    colourTree = writeTree({ "net/tcp": tcpRows(3) });
  });
  afterAll(() => removeTree(colourTree));

  test("run colours connection states on a terminal", async () => {
    const r = await tty("");
    expect(r.stdout).toContain(ESC);
  });

  test("run leaves colour out on a terminal when NO_COLOR is set", async () => {
    const r = await tty("NO_COLOR=1");
    expect(r.stdout).toContain("State");
    expect(r.stdout).not.toContain(ESC);
  });

  test("run leaves colour out when stdout is a pipe", async () => {
    const r = await runBash(`"$1" --proc-root "$2" --format table -tan | cat`, [OURS, colourTree]);
    expect(r.stdout).toContain("State");
    expect(r.stdout).not.toContain(ESC);
  });
});
