/** glibc's `strerror` sentences for the errno names that file reads and writes (and the exporter's listen) can raise. */
const MESSAGES: Readonly<Record<string, string>> = {
  EPERM: "Operation not permitted",
  ENOENT: "No such file or directory",
  ESRCH: "No such process",
  EIO: "Input/output error",
  ENXIO: "No such device or address",
  EACCES: "Permission denied",
  EBUSY: "Device or resource busy",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  ENODEV: "No such device",
  EINVAL: "Invalid argument",
  EOPNOTSUPP: "Operation not supported",
  ENFILE: "Too many open files in system",
  EMFILE: "Too many open files",
  ENOSPC: "No space left on device",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  ENOMEM: "Cannot allocate memory",
  EAGAIN: "Resource temporarily unavailable",
  EBADF: "Bad file descriptor",
  EFBIG: "File too large",
  EDQUOT: "Disk quota exceeded",
  EROFS: "Read-only file system",
  EADDRINUSE: "Address already in use",
  EADDRNOTAVAIL: "Cannot assign requested address",
  EAFNOSUPPORT: "Address family not supported by protocol",
};

/** The sentence for an errno name, or the name itself when unknown. */
export function strerror(code: string): string {
  return MESSAGES[code] ?? code;
}
