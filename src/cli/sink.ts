/**
 * Writing to stdout and stderr: synchronous, byte-exact (latin1), and quiet
 * when the reader has gone away (EPIPE), as `| head -1` does.
 */
import { writeSync } from "node:fs";

/** Raised when the reader of a stream has gone; the run then ends quietly with status 0. */
export class ReaderGoneError extends Error {
  override readonly name = "ReaderGoneError";
}

/** A byte sink for text holding one byte per character. */
export type Sink = (text: string) => void;

function errnoOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : undefined;
}

/** A sink writing to a file descriptor. */
export function fdSink(fd: number): Sink {
  // One buffer reused for every write (grown to the largest text): a fresh buffer per write
  // would fault in new pages each time.
  let scratch = Buffer.allocUnsafe(0);
  return (text) => {
    if (text.length === 0) return;
    if (scratch.length < text.length) scratch = Buffer.allocUnsafe(Math.max(text.length, 2 * scratch.length));
    const length = scratch.write(text, 0, "latin1");
    const buf = scratch.subarray(0, length);
    let offset = 0;
    while (offset < buf.length) {
      try {
        offset += writeSync(fd, buf, offset, buf.length - offset);
      } catch (error) {
        const code = errnoOf(error);
        if (code === "EAGAIN") {
          Bun.sleepSync(1);
          continue;
        }
        if (code === "EPIPE") throw new ReaderGoneError("stdout was closed", { cause: error });
        throw error;
      }
    }
  };
}
