/** Entry point of the compiled executable. */
import { run } from "./cli/run.ts";
import { fdSink } from "./cli/sink.ts";
import { isTerminal } from "./cli/terminal.ts";
import { applyJitHints } from "./cli/jit-hints.ts";

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

applyJitHints();
const code = await run(process.argv0, process.argv.slice(2), {
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
