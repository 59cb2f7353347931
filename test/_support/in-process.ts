/**
 * Runs ours in-process: `run()` from src/cli/run.ts with `args`, as root, colour as given, no
 * signal handlers, collecting what it prints. The fast suites use it instead of the binary.
 */
import { run } from "../../src/cli/run.ts";

/** What one in-process run printed, and its exit status. */
export interface InProcessRun {
  readonly out: string;
  readonly err: string;
  readonly code: number;
}

/** Runs `netstat-stream ARGS...` in-process. */
export async function runInProcess(args: readonly string[], colour = false): Promise<InProcessRun> {
  let out = "";
  let err = "";
  const code = await run("netstat-stream", args, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    euid: 0,
    colour,
    onSignal: () => () => undefined,
  });
  return { out, err, code };
}
