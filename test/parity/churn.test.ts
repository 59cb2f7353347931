/**
 * Races: the listing (with -p and -e) and -c run while a bounded churn loop
 * opens and closes connections and starts and ends processes that own
 * sockets. Nothing may be printed on stderr, the status must be 0, and every
 * line must be one netstat could print: a header or a well-formed row whose
 * program column names a real PID/name pair.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { resolve } from "node:path";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { start, until } from "../_support/lines.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { OURS, REPO_ROOT, runIn } from "../_support/run.ts";

const CHURN_SECONDS = 40;
const PASSES = 10;

const HEADERS = new Set([
  "Active Internet connections (servers and established)",
  "Proto Recv-Q Send-Q Local Address           Foreign Address         State       User       Inode      PID/Program name    ",
  "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name    ",
  "Active UNIX domain sockets (servers and established)",
  "Proto RefCnt Flags       Type       State         I-Node   PID/Program name     Path",
]);
const PROGRAM = String.raw`(?:-|\d+/[\x20-\x7e]{1,18})`;
const INET_ROW = new RegExp(
  String.raw`^(tcp6?|udp6?|udpl6?|raw6?) +\d+ +\d+ (\S+:\S+) +(\S+:\S+) +(\S*)(?: +\S+ +\d+)? +${PROGRAM} *$`,
);
const UNIX_ROW = new RegExp(
  String.raw`^unix  \d+ +\[ (?:ACC )?(?:W )?(?:N )?\] +(STREAM|DGRAM|RAW|RDM|SEQPACKET|UNKNOWN) +(LISTENING|CONNECTING|CONNECTED|DISCONNECTING|FREE|UNKNOWN)? +\d+ +${PROGRAM}( .*)?$`,
);

/** The lines of a listing that are neither a header nor a well-formed row. */
export function inconsistentLines(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l !== "" && !HEADERS.has(l) && !INET_ROW.test(l) && !UNIX_ROW.test(l));
}

const avail = await netnsAvailable();
if (!avail.ok) console.warn(`parity/churn.test.ts SKIPPED: ${avail.why}; it needs root and ip netns`);

describe.skipIf(!avail.ok)("listing under socket and process churn", () => {
  let ns: Netns | undefined;

  beforeAll(async () => {
    ns = await createNetns("nschurn");
    await startUntilReady(ns, [
      "ip", "netns", "exec", ns.name, FIXTURE_PYTHON, resolve(REPO_ROOT, "scripts", "churn.py"), ns.dir, String(CHURN_SECONDS),
    ]);
  }, 60_000);

  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  test(
    `netstat -anpe run ${PASSES} times during churn prints no error and only consistent lines`,
    async () => {
      let rows = 0;
      for (let i = 0; i < PASSES; i++) {
        const r = await runIn(ns!.name, [OURS, "-anpe"]);
        const out = r.stdout.toString("latin1");
        expect({ pass: i, code: r.code, stderr: r.stderr.toString("latin1") }).toEqual({ pass: i, code: 0, stderr: "" });
        expect(inconsistentLines(out)).toEqual([]);
        rows += out.split("\n").length;
      }
      // The churn must really be visible, or this proves nothing.
      expect(rows).toBeGreaterThan(PASSES * 10);
    },
    60_000,
  );

  test(
    "netstat -c -anp during churn repeats without an error and ends cleanly on SIGTERM",
    async () => {
      const run = start(["ip", "netns", "exec", ns!.name, OURS, "-c", "0.2", "-anp"]);
      const proc = run.proc;
      ns!.track(proc.pid);
      const stderr = new Response(proc.stderr as ReadableStream<Uint8Array>).text();
      // Three passes begun (two whole ones), however slowly a busy machine runs them.
      const passes = (): number => run.output().split("Active Internet connections").length - 1;
      await until(() => passes() >= 3, 60_000, "three passes");
      proc.kill("SIGTERM");
      const killer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await run.done;
      clearTimeout(killer);
      const out = run.output();
      expect({ code: proc.exitCode, stderr: await stderr }).toEqual({ code: 0, stderr: "" });
      // A -p pass reads every /proc/PID/fd of the host; a few passes are enough.
      expect(out.split("Active Internet connections").length - 1).toBeGreaterThanOrEqual(2);
      expect(inconsistentLines(out)).toEqual([]);
    },
    90_000,
  );
});
