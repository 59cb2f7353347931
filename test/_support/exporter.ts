/**
 * The compiled binary as an exporter (`--serve`) inside a namespace: started with `ip netns exec`,
 * ready once it says where it listens on stderr; stopped by a signal, resolving to its status.
 */
import type { Netns } from "./netns.ts";
import { OURS, RUN_ENV } from "./run.ts";

const READY_MS = 15_000;

export interface Exporter {
  readonly pid: number;
  /** What it wrote on stderr so far. */
  stderr(): string;
  /** Sends `signal` and resolves to the exit status (within 10 s). */
  stop(signal?: "SIGTERM" | "SIGINT"): Promise<number | null>;
}

/** Starts `netstat-stream ARGS` in `ns` and waits for its "Listening on" line. */
export async function startExporter(ns: Netns, args: readonly string[]): Promise<Exporter> {
  // exec: the signal reaches the exporter itself, not a shell around it.
  const proc = Bun.spawn(["ip", "netns", "exec", ns.name, OURS, ...args], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV } });
  ns.track(proc.pid);
  let err = "";
  const decoder = new TextDecoder();
  const reading = (async () => {
    for await (const chunk of proc.stderr) err += decoder.decode(chunk, { stream: true });
  })();
  const deadline = Date.now() + READY_MS;
  while (!err.includes("Listening on") && Date.now() < deadline && proc.exitCode === null) await Bun.sleep(50);
  if (!err.includes("Listening on")) {
    proc.kill("SIGKILL");
    throw new Error(`The exporter did not start: ${err.trim()}`);
  }
  return {
    pid: proc.pid,
    stderr: () => err,
    async stop(signal = "SIGTERM") {
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill("SIGKILL"), 10_000);
      await proc.exited;
      clearTimeout(timer);
      await reading;
      return proc.exitCode;
    },
  };
}
