/**
 * The C library through bun:ffi, for the few kernel interfaces no file
 * offers (interface ioctls, socket-diag netlink). glibc and musl name their
 * libc differently; the first that loads wins.
 */
import { dlopen, type FFIFunction, type Library } from "bun:ffi";

const LIBC_NAMES = ["libc.so.6", "libc.musl-x86_64.so.1", "libc.musl-aarch64.so.1", "libc.so"];

/** Loads libc with `symbols`, or says why it cannot. */
export function openLibc<T extends Record<string, FFIFunction>>(symbols: T): Library<T> | { readonly unavailable: string } {
  const reasons: string[] = [];
  for (const name of LIBC_NAMES) {
    try {
      return dlopen(name, symbols);
    } catch (error) {
      reasons.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { unavailable: `libc cannot be loaded (${reasons.join("; ")})` };
}

/** Names of the errnos the kernel interfaces read through libc give (x86-64 and arm64 share them). */
const ERRNO_NAMES: Readonly<Record<number, string>> = {
  1: "EPERM", 2: "ENOENT", 5: "EIO", 6: "ENXIO", 9: "EBADF", 12: "ENOMEM", 13: "EACCES", 19: "ENODEV", 22: "EINVAL", 24: "EMFILE",
  74: "EBADMSG", 93: "EPROTONOSUPPORT", 95: "EOPNOTSUPP", 97: "EAFNOSUPPORT", 99: "EADDRNOTAVAIL", 105: "ENOBUFS",
};

/** An errno's name (`EACCES`), or `errno N` for one without a name here. */
export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `errno ${errno}`;
}
