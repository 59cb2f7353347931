/**
 * The terminal `--top` draws on: the alternate screen with the cursor hidden
 * and no autowrap on the way in, the same undone on the way out (on quit, on
 * a stop signal, on any error, and at exit whatever happened); stdin in raw
 * mode as keys; the size at once and at every SIGWINCH. A small renderer of
 * our own (format/top-screen.ts, format/top-diff.ts) draws on it: a terminal
 * library would add weight to the binary and start-up for the few sequences
 * used (CUP, ED, SGR and four private modes).
 */
import { writeSync } from "node:fs";
import { Observable, share } from "rxjs";
import type { TopKey } from "../format/top-view.ts";
import { decodeKeys } from "./top-keys.ts";
import { isTerminal } from "./terminal.ts";

/** Alternate screen (1049), cursor hidden (25), autowrap off (7). */
export const ENTER_SCREEN = "\x1b[?1049h\x1b[?25l\x1b[?7l\x1b[H\x1b[2J";
export const LEAVE_SCREEN = "\x1b[0m\x1b[?7h\x1b[?25h\x1b[?1049l";

/** The terminal of one `--top` run. */
export interface TopTerminal {
  readonly keys$: Observable<TopKey>;
  readonly size$: Observable<{ readonly width: number; readonly height: number }>;
  /** Writes LEAVE_SCREEN with `write` and gives the keyboard back; does something only the first time. */
  readonly leave: (write: (text: string) => void) => void;
}

/** Why `--top` cannot run here, in one sentence. */
export const NOT_A_TERMINAL =
  "netstat-stream: --top draws a live screen and needs a terminal on stdin and stdout; for a stream of socket events use --watch, for a listing --format table or --json\n";

/** The terminal, its screen not entered yet; undefined when stdin or stdout is not one. */
export function openTopTerminal(): TopTerminal | undefined {
  if (!isTerminal(0) || !isTerminal(1)) return undefined;
  const stdin = process.stdin;
  const stdout = process.stdout;
  let left = false;
  const release = (): void => {
    try {
      stdin.setRawMode(false);
    } catch {
      // The terminal has gone (a hangup): there is nothing left to restore.
    }
    stdin.pause();
  };
  // Whatever ends the process, the keyboard and the screen go back as they were.
  process.on("exit", () => {
    if (left) return;
    left = true;
    release();
    try {
      writeSync(1, LEAVE_SCREEN);
    } catch {
      // As above.
    }
  });
  stdin.setRawMode(true);
  const keys$ = new Observable<TopKey>((subscriber) => {
    const onData = (chunk: Buffer | string): void => {
      for (const key of decodeKeys(typeof chunk === "string" ? chunk : chunk.toString("latin1"))) subscriber.next(key);
    };
    stdin.on("data", onData);
    stdin.resume();
    return () => {
      stdin.off("data", onData);
      stdin.pause();
    };
  }).pipe(share());
  const size$ = new Observable<{ readonly width: number; readonly height: number }>((subscriber) => {
    const emit = (): void => subscriber.next({ width: stdout.columns || 80, height: stdout.rows || 24 });
    emit();
    process.on("SIGWINCH", emit);
    return () => {
      process.off("SIGWINCH", emit);
    };
  });
  return {
    keys$,
    size$,
    leave: (write) => {
      if (left) return;
      left = true;
      try {
        write(LEAVE_SCREEN);
      } finally {
        release();
      }
    },
  };
}
