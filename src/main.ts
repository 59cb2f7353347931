/** Entry point of the compiled executable. */
import { run } from "./cli/run.ts";
import { fdSink } from "./cli/sink.ts";
import { isTerminal } from "./cli/terminal.ts";
import { applyJitHints } from "./cli/jit-hints.ts";
import { readFileSync } from "node:fs";
import { argumentBytes } from "./model/bytes.ts";

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
const code = await run(argv0, args, {
  stdout: fdSink(1),
  stderr: fdSink(2),
  euid: process.geteuid?.() ?? 0,
  // A non-empty NO_COLOR turns colour off (https://no-color.org).
  colour: isTerminal(1) && (process.env["NO_COLOR"] ?? "") === "",
  onSignal(handler) {
    const onInt = (): void => handler("SIGINT");
    const onTerm = (): void => handler("SIGTERM");
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
    return () => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
    };
  },
}).catch(crashed);
process.exit(code);
