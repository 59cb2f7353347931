/**
 * The command-line program: reads the arguments, runs the chosen mode, and
 * turns every outcome into output and an exit status. Nothing below this
 * layer prints or exits.
 */
import { existsSync, statSync } from "node:fs";
import { concat, defer, merge, Observable, repeat, Subject, takeUntil, takeWhile } from "rxjs";
import { messageSafe, stderrSafe } from "../format/terminal-safe.ts";
import { osPath } from "../model/bytes.ts";
import type { Options } from "../model/options.ts";
import { createSystemResolver } from "../resolve/databases.ts";
import { readEtc } from "../sources/etc.ts";
import { checkProcRoot, createProcRoot, ProcReadError } from "../sources/proc-root.ts";
import { parseNetstatArgs } from "./netstat-args.ts";
import type { Output } from "./output.ts";
import { eventFeed$ } from "./event-feed.ts";
import { flushedOf, pass$, runState, type PassContext } from "./plan.ts";
import { serveRun } from "./serve.ts";
import { ReaderGoneError, type Sink } from "./sink.ts";
import { strerror } from "../format/strerror.ts";
import { systemFilterLookups } from "./filter-lookups.ts";
import type { TopTerminalPort } from "../format/top-view.ts";
import { ENTER_SCREEN, NOT_A_TERMINAL, type TopTerminal } from "./top-terminal.ts";
import { topFilterCompiler } from "./top-filter.ts";

/** The process-level things a run needs, injected so tests can run it in-process. */
export interface RunIo {
  readonly stdout: Sink;
  readonly stderr: Sink;
  readonly euid: number;
  /**
   * Resolves once everything given to stdout and stderr is written, rejects with the error that
   * stopped stdout. Absent: the sinks write before they return.
   */
  readonly flushed?: () => Promise<void>;
  /** Registers a handler for the signals that end a run; returns a function that removes it. */
  readonly onSignal: (handler: (signal: StopSignal) => void) => () => void;
  /** Whether stdout is a terminal that wants colour (a TTY, and NO_COLOR unset). */
  readonly colour?: boolean;
  /** How many bytes wait for a slow reader of stdout and stderr; absent: the sinks write before they return. */
  readonly queued?: () => number;
  /** `--top`'s terminal, when stdin and stdout are one (main.ts: cli/top-terminal.ts); absent: none. */
  readonly openTop?: () => TopTerminal | undefined;
}

/** The signals that end a run with status 0 after the last complete line. */
export const STOP_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** `--color`: always or never as told; auto colours where the process edge says a terminal wants it. */
function colourOf(options: Options, io: RunIo): boolean {
  return options.color === "always" || (options.color === "auto" && (io.colour ?? false));
}

function selinuxEnabled(): boolean {
  return existsSync("/sys/fs/selinux/enforce");
}

/** Every pass, repeated for `-c`, stopping at the first failing status. */
function program$(options: Options, io: RunIo, terminal: TopTerminalPort | undefined): Observable<Output> {
  const resolver = createSystemResolver((name) => readEtc(name));
  const flushed$ = flushedOf(io.flushed);
  const ctx: PassContext = { options, resolver, state: runState(), euid: io.euid, colour: colourOf(options, io), flushed$, queued: io.queued ?? (() => 0), terminal };
  // Each pass starts once the last one's output is written: a slow reader slows the passes, never piles them up.
  const once = defer(() => concat(flushed$, pass$(ctx)));
  // netstat's -s ignores -c; every other mode repeats until a pass fails, and `--watch --count-by` counts afresh each interval.
  const counted = options.watch && options.countBy !== undefined;
  const repeats = (options.continuous || counted) && options.mode !== "statistics" && !options.schema && !options.metricsHelp;
  const repeated = repeats ? once.pipe(repeat({ delay: counted ? options.intervalMs : options.delaySeconds * 1000 })) : once;
  // A repeated exposition follows the socket events between its readings; the feed ends with the passes.
  return merge(repeated, eventFeed$(ctx)).pipe(takeWhile((o) => !(o.kind === "status" && o.code !== 0), true));
}

/** A readable sentence for an unexpected error, never a stack trace. */
function describe(error: unknown): string {
  if (typeof error === "string") return `netstat-stream: ${error}`;
  if (error instanceof ProcReadError) return `netstat-stream: ${error.message}`;
  if (error instanceof Error) return `netstat-stream: ${error.message}`;
  return `netstat-stream: ${String(error)}`;
}

/**
 * Runs the program with `args` (argv without argv[0]); resolves to the exit status. `argv0` and
 * `args` are byte strings (model/bytes.ts), as main.ts reads them from /proc/self/cmdline.
 */
