/**
 * What kind of namespace a namespace file is (`net`, `mnt`, `pid`, ...): from the text of a
 * /proc/PID/ns/TYPE link (`mnt:[4026531841]`), else from the NS_GET_NSTYPE ioctl on the file
 * (how a bind-mounted file such as /run/netns/NAME says it), through libc.
 */
import { closeSync, openSync, readlinkSync } from "node:fs";
import { FFIType } from "bun:ffi";
import { osPath, type Bytes } from "../model/bytes.ts";
import { openLibc } from "./_libc.ts";

/** NS_GET_NSTYPE: `_IO(0xb7, 0x3)` in linux/nsfs.h (Linux 4.11). */
const NS_GET_NSTYPE = 0xb703;

/** The CLONE_NEW* flag NS_GET_NSTYPE answers → the type as /proc/PID/ns names it. */
const TYPES: Readonly<Record<number, string>> = {
  0x00000080: "time",
  0x00020000: "mnt",
  0x02000000: "cgroup",
  0x04000000: "uts",
  0x08000000: "ipc",
  0x10000000: "user",
  0x20000000: "pid",
  0x40000000: "net",
};

const NS_LINK = /^([a-z_]+):\[[0-9]+\]$/;

function typeFromLink(path: Bytes): string | undefined {
  try {
    return NS_LINK.exec(readlinkSync(osPath(path), { encoding: "latin1" }))?.[1];
  } catch {
    // Not a link (a bind-mounted file): the ioctl decides.
    return undefined;
  }
}

function typeFromIoctl(path: Bytes): string | undefined {
  const lib = openLibc({ ioctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64], returns: FFIType.i32 } });
  if ("unavailable" in lib) return undefined;
  try {
    const fd = openSync(osPath(path), "r");
    try {
      return TYPES[lib.symbols.ioctl(fd, NS_GET_NSTYPE, 0)];
    } finally {
      closeSync(fd);
    }
  } catch {
    // Cannot open it, or a kernel before 4.11: the type stays unknown.
    return undefined;
  } finally {
    lib.close();
  }
}

/** The type of the namespace file at `path` (a file on nsfs), or undefined when it cannot be told. */
export function namespaceTypeOf(path: Bytes): string | undefined {
  return typeFromLink(path) ?? typeFromIoctl(path);
}
