/**
 * Writing to stdout and stderr: byte-exact (latin1, one byte per character),
 * in order, never blocking the event loop for long, and never leaving half a
 * line behind when the run is stopped.
 *
 * On a pipe, a socket or a terminal every write is at most PIPE_BUF bytes of
 * whole lines and is made only once poll(2) says it will not block, so a pipe
 * takes it whole: whatever stops the run, the reader has complete lines. When
 * the reader is slow the text waits in a queue while the event loop stays
 * free (signals are handled at once, nothing spins); the run waits for the
 * queue to empty before it reads more (`flushed`). The descriptor's flags are
 * never changed, so an O_NONBLOCK stdout is waited on the same way.
 */
import { fstatSync, writeSync } from "node:fs";
import { PIPE_BUF, writableWithin } from "../sources/descriptor.ts";
import { strerror } from "../format/strerror.ts";
import { isTerminal } from "./terminal.ts";

/** Raised when the reader of stdout has gone (EPIPE); the run then ends quietly with status 0, as `| head -1` wants. */
export class ReaderGoneError extends Error {
  override readonly name = "ReaderGoneError";
}

/** Raised when stdout cannot take the output (a full disk, a closed descriptor): one sentence and status 1. */
export class WriteError extends Error {
  override readonly name = "WriteError";
  constructor(readonly code: string, options?: ErrorOptions) {
    super(`Cannot write to standard output: ${strerror(code)}`, options);
  }
}

/** A byte sink for text holding one byte per character. */
export type Sink = (text: string) => void;

/** stdout and stderr sharing one queue, so that their texts keep their order when both go to one pipe. */
export interface Streams {
  readonly stdout: Sink;
  readonly stderr: Sink;
  /**
   * Resolves once every text given so far is written; rejects with the ReaderGoneError or
   * WriteError that stopped stdout (stdout's later texts are dropped; stderr's are still written).
   */
  readonly flushed: () => Promise<void>;
  /** How many characters (bytes) wait in the queue for a slow reader. */
  readonly queued: () => number;
}

/** How long one wait for a slow reader may keep the event loop: a signal ends it sooner. */
const WAIT_SLICE_MS = 200;

interface Entry {
  readonly fd: number;
  readonly text: string;
}

function errnoOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/** Whether writes to `fd` may block on a reader (a pipe, socket or terminal), rather than on a disk. */
function mayBlock(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() || isTerminal(fd);
  } catch {
    return false;
  }
}

/** Where the next write of `buf` from `offset` ends: whole lines of at most PIPE_BUF bytes, when there are any. */
function chunkEnd(buf: Buffer, offset: number): number {
  if (buf.length - offset <= PIPE_BUF) return buf.length;
  const newline = buf.lastIndexOf(10, offset + PIPE_BUF - 1);
  // A line longer than PIPE_BUF cannot go in one piece; it goes PIPE_BUF bytes at a time.
  return newline >= offset ? newline + 1 : offset + PIPE_BUF;
}

/**
 * Streams writing to descriptors `stdout` and `stderr`. `stdoutFailure` starts stdout failed
 * (it was closed when the program started): its texts are then dropped and `flushed` rejects.
 */
export function fdStreams(stdout: number, stderr: number, stdoutFailure?: Error): Streams {
  const blocking = new Map([stdout, stderr].map((fd) => [fd, mayBlock(fd)]));
  const queue: Entry[] = [];
  // One buffer reused for every text (grown to the largest): a fresh buffer per text
  // would fault in new pages each time.
  let scratch = Buffer.allocUnsafe(0);
  let head: { readonly fd: number; readonly buf: Buffer; offset: number } | undefined;
  let waiting = false;
  let failure = stdoutFailure;
  let waiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  // Characters in `queue`, the head's rest not included.
  let inQueue = 0;

  const fail = (error: Error): void => {
    failure = error;
    if (head?.fd === stdout) head = undefined;
    for (let i = queue.length - 1; i >= 0; i--) if (queue[i]!.fd === stdout) queue.splice(i, 1);
    inQueue = queue.reduce((n, e) => n + e.text.length, 0);
  };

  /** Writes some of the head; false when the descriptor cannot take more now. */
  const step = (current: NonNullable<typeof head>): boolean => {
    const mayWait = blocking.get(current.fd) === true;
    if (mayWait && !writableWithin(current.fd, 0)) return false;
    const end = mayWait ? chunkEnd(current.buf, current.offset) : current.buf.length;
    try {
      current.offset += writeSync(current.fd, current.buf, current.offset, end - current.offset);
    } catch (error) {
      const code = errnoOf(error);
      if (code === "EAGAIN") return false;
      if (code === "EINTR") return true;
      if (current.fd !== stdout) head = undefined; // stderr cannot tell anyone anything; the run goes on
      else fail(code === "EPIPE" ? new ReaderGoneError("stdout was closed", { cause: error }) : new WriteError(code ?? "EIO", { cause: error }));
    }
    return true;
  };

  /** Writes what can be written without waiting; starts a wait when the reader is slow. */
  const pump = (): void => {
    for (;;) {
      if (head !== undefined && head.offset >= head.buf.length) head = undefined;
      if (head === undefined) {
        const next = queue.shift();
        if (next === undefined) break;
        inQueue -= next.text.length;
        if (scratch.length < next.text.length) scratch = Buffer.allocUnsafe(Math.max(next.text.length, 2 * scratch.length));
        head = { fd: next.fd, buf: scratch.subarray(0, scratch.write(next.text, 0, "latin1")), offset: 0 };
      }
      if (!step(head)) {
        waiting = true;
        void waitThenPump(head.fd);
        return;
      }
    }
    const settled = waiters;
    waiters = [];
    for (const w of settled) if (failure === undefined) w.resolve();
    else w.reject(failure);
  };

  const waitThenPump = async (fd: number): Promise<void> => {
    do {
      // Back to the event loop first, so that a signal that ended the last wait is handled.
      await new Promise((resolve) => setTimeout(resolve, 0));
    } while (!writableWithin(fd, WAIT_SLICE_MS));
    waiting = false;
    pump();
  };

  const sink =
    (fd: number): Sink =>
    (text) => {
      // Nothing to write cannot fail.
      if (text.length === 0) return;
      if (fd === stdout && failure !== undefined) throw failure;
      queue.push({ fd, text });
      inQueue += text.length;
      if (!waiting) pump();
      if (fd === stdout && failure !== undefined) throw failure;
    };

  return {
    stdout: sink(stdout),
    stderr: sink(stderr),
    queued: () => inQueue + (head === undefined ? 0 : head.buf.length - head.offset),
    flushed: () =>
      new Promise<void>((resolve, reject) => {
        if (head === undefined && queue.length === 0) {
          if (failure === undefined) resolve();
          else reject(failure);
        } else waiters.push({ resolve, reject });
      }),
  };
}
