/**
 * Output that cannot be written: a full device (`> /dev/full`) or a stdout
 * closed at start (`>&-`) is one sentence on stderr, once, with status 1, in
 * every format and mode; a reader that goes away (`| head -1`) stays quiet.
 *
 * netstat 2.10 itself says nothing and exits 0 on both (it never checks its
 * writes; `-c` goes on forever), so there are no words of its own to keep.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { run } from "../../src/cli/run.ts";
import { WriteError } from "../../src/cli/sink.ts";
import { OURS, REAL_NETSTAT, RUN_ENV } from "../_support/run.ts";
import { removeTree, tcpRows, unixRows, writeTree } from "../_support/synthetic-proc.ts";
import { withoutPollsNote } from "../_support/polls-note.ts";

const MODES = join(import.meta.dir, "../../fixtures/proc/modes");
const ENOSPC = "netstat-stream: Cannot write to standard output: No space left on device\n";
const EBADF = "netstat-stream: Cannot write to standard output: Bad file descriptor\n";

let big = "";
beforeAll(() => {
  // More than one write's worth of every format.
  big = writeTree({ "net/tcp": tcpRows(5_000), "net/unix": unixRows(5_000) });
});
afterAll(() => removeTree(big));

interface Done {
  readonly code: number | null;
  readonly stderr: string;
}

/** Runs ours under `sh -c 'exec ours ARGS REDIRECT'`, bounded in time. */
async function redirected(redirect: string, args: readonly string[], program = OURS): Promise<Done> {
  const proc = Bun.spawn(["sh", "-c", `exec "$@" ${redirect}`, "sh", program, ...args], { stdin: "ignore", stdout: "ignore", stderr: "pipe", env: { ...RUN_ENV } });
  const killer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
  const stderr = await new Response(proc.stderr).text();
  await proc.exited;
  clearTimeout(killer);
  return { code: proc.exitCode, stderr: withoutPollsNote(stderr) };
}

const RUNS: readonly { readonly name: string; readonly args: () => readonly string[] }[] = [
  { name: "-an", args: () => ["--proc-root", big, "-an"] },
  { name: "-an --json", args: () => ["--proc-root", big, "-an", "--json"] },
  { name: "-an --format table", args: () => ["--proc-root", big, "-an", "--format", "table"] },
  { name: "-c -tan", args: () => ["--proc-root", big, "-c", "--interval", "100ms", "-tan"] },
  { name: "--watch --include-existing --json", args: () => ["--proc-root", big, "--watch", "--include-existing", "--interval", "100ms", "-tn", "--json"] },
  { name: "--watch --include-existing", args: () => ["--proc-root", big, "--watch", "--include-existing", "--interval", "100ms", "-tn"] },
  { name: "-rn", args: () => ["--proc-root", MODES, "-rn"] },
  { name: "-rn --json", args: () => ["--proc-root", MODES, "-rn", "--json"] },
  { name: "-s", args: () => ["--proc-root", MODES, "-s"] },
  { name: "-s --format table", args: () => ["--proc-root", MODES, "-s", "--format", "table"] },
  { name: "-gn --json", args: () => ["--proc-root", MODES, "-gn", "--json"] },
];

test.skipIf(!existsSync(REAL_NETSTAT))("netstat itself says nothing and exits 0 on a full device and a closed stdout (no words of its own to keep)", async () => {
  for (const redirect of ["> /dev/full", ">&-"]) {
    expect(await redirected(redirect, ["-an"], REAL_NETSTAT)).toEqual({ code: 0, stderr: "" });
  }
});

describe("a full device", () => {
  for (const r of RUNS) {
    test(`${r.name} > /dev/full says so in one sentence, once, with status 1`, async () => {
      expect(await redirected("> /dev/full", r.args())).toEqual({ code: 1, stderr: ENOSPC });
    });
  }
  test("--help > /dev/full ends with the one sentence after the usage netstat prints on stderr", async () => {
    const done = await redirected("> /dev/full", ["--help"]);
    expect(done.code).toBe(1);
    expect(done.stderr.endsWith(`\n${ENOSPC}`)).toBe(true);
    expect(done.stderr.split(ENOSPC).length).toBe(2);
  });
});

describe("a stdout closed at start", () => {
  // --watch with nothing to report writes nothing: it must still stop.
  const quietWatch = { name: "--watch with no events", args: () => ["--proc-root", big, "--watch", "--interval", "100ms", "-tn"] };
  for (const r of [...RUNS, quietWatch]) {
    test(`${r.name} >&- says so in one sentence and stops with status 1`, async () => {
      expect(await redirected(">&-", r.args())).toEqual({ code: 1, stderr: EBADF });
    });
  }
  for (const args of [["--port", "x"], ["-Z"], ["--state", "bogus", "-t"]]) {
    test(`a command-line mistake (${args.join(" ")}) with nothing for stdout gives only its own message and status`, async () => {
      const open = await redirected("> /dev/null", args);
      expect(open.code).not.toBe(0);
      expect(await redirected(">&-", args)).toEqual(open);
    });
  }
  test("a stdout sent to /dev/null is not taken for a closed one", async () => {
    expect(await redirected("> /dev/null", ["--proc-root", big, "-an"])).toEqual({ code: 0, stderr: "" });
  });
});

for (const args of [["-an"], ["-an", "--json"], ["-c", "-an"]]) {
  test(`run ${args.join(" ")} reports a stdout that keeps failing once, however many texts follow`, async () => {
    let stderr = "";
    let writes = 0;
    const code = await run("netstat-stream", ["--proc-root", big, ...args], {
      stdout: () => {
        writes++;
        throw new WriteError("ENOSPC");
      },
      stderr: (t) => (stderr += t),
      euid: 0,
      onSignal: () => () => undefined,
    });
    expect({ code, stderr, writes }).toEqual({ code: 1, stderr: ENOSPC, writes: 1 });
  });
}
