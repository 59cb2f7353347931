/**
 * All file-system access goes through a proc root, so that a host /proc
 * mounted elsewhere, or a captured tree, can stand in for /proc.
 */
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from "node:fs";

/** An error reading a file under the proc root; `code` is the errno name (ENOENT, EACCES, ...). */
export class ProcReadError extends Error {
  override readonly name = "ProcReadError";
  readonly path: string;
  readonly code: string;
  constructor(path: string, code: string, options?: ErrorOptions) {
    super(`Cannot read ${path}: ${code}`, options);
    this.path = path;
    this.code = code;
  }
}

function errnoOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : "EIO";
}

/** Read access to one /proc tree. Text is decoded byte for byte (latin1), so no byte is lost. */
export interface ProcRoot {
  /** The directory standing for /proc. */
  readonly path: string;
  /** The path netstat would name for a file, e.g. `/proc/net/tcp`. */
  display(relative: string): string;
  /** Reads a whole file, or throws {@linkcode ProcReadError}. */
  readText(relative: string): string;
  /** Reads at most `max` bytes from the start of a file, or throws {@linkcode ProcReadError}. */
  readHead(relative: string, max: number): string;
  /**
   * Opens a file now (or throws {@linkcode ProcReadError}) and reads it lazily in chunks of
   * `size` bytes as the result is iterated; a read error is thrown as ProcReadError.
   */
  readChunks(relative: string, size: number): Iterable<string>;
  /** Lists a directory, or throws {@linkcode ProcReadError}. */
  list(relative: string): string[];
  /** Reads a symbolic link, or throws {@linkcode ProcReadError}. */
  readLink(relative: string): string;
}

/** Creates a proc root at `path` (default `/proc`). */
export function createProcRoot(path = "/proc"): ProcRoot {
  const base = path.endsWith("/") && path.length > 1 ? path.slice(0, -1) : path;
  const full = (relative: string): string => `${base}/${relative}`;
  const guard = <T>(relative: string, read: (file: string) => T): T => {
    const file = full(relative);
    try {
      return read(file);
    } catch (error) {
      throw new ProcReadError(file, errnoOf(error), { cause: error });
    }
  };
  return {
    path: base,
    display: full,
    readText: (relative) => guard(relative, (file) => readFileSync(file, "latin1")),
    readHead: (relative, max) =>
      guard(relative, (file) => {
        const fd = openSync(file, "r");
        try {
          const buf = Buffer.alloc(max);
          const n = readSync(fd, buf, 0, max, null);
          return buf.toString("latin1", 0, n);
        } finally {
          closeSync(fd);
        }
      }),
    readChunks(relative, size) {
      const fd = guard(relative, (file) => openSync(file, "r"));
      const file = full(relative);
      return (function* chunks(): Generator<string> {
        try {
          const buf = Buffer.alloc(size);
          for (;;) {
            let n: number;
            try {
              n = readSync(fd, buf, 0, size, null);
            } catch (error) {
              throw new ProcReadError(file, errnoOf(error), { cause: error });
            }
            if (n === 0) return;
            yield buf.toString("latin1", 0, n);
          }
        } finally {
          closeSync(fd);
        }
      })();
    },
    list: (relative) => guard(relative, (dir) => readdirSync(dir, { encoding: "latin1" })),
    readLink: (relative) => guard(relative, (link) => readlinkSync(link, { encoding: "latin1" })),
  };
}

/**
 * Checks that a proc root looks like /proc: a directory holding a `net` directory, or at least
 * process directories (whose `PID/net` the namespace options read).
 * Throws {@linkcode ProcReadError} naming the path that failed (ENOENT, ENOTDIR, EACCES, ...).
 */
export function checkProcRoot(root: ProcRoot): void {
  const isDir = (dir: string): boolean => {
    try {
      return statSync(dir).isDirectory();
    } catch (error) {
      if (dir !== root.path) return false;
      throw new ProcReadError(dir, errnoOf(error), { cause: error });
    }
  };
  if (!isDir(root.path)) throw new ProcReadError(root.path, "ENOTDIR");
  if (isDir(`${root.path}/net`)) return;
  let entries: string[];
  try {
    entries = readdirSync(root.path);
  } catch (error) {
    throw new ProcReadError(root.path, errnoOf(error), { cause: error });
  }
  if (!entries.some((name) => /^[0-9]+$/.test(name))) throw new ProcReadError(`${root.path}/net`, "ENOENT");
}
