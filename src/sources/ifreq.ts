/**
 * Interface ioctls (SIOCGIFCONF, SIOCGIFFLAGS, ...) through libc, via
 * bun:ffi: what netstat's `-i` asks the kernel for that no file holds
 * (IPv4 addresses, alias labels such as `eth0:1`). Loaded on first use;
 * when libc cannot be loaded (e.g. a static musl build) the caller gets a
 * reason instead and falls back to /sys.
 */

import { FFIType, ptr, read } from "bun:ffi";
import { errnoName, openLibc } from "./_libc.ts";

/** What the flag, hardware, MTU, map and queue ioctls report for one name. */
export interface IfreqData {
  readonly flags: number;
  readonly mtu: number;
  readonly txQueueLength: number;
  readonly hardwareType: number;
  readonly hardwareAddress: readonly number[];
  readonly map: { memStart: bigint; memEnd: bigint; baseAddress: number; irq: number; dma: number };
  readonly ipv4?: { address: string; netmask: string; broadcast: string; destination: string };
}

/** An open AF_INET datagram socket for interface ioctls. */
export interface InterfaceIoctls {
  /** SIOCGIFCONF: the names with an IPv4 address, alias labels included. */
  names(): string[];
  /** Every ioctl netstat makes for one name; the errno name when SIOCGIFFLAGS fails. */
  fetch(name: string): IfreqData | { readonly errno: string };
  close(): void;
}

const SIOCGIFCONF = 0x8912;
const SIOCGIFFLAGS = 0x8913;
const SIOCGIFADDR = 0x8915;
const SIOCGIFDSTADDR = 0x8917;
const SIOCGIFBRDADDR = 0x8919;
const SIOCGIFNETMASK = 0x891b;
const SIOCGIFMTU = 0x8921;
const SIOCGIFHWADDR = 0x8927;
const SIOCGIFTXQLEN = 0x8942;
const SIOCGIFMAP = 0x8970;
const IFREQ_SIZE = 40;
const AF_INET = 2;
const SOCK_DGRAM = 2;

/** Opens the ioctl socket, or says why it cannot. */
export async function openInterfaceIoctls(): Promise<InterfaceIoctls | { readonly unavailable: string }> {
  const symbols = {
    socket: { args: [FFIType.i32, FFIType.i32, FFIType.i32], returns: FFIType.i32 },
    ioctl: { args: [FFIType.i32, FFIType.u64, FFIType.ptr], returns: FFIType.i32 },
    close: { args: [FFIType.i32], returns: FFIType.i32 },
    __errno_location: { args: [], returns: FFIType.ptr },
  } as const;
  const lib = openLibc(symbols);
  if ("unavailable" in lib) return lib;
  const libc = lib.symbols;
  const fd = libc.socket(AF_INET, SOCK_DGRAM, 0);
  const errno = (): string => {
    const where = libc.__errno_location();
    const code = where === null ? 0 : read.i32(where, 0);
    return errnoName(code);
  };
  if (fd < 0) return { unavailable: `socket(AF_INET) failed: ${errno()}` };

  const request = (name: string, code: number, family = 0): DataView | undefined => {
    const buf = new Uint8Array(IFREQ_SIZE);
    buf.set(Buffer.from(name.slice(0, 15), "latin1"));
    const view = new DataView(buf.buffer);
    if (family !== 0) view.setUint16(16, family, true);
    return libc.ioctl(fd, code, ptr(buf)) < 0 ? undefined : view;
  };
  const inet = (view: DataView | undefined): string =>
    view === undefined ? "0.0.0.0" : [20, 21, 22, 23].map((i) => view.getUint8(i)).join(".");

  return {
    names() {
      let count = 30;
      for (;;) {
        const buf = new Uint8Array(IFREQ_SIZE * count);
        const conf = new Uint8Array(16);
        const view = new DataView(conf.buffer);
        view.setInt32(0, buf.length, true);
        view.setBigUint64(8, BigInt(ptr(buf)), true);
        if (libc.ioctl(fd, SIOCGIFCONF, ptr(conf)) < 0) return [];
        const length = view.getInt32(0, true);
        if (length === buf.length) {
          count *= 2;
          continue;
        }
        const names: string[] = [];
        for (let at = 0; at + IFREQ_SIZE <= length; at += IFREQ_SIZE) {
          const raw = Buffer.from(buf.subarray(at, at + 16)).toString("latin1");
          names.push(raw.slice(0, raw.indexOf("\0") === -1 ? 16 : raw.indexOf("\0")));
        }
        return names;
      }
    },
    fetch(name) {
      const flags = request(name, SIOCGIFFLAGS);
      if (flags === undefined) return { errno: errno() };
      const hw = request(name, SIOCGIFHWADDR);
      const mtu = request(name, SIOCGIFMTU);
      const map = request(name, SIOCGIFMAP);
      const qlen = request(name, SIOCGIFTXQLEN);
      const address = request(name, SIOCGIFADDR, AF_INET);
      const data: IfreqData = {
        flags: flags.getInt16(16, true),
        // Without SIOCGIFHWADDR netstat zeroes the address but keeps the type the flags call left.
        hardwareType: (hw ?? flags).getInt16(16, true),
        hardwareAddress: hw === undefined ? new Array<number>(16).fill(0) : [...new Array(8).keys()].map((i) => hw.getUint8(18 + i)).concat(new Array<number>(8).fill(0)),
        mtu: mtu === undefined ? 0 : mtu.getInt32(16, true),
        txQueueLength: qlen === undefined ? -1 : qlen.getInt32(16, true),
        map:
          map === undefined
            ? { memStart: 0n, memEnd: 0n, baseAddress: 0, irq: 0, dma: 0 }
            : {
                memStart: map.getBigUint64(16, true),
                memEnd: map.getBigUint64(24, true),
                baseAddress: map.getUint16(32, true),
                irq: map.getUint8(34),
                dma: map.getUint8(35),
              },
      };
      if (address === undefined) return data;
      return {
        ...data,
        ipv4: {
          address: inet(address),
          destination: inet(request(name, SIOCGIFDSTADDR)),
          broadcast: inet(request(name, SIOCGIFBRDADDR)),
          netmask: inet(request(name, SIOCGIFNETMASK)),
        },
      };
    },
    close() {
      libc.close(fd);
      lib.close();
    },
  };
}
