/**
 * Writing a file whole or not at all, as node_exporter's textfile collector
 * wants its `*.prom` files: the text goes to a temporary file in the same
 * directory (a dot name that does not end in `.prom`, so the collector never
 * reads it half-written), is flushed to disk, then renamed over the target.
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { osPath, type Bytes } from "../model/bytes.ts";

/** A file that could not be written: its path and the errno code. */
export class TextfileWriteError extends Error {
  override readonly name = "TextfileWriteError";
  constructor(
    readonly path: Bytes,
    readonly code: string,
    options?: ErrorOptions,
  ) {
    super(`Cannot write ${path}: ${code}`, options);
  }
}

let written = 0;

/** The temporary file beside `path` that one write uses. */
export function temporaryPathOf(path: Bytes, pid: number): Bytes {
  return join(dirname(path), `.${basename(path)}.${pid}.${written}.tmp`);
}

/** Replaces `path` with `text` (a byte string) atomically; throws {@linkcode TextfileWriteError}. */
export function writeFileAtomically(path: Bytes, text: string, pid: number): void {
  written++;
  const temporary = temporaryPathOf(path, pid);
  let fd: number | undefined;
  try {
    fd = openSync(osPath(temporary), "wx", 0o644);
    const bytes = Buffer.from(text, "latin1");
    let at = 0;
    while (at < bytes.length) at += writeSync(fd, bytes, at, bytes.length - at);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(osPath(temporary), osPath(path));
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(osPath(temporary));
    } catch {
      // Nothing was created, or it is gone already: the error that matters is the first.
    }
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "EIO";
    throw new TextfileWriteError(path, code, { cause: error });
  }
}
