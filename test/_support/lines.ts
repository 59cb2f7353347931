/**
 * A long-running command whose stdout is collected line by line, for the `--watch` suites.
 */
import { RUN_ENV } from "./run.ts";

export interface Running {
  readonly proc: ReturnType<typeof Bun.spawn>;
  readonly lines: string[];
  /** All of stdout so far, as read (a last line without its newline included). */
  output(): string;
  /** Resolves with the first line equal to `want`. */
  waitFor(want: string, timeoutMs: number): Promise<void>;
  done: Promise<number>;
}

/** Starts argv with stdout collected into `lines`. */
export function start(argv: readonly string[]): Running {
  const proc = Bun.spawn([...argv], { stdin: "ignore", stdout: "pipe", stderr: "pipe", env: { ...RUN_ENV } });
  const lines: string[] = [];
  let all = "";
  const waiters: { want: string; resolve: () => void }[] = [];
  const reader = (async () => {
    const decoder = new TextDecoder();
    let rest = "";
    for await (const chunk of proc.stdout as ReadableStream<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      all += text;
      rest += text;
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
    output: () => all,
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

/**
 * Waits until `done()` holds, checking every 25 ms, for at most `timeoutMs` (generous: a busy
 * machine is slow, never fast); throws naming `what` when it never does.
 */
export async function until(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}
