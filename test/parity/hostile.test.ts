/**
 * Hostile names and restricted /proc, with real processes and sockets in a
 * private namespace, against the real netstat:
 * - a program name, a unix socket path (with a newline that forges a row in
 *   /proc/net/unix) and a user name full of escape bytes never reach the
 *   terminal: every byte outside 0x20..0x7E is a `.` (deliberate difference 2);
 * - as nobody, with /proc/PID/fd unreadable, and with /proc mounted
 *   hidepid=2, the output and messages are netstat's;
 * - a kernel without tcp6 or udplite files gives netstat's output.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { terminalSafe } from "../../src/format/terminal-safe.ts";
import { FIXTURE_PYTHON, startUntilReady } from "../_support/fixture.ts";
import { createNetns, netnsAvailable, type Netns } from "../_support/netns.ts";
import { readableIn } from "../_support/readable.ts";
import { asNobody, OURS, REAL_NETSTAT, REPO_ROOT, runIn, setprivAvailable, type RunResult } from "../_support/run.ts";
import { netstatOverTree, oursOverTree } from "../_support/tree.ts";

const HOSTILE_ARGV0 = "\x1b[31mevil\x07\u009b;x\ny";
const HOSTILE_USER = "ev\x1b[31mil\x07user";
const HOSTILE_UID = 4242;
const PORT = 47401;
const USER_PORT = 47402;

/** Printable ASCII and newlines only. */
const TERMINAL_SAFE = /^[\x20-\x7e\n]*$/;

const avail = await netnsAvailable();
const why = !avail.ok ? avail.why : setprivAvailable() ? "" : "setpriv (util-linux) is missing";
if (why !== "") console.warn(`parity/hostile.test.ts SKIPPED: ${why}; it needs root and ip netns`);

/** netstat's raw output with deliberate difference 2 applied: `raw` strings made safe, then every line. */
function expectedFromNetstat(text: string, raws: readonly string[]): string {
  let out = text;
  for (const raw of raws) out = out.replaceAll(raw, terminalSafe(raw));
  return out
    .split("\n")
    .map((l) => terminalSafe(l))
    .join("\n");
}

