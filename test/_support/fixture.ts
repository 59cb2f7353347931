/**
 * Starts scripts/sockets-fixture.py inside a namespace and waits for its READY line.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { Netns } from "./netns.ts";
import { readableIn } from "./readable.ts";
import { asNobody, REPO_ROOT, RUN_ENV } from "./run.ts";

const SCRIPT = resolve(REPO_ROOT, "scripts", "sockets-fixture.py");
// The system python, readable by nobody (a pyenv shim under /root would not be).
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const READY_TIMEOUT_MS = 15_000;

export interface Fixture {
  readonly pid: number;
  readonly role: "main" | "nobody";
  /** What the script recorded in DIR/fixture-ROLE.json. */
  readonly made: Readonly<Record<string, unknown>>;
}

async function firstLine(stream: ReadableStream<Uint8Array>, timeoutMs: number): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error("fixture gave no READY line in time")), timeoutMs).unref(),
  );
  try {
    for (let i = 0; i < 1000 && !text.includes("\n"); i++) {
      const chunk = await Promise.race([reader.read(), timeout]);
      if (chunk.done) break;
      text += decoder.decode(chunk.value, { stream: true });
    }
  } finally {
    reader.releaseLock();
  }
  return text.split("\n")[0] ?? "";
}

/** Runs the fixture for role in ns (as nobody for role "nobody"); resolves once it is READY. */
export async function startFixture(ns: Netns, role: "main" | "nobody"): Promise<Fixture> {
  const dir = role === "nobody" ? `${ns.dir}/nobody` : ns.dir;
  const cmd = [
    "ip", "netns", "exec", ns.name,
    ...(role === "nobody" ? asNobody() : []),
    // nobody reads its own copy: the checkout may be closed to it.
    PYTHON, role === "nobody" ? readableIn(ns.name, SCRIPT) : SCRIPT, dir, "--role", role,
  ];
  const pid = await startUntilReady(ns, cmd, `the ${role} socket fixture`);
  const record = JSON.parse(readFileSync(`${dir}/fixture-${role}.json`, "utf8")) as { made: Record<string, unknown> };
  return { pid, role, made: record.made };
}

/** Starts any command (argv, run as is) that prints READY when set up; tracked for ns.destroy(). */
export async function startUntilReady(ns: Netns, argv: readonly string[], what = argv.join(" ")): Promise<number> {
  const proc = Bun.spawn([...argv], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV }, cwd: "/" });
  ns.track(proc.pid);
  let line = "";
  try {
    line = await firstLine(proc.stdout, READY_TIMEOUT_MS);
  } catch (e) {
    proc.kill("SIGKILL");
    throw e;
  }
  if (line !== "READY") {
    proc.kill("SIGKILL");
    const err = await new Response(proc.stderr).text();
    throw new Error(`Cannot start ${what}: ${err.trim() || `got ${JSON.stringify(line)}`}`);
  }
  return proc.pid;
}

/** The system python, for fixtures that other users must be able to run too. */
export const FIXTURE_PYTHON = PYTHON;

/** scripts/listener_after_connect.py, which makes a listener that once tried to connect. */
export const LISTENER_AFTER_CONNECT = resolve(REPO_ROOT, "scripts", "listener_after_connect.py");

/**
 * Why this kernel cannot give a listener that once tried to connect, or "" when it can: the
 * script's own check, run in a throwaway network namespace (root only). Throws when the check
 * itself fails.
 */
export async function listenerAfterConnectRefused(): Promise<string> {
  const proc = Bun.spawn(["unshare", "-n", "sh", "-c", 'ip link set lo up && exec "$0" "$1"', PYTHON, LISTENER_AFTER_CONNECT], {
    stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV }, cwd: "/",
  });
  const timer = setTimeout(() => proc.kill("SIGKILL"), READY_TIMEOUT_MS);
  try {
    const [out, err, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    // Only the script's own sentence skips; a check that breaks is an error, not a skip.
    if (code !== 0 || out.trim() === "") throw new Error(`Cannot check ${LISTENER_AFTER_CONNECT}: status ${code}: ${err.trim()}`);
    return out.trim() === "ok" ? "" : out.trim();
  } finally {
    clearTimeout(timer);
  }
}
