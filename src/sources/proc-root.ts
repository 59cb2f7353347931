/**
 * All file-system access goes through a proc root, so that a host /proc
 * mounted elsewhere, or a captured tree, can stand in for /proc.
 */
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, statSync } from "node:fs";
import { osPath, type Bytes } from "../model/bytes.ts";

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

/** The errno name a failed file operation carries (EIO when it carries none). */
export function errnoOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
    ? error.code
    : "EIO";
}

/** Runs `make` with the calling thread in a network namespace, or says in one sentence why it cannot. */
export type Enter = <T>(make: () => T) => T | { readonly unavailable: string };

/**
 * Read access to one /proc tree. Paths, names and text are byte strings (model/bytes.ts):
 * text is read byte for byte (latin1), so no byte is lost.
 */
export interface ProcRoot {
  /** The directory standing for /proc. */
  readonly path: string;
  /**
   * Whether this is the reader's own /proc, whose `net/` (a link to `self/net`) shows the
   * reader's own network namespace: the one a netlink socket it opens would see.
   */
  readonly ownNetns: boolean;
  /**
   * For another namespace's root: runs `make` inside that namespace, for the sockets that must be
   * made there (netlink sees only its maker's namespace). Absent when it cannot be entered.
   */
  readonly enter?: Enter;
  /** The path netstat would name for a file, e.g. `/proc/net/tcp`. */
  display(relative: string): string;
  /** Opens a file for reading and closes it again, or throws {@linkcode ProcReadError}. */
  check(relative: string): void;
  /** Reads a whole file, or throws {@linkcode ProcReadError}. */
  readText(relative: string): string;
  /**
   * Reads a /proc/net table whose records (lines) are at most `maxRecord` bytes, like
   * {@linkcode readText} but without the final empty read when a short read already
   * shows the end (see {@linkcode endOfTable}), or throws {@linkcode ProcReadError}.
   */
  readTable(relative: string, maxRecord: number): string;
  /** Reads at most `max` bytes from the start of a file, or throws {@linkcode ProcReadError}. */
  readHead(relative: string, max: number): string;
  /**
   * Opens a table now (or throws {@linkcode ProcReadError}) and reads it lazily, in chunks of
   * about `size` bytes, as the result is iterated; a read error is thrown as ProcReadError.
   * Like {@linkcode readTable}, it stops at a short read that shows the end.
   */
  readChunks(relative: string, size: number, maxRecord: number): Iterable<string>;
  /** Lists a directory, or throws {@linkcode ProcReadError}. */
  list(relative: string): string[];
  /** Reads a symbolic link, or throws {@linkcode ProcReadError}. */
  readLink(relative: string): string;
}

/** The smallest buffer the kernel's seq_file uses for one read: one page, at least 4 KiB. */
const SEQ_PAGE = 4096;
const TABLE_READ = 256 * 1024;

/**
 * Whether a read that returned `n` bytes (of far more asked for) ended the table. A /proc
 * seq_file read returns as many whole records as fit in its page-sized buffer, and comes
 * back short before the end only when the next record did not fit; so a read leaving room
 * for a whole record was the last. Regular files (captured trees) come back short only at
 * the end. Reading on to the empty read would make the kernel walk its whole socket hash
 * table once more, which on a big machine costs milliseconds per file.
 */
export function endOfTable(n: number, maxRecord: number): boolean {
  return n === 0 || n + maxRecord <= SEQ_PAGE;
}

function readTableFile(file: Bytes, maxRecord: number): string {
  const fd = openSync(osPath(file), "r");
  try {
    let buf = Buffer.allocUnsafe(TABLE_READ);
    let length = 0;
    for (;;) {
      if (buf.length - length < TABLE_READ / 4) {
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, length);
        buf = bigger;
      }
      const n = readSync(fd, buf, length, buf.length - length, null);
      length += n;
      if (endOfTable(n, maxRecord)) break;
    }
    return buf.toString("latin1", 0, length);
  } finally {
    closeSync(fd);
  }
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
    ownNetns: base === "/proc",
    display: full,
    check: (relative) => guard(relative, (file) => closeSync(openSync(osPath(file), "r"))),
    readText: (relative) => guard(relative, (file) => readFileSync(osPath(file), "latin1")),
    readTable: (relative, maxRecord) => guard(relative, (file) => readTableFile(file, maxRecord)),
    readHead: (relative, max) =>
      guard(relative, (file) => {
        const fd = openSync(osPath(file), "r");
        try {
          const buf = Buffer.alloc(max);
          const n = readSync(fd, buf, 0, max, null);
          return buf.toString("latin1", 0, n);
        } finally {
          closeSync(fd);
        }
      }),
    readChunks(relative, size, maxRecord) {
      const fd = guard(relative, (file) => openSync(osPath(file), "r"));
      const file = full(relative);
      const capacity = Math.max(size, SEQ_PAGE * 2);
      return (function* chunks(): Generator<string> {
        try {
          const buf = Buffer.allocUnsafe(capacity);
          let length = 0;
          for (;;) {
            let n: number;
            try {
              n = readSync(fd, buf, length, capacity - length, null);
            } catch (error) {
              throw new ProcReadError(file, errnoOf(error), { cause: error });
            }
            length += n;
            const end = endOfTable(n, maxRecord);
            // Every read must have room for a full page, or a short read could not tell the end.
            if (end || capacity - length < SEQ_PAGE) {
              if (length > 0) yield buf.toString("latin1", 0, length);
              length = 0;
            }
            if (end) return;
          }
        } finally {
          closeSync(fd);
        }
      })();
    },

    list: (relative) => guard(relative, (dir) => readdirSync(osPath(dir), { encoding: "latin1" })),
    readLink: (relative) => guard(relative, (link) => readlinkSync(osPath(link), { encoding: "latin1" })),
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
      return statSync(osPath(dir)).isDirectory();
    } catch (error) {
      if (dir !== root.path) return false;
      throw new ProcReadError(dir, errnoOf(error), { cause: error });
    }
  };
  if (!isDir(root.path)) throw new ProcReadError(root.path, "ENOTDIR");
  if (isDir(`${root.path}/net`)) return;
  let entries: string[];
  try {
    entries = readdirSync(osPath(root.path), { encoding: "latin1" });
  } catch (error) {
    throw new ProcReadError(root.path, errnoOf(error), { cause: error });
  }
  if (!entries.some((name) => /^[0-9]+$/.test(name))) throw new ProcReadError(`${root.path}/net`, "ENOENT");
}
