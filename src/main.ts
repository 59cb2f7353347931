/** Entry point of the compiled executable. */
import { run, STOP_SIGNALS } from "./cli/run.ts";
import { fdStreams, WriteError } from "./cli/sink.ts";
import { isTerminal } from "./cli/terminal.ts";
import { openTopTerminal } from "./cli/top-terminal.ts";
import { applyJitHints } from "./cli/jit-hints.ts";
import { readFileSync } from "node:fs";
import { argumentBytes } from "./model/bytes.ts";
import { closedAtStart } from "./sources/descriptor.ts";

/** The last line of defence: one sentence on stderr, never a stack trace. */
function crashed(error: unknown): number {
  const why = error instanceof Error ? error.message : String(error);
  try {
    process.stderr.write(`netstat-stream: Cannot continue: ${why}\n`);
  } catch {
    // stderr is gone too; the status still tells.
  }
  return 1;
}

// An error thrown from a callback (outside any promise) ends the run the same way.
for (const event of ["uncaughtException", "unhandledRejection"] as const) {
  process.on(event, (error: unknown) => process.exit(crashed(error)));
}

/** The raw bytes of our command line (see model/bytes.ts), or undefined without /proc. */
function ownCmdline(): string | undefined {
  try {
    return readFileSync("/proc/self/cmdline", "latin1");
  } catch {
    return undefined;
  }
}

applyJitHints();
// Arguments are bytes like every other name from outside: process.argv has lost those that are not UTF-8.
const { argv0, args } = argumentBytes(ownCmdline(), { argv0: process.argv0, args: process.argv.slice(2) });
// A stdout closed at start (`>&-`) is one the runtime quietly replaced with /dev/null: say so and stop.
const streams = fdStreams(1, 2, closedAtStart(1) ? new WriteError("EBADF") : undefined);
const code = await run(argv0, args, {
  ...streams,
  euid: process.geteuid?.() ?? 0,
  // A non-empty NO_COLOR turns colour off (https://no-color.org).
  colour: isTerminal(1) && (process.env["NO_COLOR"] ?? "") === "",
  openTop: openTopTerminal,
  onSignal(handler) {
    const handlers = STOP_SIGNALS.map((signal) => [signal, (): void => handler(signal)] as const);
    for (const [signal, h] of handlers) process.on(signal, h);
    return () => {
      for (const [signal, h] of handlers) process.off(signal, h);
    };
  },
}).catch(crashed);
process.exit(code);
