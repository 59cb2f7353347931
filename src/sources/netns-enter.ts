/**
 * Sockets made inside another network namespace. A socket belongs to the
 * namespace its maker was in when it was made, for its whole life, and
 * setns(2) moves only the calling thread: so the thread is switched into the
 * namespace, the socket made, and the thread switched back, all in one
 * synchronous call during which nothing else runs on it. Entering a network
 * namespace needs CAP_SYS_ADMIN over it (root): once the kernel refuses, no
 * namespace is tried again.
 */
import { FFIType, read } from "bun:ffi";
import { closeSync, fstatSync, openSync } from "node:fs";
import { osPath } from "../model/bytes.ts";
import { errnoName, openLibc } from "./_libc.ts";
import { errnoOf, ProcReadError } from "./proc-root.ts";

const CLONE_NEWNET = 0x40000000;
const EPERM = 1;
const REFUSED = "entering another network namespace needs CAP_SYS_ADMIN (root)";

const SYMBOLS = {
  setns: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
} as const;

type Libc = Exclude<ReturnType<typeof openLibc<typeof SYMBOLS>>, { readonly unavailable: string }>["symbols"];

// Loaded on the first entry; a string once it cannot be.
let libc: Libc | string | undefined;
// The calling thread's own namespace, held open for the way back.
let home: number | undefined;
// Set once the kernel refused to let this process enter a namespace.
let refused: string | undefined;

function loadLibc(): Libc | string {
  if (libc === undefined) {
    const lib = openLibc(SYMBOLS);
    libc = "unavailable" in lib ? lib.unavailable : lib.symbols;
  }
  return libc;
}

function lastErrno(c: Libc): number {
  const where = c.__errno_location();
  return where === null ? 0 : read.i32(where, 0);
}

/**
 * Enters the network namespace of the file at `path` (a `/proc/PID/ns/net`), which must be the
 * namespace `netns` (its nsfs inode), runs `make` there and comes back. Throws ProcReadError
 * when the file cannot be opened or is now another namespace's (the process exited or moved).
 */
export function withinNetns<T>(path: string, netns: number, make: () => T): T | { readonly unavailable: string } {
  if (refused !== undefined) return { unavailable: refused };
  const c = loadLibc();
  if (typeof c === "string") return { unavailable: `namespaces cannot be entered: ${c}` };
  let fd: number;
  try {
    fd = openSync(osPath(path), "r");
  } catch (error) {
    const code = errnoOf(error);
    // Another user's namespace file opens only for whoever may trace its process.
    if (code === "EACCES" || code === "EPERM") return { unavailable: (refused = REFUSED) };
    throw new ProcReadError(path, code, { cause: error });
  }
  try {
    if (fstatSync(fd).ino !== netns) throw new ProcReadError(path, "ESRCH");
    home ??= openSync("/proc/thread-self/ns/net", "r");
    if (c.setns(fd, CLONE_NEWNET) !== 0) {
      const errno = lastErrno(c);
      if (errno !== EPERM) return { unavailable: `entering a network namespace fails with ${errnoName(errno)}` };
      return { unavailable: (refused = REFUSED) };
    }
    try {
      return make();
    } finally {
      // Back home, or every later socket of this thread would be the other namespace's.
      if (c.setns(home, CLONE_NEWNET) !== 0) throw new Error(`netstat-stream could not return to its own network namespace (${errnoName(lastErrno(c))})`);
    }
  } finally {
    closeSync(fd);
  }
}
