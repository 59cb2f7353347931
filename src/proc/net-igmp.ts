/**
 * Parser for /proc/net/igmp and /proc/net/igmp6, as netstat's `-g` reads
 * them: line by line through one reader whose state outlives the file.
 *
 * - igmp: a header starting `Idx`, then a device line (`1\tlo        :  ...`)
 *   followed by TAB-indented group lines (`\t\t\t\t010000E0     1 ...`).
 * - igmp6: no header; `idx device group-hex users ...` per line.
 *
 * netstat keeps the reader's mode, the current device and the last IPv6
 * address in static storage. Once an igmp6 file has been read, later igmp
 * lines are read as igmp6 lines too (visible with `-g -c`), so the state is
 * explicit here and threaded through successive files.
 */
import type { Group } from "../model/group.ts";
import { compileScan, scan } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import { formatIpv4, formatIpv6 } from "./hex-address.ts";
import type { LineIssue } from "./issue.ts";

/** The reader state netstat keeps between lines, files and `-c` passes. */
export interface GroupReaderState {
  readonly igmp6: boolean;
  readonly idxFormat: boolean;
  /** netstat's 16-byte device buffer, NUL bytes included. */
  readonly device: string;
  /** The last IPv6 group's 16 bytes, as netstat's stack buffer still holds them. */
  readonly lastIn6: readonly number[];
}

/** The state at the start of a run. */
export const INITIAL_GROUP_STATE: GroupReaderState = {
  igmp6: false,
  idxFormat: false,
  device: "\0".repeat(16),
  lastIn6: new Array<number>(16).fill(0),
};

/** A bogus line, with the warning family (`igmp` or `igmp6`) netstat names. */
export interface GroupIssue extends LineIssue {
  readonly reader: "igmp" | "igmp6";
}

/** The result of reading one file. */
export interface GroupRead {
  readonly records: readonly Group[];
  readonly issues: readonly GroupIssue[];
  readonly state: GroupReaderState;
}

const IGMP6_LINE = compileScan("%d %15s %64[0-9A-Fa-f] %d");
const IGMP_GROUP = compileScan("\t%8[0-9A-Fa-f] %d");
const IDX = compileScan("%d");

function cString(buffer: string): string {
  const nul = buffer.indexOf("\0");
  return nul === -1 ? buffer : buffer.slice(0, nul);
}

/** Writes `text` into the 16-byte buffer at 0, optionally NUL-terminated, keeping later bytes. */
function overwrite(buffer: string, text: string, terminate: boolean): string {
  const written = terminate ? `${text}\0` : text;
  return (written + buffer.slice(written.length)).slice(0, 16);
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && " \t\n\v\f\r".includes(ch);
}

/** Applies `sscanf(hex, "%08X%08X%08X%08X")` then htonl to every word of the kept buffer. */
function demangleIn6(hex: string, last: readonly number[]): number[] {
  const bytes = [...last];
  for (let w = 0; w < 4; w++) {
    const part = hex.slice(w * 8, w * 8 + 8);
    if (part.length > 0) {
      const value = Number.parseInt(part, 16) >>> 0;
      // The word is stored in host (little-endian) order, then htonl turns it around.
      bytes.splice(w * 4, 4, value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24);
    }
    const word = bytes.slice(w * 4, w * 4 + 4).reverse();
    bytes.splice(w * 4, 4, ...word);
  }
  return bytes;
}

/** Reads one file's text through the reader, starting from `state`. */
export function readGroups(text: string, start: GroupReaderState): GroupRead {
  const records: Group[] = [];
  const issues: GroupIssue[] = [];
  let state = start;
  fgetsLines(text).forEach((line, lnr) => {
    const bogus = (reader: "igmp" | "igmp6", reason: string): void => {
      issues.push({ line: lnr, text: line.replace(/\n$/, ""), reason, reader });
    };
    if (lnr === 0) {
      if (line.includes("Device")) {
        state = { ...state, idxFormat: line.startsWith("Idx") };
        return;
      }
      state = { ...state, igmp6: true };
    }
    if (state.igmp6) {
      const f = scan(line, IGMP6_LINE);
      if (f.length >= 2) state = { ...state, device: overwrite(state.device, String(f[1]), true) };
      if (f.length < 4) {
        bogus("igmp6", `expected 4 fields, got ${f.length}`);
        return;
      }
      const bytes = demangleIn6(String(f[2]), state.lastIn6);
      state = { ...state, lastIn6: bytes };
      records.push({
        kind: "group",
        family: "inet6",
        device: cString(state.device),
        users: f[3] as number,
        address: formatIpv6(Uint8Array.from(bytes)),
      });
      return;
    }
    if (line[0] !== "\t") {
      let at = 0;
      if (state.idxFormat) {
        const idx = scan(line, IDX);
        if (idx.length < 1) {
          bogus("igmp", "expected a device index");
          return;
        }
        at = /^\s*[-+]?[0-9]+/.exec(line)![0].length;
        while (isSpace(line[at])) at++;
      }
      const chars = line.slice(at, at + 15);
      if (chars.length === 0) {
        bogus("igmp", "expected a device name");
        return;
      }
      let device = overwrite(state.device, chars, false);
      const name = cString(device);
      const colon = name.lastIndexOf(":");
      if (colon !== -1) device = overwrite(device, name.slice(0, colon), true);
      state = { ...state, device };
      return;
    }
    const f = scan(line, IGMP_GROUP);
    if (f.length < 2) {
      bogus("igmp", `expected 2 fields, got ${f.length}`);
      return;
    }
    const value = Number.parseInt(String(f[0]), 16) >>> 0;
    const address = formatIpv4(Uint8Array.from([value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24]));
    records.push({ kind: "group", family: "inet", device: cString(state.device), users: f[1] as number, address });
  });
  return { records, issues, state };
}
