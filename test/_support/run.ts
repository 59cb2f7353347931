/**
 * Runs a program inside a network namespace and captures its exact bytes.
 *
 * Both netstat and ours are started the same way: `ip netns exec NS [setpriv ...] bash -c
 * 'exec -a "$0" "$@"' ARGV0 PROGRAM ARGS...`, with the same minimal environment (LC_ALL=C), so
 * argv[0], locale, uid and namespace are identical for the two.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { readableIn } from "./readable.ts";

/** Repository root (two levels above test/_support). */
export const REPO_ROOT = resolve(import.meta.dir, "..", "..");

/** The oracle: Debian net-tools netstat 2.10. */
export const REAL_NETSTAT = "/usr/bin/netstat";

/**
 * Our compiled binary. PARITY_OURS overrides it (e.g. PARITY_OURS=/usr/bin/netstat to check that
 * the harness itself is deterministic).
 */
export const OURS = process.env["PARITY_OURS"] ?? resolve(REPO_ROOT, "dist", "netstat-stream");

/** uid/gid of `nobody` on Debian. */
export const NOBODY = 65534;

/** The same environment for every run. */
export const RUN_ENV: Readonly<Record<string, string>> = {
  LC_ALL: "C",
  PATH: "/usr/sbin:/usr/bin:/sbin:/bin",
  HOME: "/",
};

export interface RunOptions {
  readonly asUser?: "nobody";
  /** argv[0] the program sees; default `netstat`. */
  readonly argv0?: string;
  readonly timeoutMs?: number;
}

export interface RunResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  readonly code: number;
}

/** Whether `setpriv` (util-linux) is there to drop to `nobody`. */
export function setprivAvailable(): boolean {
  return existsSync("/usr/bin/setpriv") || existsSync("/bin/setpriv");
}

/** The prefix that drops to nobody, for use after `ip netns exec NS`. */
export function asNobody(): string[] {
  return ["setpriv", `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups"];
}

/**
 * Runs argv = [program, ...args] in namespace ns; resolves with stdout, stderr and exit code.
 * As nobody, a program from the checkout runs from a copy nobody can read in ns's scratch
 * directory (see readable.ts).
 */
export async function runIn(ns: string, argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const [given, ...args] = argv;
  if (given === undefined) throw new TypeError("Cannot run: empty argv");
  const program = opts.asUser === "nobody" ? readableIn(ns, given) : given;
  const cmd = [
    "ip", "netns", "exec", ns,
    ...(opts.asUser === "nobody" ? asNobody() : []),
    "bash", "-c", 'exec -a "$0" "$@"', opts.argv0 ?? "netstat", program, ...args,
  ];
  const proc = Bun.spawn(cmd, { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV }, cwd: "/" });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    proc.kill("SIGKILL");
  }, opts.timeoutMs ?? 15_000);
  try {
    const [out, err, code] = await Promise.all([
      new Response(proc.stdout).arrayBuffer(),
      new Response(proc.stderr).arrayBuffer(),
      proc.exited,
    ]);
    if (timedOut) throw new Error(`Cannot run ${argv.join(" ")} in ${ns}: timed out`);
    return { stdout: Buffer.from(out), stderr: Buffer.from(err), code };
  } finally {
    clearTimeout(timer);
  }
}