export function run(argv0: string, args: readonly string[], given: RunIo): Promise<number> {
  // Messages quote outside bytes (arguments, paths, names): none reaches the terminal as a control.
  const io: RunIo = { ...given, stderr: (text) => given.stderr(stderrSafe(text)) };
  const filterLookups = systemFilterLookups();
  const parsed = parseNetstatArgs(argv0, args, { selinuxEnabled: selinuxEnabled(), filterLookups });
  if (parsed.kind === "exit") {
    const write = (): void => {
      io.stderr(parsed.stderr);
      io.stdout(parsed.stdout);
    };
    // A mistake on the command line writes nothing to stdout: a closed stdout is then no failure of its own.
    return written(io, parsed.code, write, parsed.stdout !== "");
  }
  io.stderr(parsed.stderr);
  const badRoot = procRootProblem(parsed.options);
  if (badRoot !== undefined) return settled(io, reportFailure(io, badRoot));
  const badNetnsDir = netnsDirProblem(parsed.options);
  if (badNetnsDir !== undefined) return settled(io, reportFailure(io, badNetnsDir, 2));
  const { serve } = parsed.options;
  if (serve !== undefined) return serveRun({ ...parsed.options, serve }, io).then((code) => settled(io, code));
  const top = parsed.options.live ? io.openTop?.() : undefined;
  if (parsed.options.live && top === undefined) return written(io, 2, () => io.stderr(NOT_A_TERMINAL), false);
  return new Promise<number>((resolve) => {
    let code = 0;
    let done = false;
    let watching = false;
    const stop = new Subject<void>();
    // --top's screen is left before anything else is said, so that the words land on the screen the user sees.
    const leave = (): void => {
      try {
        top?.leave(io.stdout);
      } catch {
        // stdout has gone: the keyboard is given back all the same.
      }
    };
    const end = (status: number): void => {
      removeSignal();
      resolve(status);
    };
    /** Ends the run once, after what is queued is written; a signal meanwhile ends it at once. */
    const finish = (status: number): void => {
      if (done) return;
      done = true;
      leave();
      stop.next();
      void settled(io, status).then(end);
    };
    // One sentence, once; a status netstat gave already (a section that failed) stays.
    const fail = (error: unknown): void => {
      if (done) return;
      leave();
      const failed = reportFailure(io, error);
      finish(failed !== 0 && code !== 0 ? code : failed);
    };
    // A write that fails later, while the text waits for a slow reader, ends the run as soon as it fails.
    const watchWrites = (): void => {
      if (watching || io.flushed === undefined) return;
      watching = true;
      io.flushed().then(() => (watching = false), fail);
    };
    // A signal does not wait for the queue: what the reader has so far ends with a complete line.
    const removeSignal = io.onSignal(() => {
      leave();
      done = true;
      stop.next();
      end(0);
    });
    const compile = topFilterCompiler(parsed.options, filterLookups);
    const terminal = top === undefined ? undefined : { keys$: top.keys$, size$: top.size$, quit: () => finish(0), compile };
    if (top !== undefined) io.stdout(ENTER_SCREEN);
    program$(parsed.options, io, terminal)
      .pipe(takeUntil(stop))
      .subscribe({
        next: (o) => {
          try {
            if (o.kind === "stdout") {
              io.stdout(o.text);
              watchWrites();
            } else if (o.kind === "stderr") io.stderr(o.text);
            else if (o.code !== 0) code = o.code === -1 ? 255 : o.code;
          } catch (error) {
            fail(error);
          }
        },
        error: fail,
        complete: () => {
          if (io.flushed === undefined) finish(code);
          else io.flushed().then(() => finish(code), fail);
        },
      });
  });
}

/**
 * Writes with `write`, then resolves to `code` once the text is out, or to the status of what
 * stopped stdout (unless `stdoutMatters` is false: nothing was meant for it).
 */
function written(io: RunIo, code: number, write: () => void, stdoutMatters = true): Promise<number> {
  try {
    write();
  } catch (error) {
    return settled(io, reportFailure(io, error));
  }
  if (!stdoutMatters) return settled(io, code);
  if (io.flushed === undefined) return Promise.resolve(code);
  return io.flushed().then(
    () => code,
    (error: unknown) => settled(io, reportFailure(io, error)),
  );
}

/** Resolves to `code` once what is queued (a failure's message) is written, or cannot be. */
function settled(io: RunIo, code: number): Promise<number> {
  if (io.flushed === undefined) return Promise.resolve(code);
  return io.flushed().then(
    () => code,
    () => code,
  );
}

/** Why an explicit --proc-root cannot stand for /proc, or undefined when it can (or is /proc itself). */
function procRootProblem(options: Options): string | undefined {
  if (options.procRoot === "/proc") return undefined;
  try {
    checkProcRoot(createProcRoot(options.procRoot));
    return undefined;
  } catch (error) {
    if (!(error instanceof ProcReadError)) throw error;
    const why = error.path === createProcRoot(options.procRoot).path ? strerror(error.code) : `${messageSafe(error.path)}: ${strerror(error.code)}`;
    return `Cannot use ${messageSafe(options.procRoot)} as the proc root: ${why}`;
  }
}

/** Why an explicit --netns-dir cannot be searched for names, or undefined when it can. */
function netnsDirProblem(options: Options): string | undefined {
  const dir = options.netnsDir;
  if (dir === undefined) return undefined;
  let why: string;
  try {
    if (statSync(osPath(dir)).isDirectory()) return undefined;
    why = strerror("ENOTDIR");
  } catch (error) {
    why = strerror((error as NodeJS.ErrnoException).code ?? "EINVAL");
  }
  return `Cannot use ${messageSafe(dir)} as the --netns-dir directory: ${why}`;
}

function reportFailure(io: RunIo, error: unknown, code = 1): number {
  if (error instanceof ReaderGoneError) return 0;
  try {
    io.stderr(`${describe(error)}\n`);
  } catch {
    // stderr itself is gone; the status still tells.
  }
  return code;
}
