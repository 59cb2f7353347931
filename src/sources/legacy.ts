/**
 * The legacy-family socket tables under a proc root, read by plain calls. netstat
 * opens these files with stdio: a directory in a file's place opens fine and
 * reads as empty (kernels since 2.6 make /proc/net/x25 a directory), which is
 * what these reads return for it.
 */
import type { Ax25Socket, NetromSocket, RoseSocket, X25Socket } from "../model/legacy.ts";
import { parseNetAx25, type Ax25Layout } from "../proc/net-ax25.ts";
import { parseNetIpx, type IpxTable } from "../proc/net-ipx.ts";
import { parseNetNetrom } from "../proc/net-netrom.ts";
import { parseNetRose } from "../proc/net-rose.ts";
import { parseNetX25 } from "../proc/net-x25.ts";
import type { Ordered } from "../proc/issue.ts";
import { ProcReadError, type ProcRoot } from "./proc-root.ts";

/** The files netstat reads, relative to the proc root. */
export const LEGACY_FILES = {
  ax25: "net/ax25",
  netrom: "net/nr",
  rose: "net/rose",
  x25: "net/x25",
  ipx: "net/ipx/socket",
  ipxOld: "net/ipx",
} as const;

/** Reads a file as stdio would: a directory reads as empty text. */
function readStdio(root: ProcRoot, file: string): string {
  try {
    return root.readText(file);
  } catch (error) {
    if (error instanceof ProcReadError && error.code === "EISDIR") return "";
    throw error;
  }
}

/** /proc/net/ax25 with the layout netstat chose; throws ProcReadError when it cannot be opened. */
export function readAx25Table(root: ProcRoot): Ordered<Ax25Socket> & { readonly layout: Ax25Layout } {
  return parseNetAx25(readStdio(root, LEGACY_FILES.ax25));
}

/** /proc/net/nr; throws ProcReadError when it cannot be opened. */
export function readNetromTable(root: ProcRoot): Ordered<NetromSocket> {
  return parseNetNetrom(readStdio(root, LEGACY_FILES.netrom));
}

/** /proc/net/rose; throws ProcReadError when it cannot be opened. */
export function readRoseTable(root: ProcRoot): Ordered<RoseSocket> {
  return parseNetRose(readStdio(root, LEGACY_FILES.rose));
}

/** /proc/net/x25; throws ProcReadError when it cannot be opened. */
export function readX25Table(root: ProcRoot): Ordered<X25Socket> {
  return parseNetX25(readStdio(root, LEGACY_FILES.x25));
}

/**
 * The IPX socket table, as netstat finds it: /proc/net/ipx/socket, or when that
 * is missing, /proc/net/ipx if it is a regular file (2.2 kernels). A directory
 * there fails with the first file's ENOENT; any other failure of either file
 * throws that file's ProcReadError.
 */
export function readIpxTable(root: ProcRoot): IpxTable {
  let text: string;
  try {
    text = readStdio(root, LEGACY_FILES.ipx);
  } catch (error) {
    if (!(error instanceof ProcReadError) || error.code !== "ENOENT") throw error;
    try {
      text = root.readText(LEGACY_FILES.ipxOld);
    } catch (old) {
      if (old instanceof ProcReadError && old.code === "EISDIR") throw error;
      throw old;
    }
  }
  return parseNetIpx(text);
}
