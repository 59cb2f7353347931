/**
 * A long-running command whose stdout is collected line by line, for the `--watch` suites.
 */
import { RUN_ENV } from "./run.ts";

export interface Running {
  readonly proc: ReturnType<typeof Bun.spawn>;
  readonly lines: string[];
  /** Resolves with the first line equal to `want`. */
  waitFor(want: string, timeoutMs: number): Promise<void>;
  done: Promise<number>;
}

/** Starts argv with stdout collected into `lines`. */
export function start(argv: readonly string[]): Running {
  const proc = Bun.spawn([...argv], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV } });
  const lines: string[] = [];
  const waiters: { want: string; resolve: () => void }[] = [];
  const reader = (async () => {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
      rest += decoder.decode(chunk, { stream: true });
      const parts = rest.split("\n");
      rest = parts.pop() ?? "";
      for (const line of parts) {
        lines.push(line);
        for (const w of waiters.filter((w) => w.want === line)) w.resolve();
      }
    }
    if (rest !== "") lines.push(rest);
  })();
  return {
    proc,
    lines,
    waitFor(want, timeoutMs) {
      if (lines.includes(want)) return Promise.resolve();
      return new Promise((ok, fail) => {
        const timer = setTimeout(() => fail(new Error(`no ${want} line from ${argv.join(" ")}`)), timeoutMs);
        waiters.push({ want, resolve: () => (clearTimeout(timer), ok()) });
      });
    },
    done: Promise.all([reader, proc.exited]).then(([, code]) => code),
  };
}

/** Waits `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
