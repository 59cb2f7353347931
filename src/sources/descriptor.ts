/**
 * What a file descriptor can take right now, asked of the kernel with poll(2),
 * and whether a standard descriptor was inherited or opened by the runtime.
 * Nothing here changes the descriptor (O_NONBLOCK belongs to an open file
 * description that the shell and other processes share).
 */
import { FFIType, ptr } from "bun:ffi";
import { readFileSync } from "node:fs";
import { openLibc } from "./_libc.ts";

const POLLOUT = 0x004;
const POLLERR = 0x008;
const POLLHUP = 0x010;
const POLLNVAL = 0x020;

const SYMBOLS = {
  poll: { args: [FFIType.ptr, FFIType.u64, FFIType.i32], returns: FFIType.i32 },
} as const;

type Poll = (timeoutMs: number, fd: number) => boolean;

let pollOnce: Poll | undefined;

function loadPoll(): Poll {
  const lib = openLibc(SYMBOLS);
  // Without libc the descriptor is taken as writable: the write then blocks as it always would.
  if ("unavailable" in lib) return () => true;
  // struct pollfd { int fd; short events; short revents; }
  const pollfd = new Uint8Array(8);
  const view = new DataView(pollfd.buffer);
  const at = ptr(pollfd);
  return (timeoutMs, fd) => {
    view.setInt32(0, fd, true);
    view.setInt16(4, POLLOUT, true);
    view.setInt16(6, 0, true);
    // A signal ends the wait early (EINTR, -1): the caller then lets its handler run.
    if (lib.symbols.poll(at, 1, timeoutMs) <= 0) return false;
    // An error or a hung-up reader counts as ready: the write that follows says which.
    return (view.getInt16(6, true) & (POLLOUT | POLLERR | POLLHUP | POLLNVAL)) !== 0;
  };
}

/**
 * Whether a write to `fd` would not block now, waiting up to `timeoutMs` (0: just ask) for it.
 * On a pipe, ready means a write of up to PIPE_BUF bytes goes through whole without blocking.
 */
export function writableWithin(fd: number, timeoutMs: number): boolean {
  pollOnce ??= loadPoll();
  return pollOnce(timeoutMs, fd);
}

/** Bytes a pipe takes in one write without splitting it or interleaving another writer's bytes. */
export const PIPE_BUF = 4096;

const O_CLOEXEC = 0o2000000;

/**
 * Whether standard descriptor `fd` was closed when the program started. The runtime then opens
 * /dev/null in its place, close-on-exec; a descriptor inherited through exec(2) never is.
 */
export function closedAtStart(fd: number): boolean {
  try {
    const flags = /^flags:\s*([0-7]+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, "latin1"))?.[1];
    return flags !== undefined && (Number.parseInt(flags, 8) & O_CLOEXEC) !== 0;
  } catch {
    // Without /proc nothing can be told; the writes will show what stdout takes.
    return false;
  }
}
