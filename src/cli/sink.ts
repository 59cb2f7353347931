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
  return (text) => {
    if (text.length === 0) return;
    const buf = Buffer.from(text, "latin1");
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
