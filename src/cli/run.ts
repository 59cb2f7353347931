/**
 * The command-line program: reads the arguments, runs the chosen mode, and
 * turns every outcome into output and an exit status. Nothing below this
 * layer prints or exits.
 */
import { existsSync, statSync } from "node:fs";
import { concat, defer, EMPTY, from, ignoreElements, mergeMap, Observable, of, repeat, Subject, takeUntil, takeWhile } from "rxjs";
import { jsonSchemaText } from "../format/json-schema.ts";
import { messageSafe, stderrSafe } from "../format/terminal-safe.ts";
import { osPath } from "../model/bytes.ts";
import { resolveUserFilter } from "./filter-user.ts";
import { recordListing$ } from "./sockets-records.ts";
import { watch$ } from "./socket-watch.ts";
import type { NetnsLabel } from "../model/netns.ts";
import type { Options } from "../model/options.ts";
import { createSystemResolver } from "../resolve/databases.ts";
import { readEtc } from "../sources/etc.ts";
import { checkProcRoot, createProcRoot, ProcReadError, type ProcRoot } from "../sources/proc-root.ts";
import { parseNetstatArgs } from "./netstat-args.ts";
import { err, out, status, type Output } from "./output.ts";
import { ReaderGoneError, type Sink } from "./sink.ts";
import { netnsRun$ } from "./netns-text.ts";
import { socketListing$, type ProgramSource } from "./sockets-text.ts";
import { strerror } from "./strerror.ts";
import { INITIAL_GROUP_STATE, type GroupReaderState } from "../proc/net-igmp.ts";

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

/** State one run keeps from pass to pass of `-c`, as netstat keeps it in static storage. */
interface RunState {
  readonly groupState: { value: GroupReaderState };
  /** The same state for each namespace `--netns*` reads: one namespace's leftovers never reach another's reading. */
  readonly netnsGroupStates: Map<number, { value: GroupReaderState }>;
  /** How many passes have started. */
  passes: number;
  /** `--user`, resolved to uids. */
  userUid: readonly number[] | undefined;
}

function groupStateOf(state: RunState, netns: number): { value: GroupReaderState } {
  let found = state.netnsGroupStates.get(netns);
  if (found === undefined) state.netnsGroupStates.set(netns, (found = { value: INITIAL_GROUP_STATE }));
  return found;
}

/** Completes once everything written so far has reached the streams; fails with the error that stopped stdout. */
function flushed$(io: RunIo): Observable<never> {
  return io.flushed === undefined ? EMPTY : defer(() => from(io.flushed!())).pipe(ignoreElements());
}

/** One pass of the chosen mode, in the reader's namespace or in the ones `--netns*` selects. */
function pass$(options: Options, io: RunIo, resolver: ReturnType<typeof createSystemResolver>, state: RunState): Observable<Output> {
  const root = createProcRoot(options.procRoot);
  state.passes++;
  if (options.schema) return of(out(jsonSchemaText()));
  const uids: number[] = [];
  for (const name of options.filters.user ?? []) {
    const user = resolveUserFilter(name, () => readEtc("passwd"));
    if ("error" in user) return of(err(user.error), status(2));
    if (user.uid !== undefined) uids.push(user.uid);
  }
  state.userUid = options.filters.user === undefined ? undefined : uids;
  if (options.netns === undefined) return modePass$(options, io, resolver, root, state);
  if (options.mode === "sockets" && (options.format !== "text" || options.watch)) {
    // Records carry their namespace in fields: one listing (or one event stream) over every namespace.
    const ctx = {
      root, options, resolver, euid: io.euid, userUid: state.userUid, colour: colourOf(options, io), now: Date.now,
      netns: options.netns, netnsDir: options.netnsDir, flushed$: flushed$(io),
    };
    return options.watch ? watch$(ctx) : recordListing$(ctx);
  }
  return netnsRun$({
    root,
    selection: options.netns,
    // Text groups namespaces under header lines; records carry their namespace in fields instead.
    headers: options.netns.kind === "all" && options.format === "text",
    ...(options.netnsDir === undefined ? {} : { netnsDir: options.netnsDir }),
    pass: (target, programs) => {
      // Interface ioctls answer for the reader's namespace: -i reads the namespace's own /sys instead;
      // -g keeps netstat's reader state per namespace.
      const pids = [target.label.pid, ...[...target.pids].filter((p) => p !== target.label.pid)];
      return modePass$(options, io, resolver, target.root, state, programs, { inode: target.label.netns, pids }, target.label);
    },
  });
}