describe.skipIf(why !== "")("hostile names and restricted /proc", () => {
  let ns: Netns | undefined;
  let programPid = 0;
  let rawLabel = "";

  beforeAll(async () => {
    ns = await createNetns("nshostile");
    const passwd = readFileSync("/etc/passwd", "latin1");
    writeFileSync(
      `/etc/netns/${ns.name}/passwd`,
      Buffer.from(`${passwd}${HOSTILE_USER}:x:${HOSTILE_UID}:${HOSTILE_UID}::/:/usr/sbin/nologin\n`, "latin1"),
    );
    programPid = await startUntilReady(ns, [
      "ip", "netns", "exec", ns.name, "bash", "-c", 'exec -a "$0" "$@"', HOSTILE_ARGV0,
      FIXTURE_PYTHON, resolve(REPO_ROOT, "scripts", "hostile-fixture.py"), ns.dir, String(PORT),
    ]);
    await startUntilReady(ns, [
      "ip", "netns", "exec", ns.name, "setpriv", `--reuid=${HOSTILE_UID}`, `--regid=${HOSTILE_UID}`, "--clear-groups",
      FIXTURE_PYTHON, "-c",
      `import socket,time\ns=socket.socket()\ns.bind(("203.0.113.1",${USER_PORT}))\ns.listen()\nprint("READY",flush=True)\ntime.sleep(300)`,
    ]);
    // bash's exec replaces itself, so the READY process is the python whose argv[0] is hostile.
    rawLabel = `${programPid}/${Buffer.from(HOSTILE_ARGV0, "utf8").toString("latin1")}`.slice(0, 19);
  }, 60_000);

  afterAll(async () => {
    await ns?.destroy();
  }, 30_000);

  async function pair(args: readonly string[]): Promise<{ real: RunResult; ours: RunResult }> {
    return { real: await runIn(ns!.name, [REAL_NETSTAT, ...args]), ours: await runIn(ns!.name, [OURS, ...args]) };
  }

  test("the fixture's hostile names reach the real netstat raw (Debian 2.10 has no escaping)", async () => {
    const real = (await runIn(ns!.name, [REAL_NETSTAT, "-tlpe", "--numeric-hosts", "--numeric-ports"])).stdout.toString("latin1");
    expect(real).toContain(rawLabel);
    expect(real).toContain(` ${HOSTILE_USER} `);
  });

  test("netstat -tlpe shows program and user names terminal-safe and otherwise as netstat does", async () => {
    const { real, ours } = await pair(["-tlpe", "--numeric-hosts", "--numeric-ports"]);
    const text = ours.stdout.toString("latin1");
    expect(text).toMatch(TERMINAL_SAFE);
    expect(text).toContain(` ${terminalSafe(rawLabel)} `);
    expect(text).toContain(` ${terminalSafe(HOSTILE_USER)} `);
    expect(text).toBe(expectedFromNetstat(real.stdout.toString("latin1"), [rawLabel]));
    expect(ours.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
    expect(ours.code).toBe(real.code);
  });

  test("netstat -xlp shows hostile unix paths terminal-safe and the forged row as netstat does", async () => {
    const { real, ours } = await pair(["-xlp"]);
    const text = ours.stdout.toString("latin1");
    expect(text).toMatch(TERMINAL_SAFE);
    // The kernel prints the newline in the path raw, so the rest of the name reads as a row of its own.
    expect(text).toContain(`${ns!.dir}/e.[31m.\n`);
    expect(text).toMatch(/ 424242 +- +forged\.\[2Jrow\n/);
    expect(text).toContain("@hostile.]0;title...");
    expect(text).toBe(expectedFromNetstat(real.stdout.toString("latin1"), [rawLabel]));
    expect(ours.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
    expect(ours.code).toBe(real.code);
  });

  test("netstat -tlp as nobody, whose /proc/PID/fd reads fail, prints netstat's notice", async () => {
    const real = await runIn(ns!.name, [REAL_NETSTAT, "-tlp", "-n"], { asUser: "nobody" });
    const ours = await runIn(ns!.name, [OURS, "-tlp", "-n"], { asUser: "nobody" });
    expect(real.stderr.toString("latin1")).toContain("Not all processes could be identified");
    expect(ours.stdout.toString("latin1")).toBe(real.stdout.toString("latin1"));
    expect(ours.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
    expect(ours.code).toBe(real.code);
  });

  for (const args of [["-tlpn"], ["-xlp"], ["-tlpen"]]) {
    test(`netstat ${args.join(" ")} as nobody under /proc mounted hidepid=2 matches netstat`, async () => {
      const under = (program: string): Promise<RunResult> =>
        runIn(ns!.name, [
          "unshare", "-m", "--propagation", "private", "bash", "-c",
          'mount -t proc -o hidepid=2 proc /proc && exec "$@"', "hidepid",
          ...asNobody(), "bash", "-c", 'exec -a netstat "$0" "$@"', readableIn(ns!.name, program), ...args,
        ]);
      const real = await under(REAL_NETSTAT);
      const ours = await under(OURS);
      // Under hidepid=2 nobody sees no other process at all: no -p notice, only dashes.
      expect(real.stdout.toString("latin1")).toContain("LISTEN");
      expect(real.stdout.toString("latin1")).not.toContain(String(programPid));
      expect(ours.stdout.toString("latin1")).toMatch(TERMINAL_SAFE);
      expect(ours.stdout.toString("latin1")).toBe(expectedFromNetstat(real.stdout.toString("latin1"), []));
      expect(ours.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
      expect(ours.code).toBe(real.code);
    });
  }

  const LIVE = resolve(REPO_ROOT, "fixtures", "proc", "live", "net");
  for (const missing of [["tcp6"], ["udplite"], ["udplite", "udplite6"], ["tcp"]]) {
    for (const args of [["-an"], ["-tuUwn"], ["-Uan"], ["-6an"]]) {
      test(`netstat ${args.join(" ")} on a kernel without ${missing.join(" and ")} matches netstat`, async () => {
        const tree = mkdtempSync(join(tmpdir(), "nss-missing-"));
        try {
          cpSync(LIVE, join(tree, "net"), { recursive: true });
          for (const m of missing) rmSync(join(tree, "net", m));
          const real = await netstatOverTree(ns!.name, tree, args);
          const ours = await oursOverTree(ns!.name, tree, args);
          expect(ours.stdout.toString("latin1")).toBe(real.stdout.toString("latin1"));
          expect(ours.stderr.toString("latin1")).toBe(real.stderr.toString("latin1"));
          expect(ours.code).toBe(real.code);
        } finally {
          rmSync(tree, { recursive: true, force: true });
        }
      });
    }
  }
});