/** One pass of the chosen mode over one proc root (whose net/ may be another namespace's). */
function modePass$(
  options: Options,
  io: RunIo,
  resolver: ReturnType<typeof createSystemResolver>,
  root: ProcRoot,
  state: RunState,
  programs?: () => ProgramSource,
  netns?: { readonly inode: number; readonly pids: readonly number[] },
  label?: NetnsLabel,
): Observable<Output> {
  switch (options.mode) {
    case "sockets": {
      if (options.format !== "text" || options.watch) {
        const ctx = { root, options, resolver, euid: io.euid, userUid: state.userUid, colour: colourOf(options, io), now: Date.now, flushed$: flushed$(io) };
        return options.watch ? watch$(ctx) : recordListing$(ctx);
      }
      return socketListing$({
        root,
        options,
        resolver,
        euid: io.euid,
        userUid: state.userUid,
        groupState: netns === undefined ? state.groupState : groupStateOf(state, netns.inode),
        ...(programs === undefined ? {} : { programs }),
      });
    }
    // The other modes load their code on first use, which keeps the socket listing's start-up small.
    case "route":
    case "interfaces":
    case "statistics":
      if (options.format !== "text") {
        const ctx = { root, sys: createProcRoot("/sys"), options, resolver, colour: colourOf(options, io), now: Date.now, label, netns };
        return defer(() => import("./mode-records.ts")).pipe(mergeMap((m) => m.modeRecords$(ctx)));
      }
      return modeText$(options, resolver, root, state, netns);
    case "masquerade":
      // Kernels since 2.4 have no ip_masquerade file: every format reports that as netstat does, on stderr.
      return defer(() => import("./masquerade-text.ts")).pipe(mergeMap((m) => m.masquerade$(root)));
  }
}

/** One text pass of `-r`, `-i` or `-s`. */
function modeText$(
  options: Options,
  resolver: ReturnType<typeof createSystemResolver>,
  root: ProcRoot,
  state: RunState,
  netns?: { readonly inode: number; readonly pids: readonly number[] },
): Observable<Output> {
  switch (options.mode) {
    case "route":
      return defer(() => import("./route-text.ts")).pipe(mergeMap((m) => m.routes$({ root, options, resolver })));
    case "interfaces":
      return defer(() => import("./interfaces-text.ts")).pipe(
        mergeMap((m) =>
          m.interfaces$Text({ root, sys: createProcRoot("/sys"), options, first: state.passes === 1, ...(netns === undefined ? {} : { netns }) }),
        ),
      );
    case "statistics":
      return defer(() => import("./statistics-text.ts")).pipe(mergeMap((m) => m.statistics$({ root, options })));
    default:
      throw new TypeError(`Cannot show ${options.mode} as text here`);
  }
}

/** Every pass, repeated for `-c`, stopping at the first failing status. */
function program$(options: Options, io: RunIo): Observable<Output> {
  const resolver = createSystemResolver((name) => readEtc(name));
  const state: RunState = { groupState: { value: INITIAL_GROUP_STATE }, netnsGroupStates: new Map(), passes: 0, userUid: undefined };
  // Each pass starts once the last one's output is written: a slow reader slows the passes, never piles them up.
  const once = defer(() => concat(flushed$(io), pass$(options, io, resolver, state)));
  // netstat's -s ignores -c; every other mode repeats until a pass fails.
  const repeats = options.continuous && options.mode !== "statistics" && !options.schema;
  const repeated = repeats ? once.pipe(repeat({ delay: options.delaySeconds * 1000 })) : once;
  return repeated.pipe(takeWhile((o) => !(o.kind === "status" && o.code !== 0), true));
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
  const parsed = parseNetstatArgs(argv0, args, { selinuxEnabled: selinuxEnabled() });
  if (parsed.kind === "exit") return written(io, parsed.code, () => {
    io.stderr(parsed.stderr);
    io.stdout(parsed.stdout);
  });
  io.stderr(parsed.stderr);
  const badRoot = procRootProblem(parsed.options);
  if (badRoot !== undefined) return settled(io, reportFailure(io, badRoot));
  const badNetnsDir = netnsDirProblem(parsed.options);
  if (badNetnsDir !== undefined) return settled(io, reportFailure(io, badNetnsDir, 2));
  return new Promise<number>((resolve) => {
    let code = 0;
    let done = false;
    let watching = false;
    const stop = new Subject<void>();
    const end = (status: number): void => {
      removeSignal();
      resolve(status);
    };
    /** Ends the run once, after what is queued is written; a signal meanwhile ends it at once. */
    const finish = (status: number): void => {
      if (done) return;
      done = true;
      stop.next();
      void settled(io, status).then(end);
    };
    // One sentence, once; a status netstat gave already (a section that failed) stays.
    const fail = (error: unknown): void => {
      if (done) return;
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
      done = true;
      stop.next();
      end(0);
    });
    program$(parsed.options, io)
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

/** Writes with `write`, then resolves to `code` once the text is out, or to the status of what stopped it. */
function written(io: RunIo, code: number, write: () => void): Promise<number> {
  try {
    write();
  } catch (error) {
    return settled(io, reportFailure(io, error));
  }
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
