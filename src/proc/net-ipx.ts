/**
 * Parser for /proc/net/ipx/socket (kernels before 4.16; 2.2 kernels called
 * the file /proc/net/ipx).
 *
 * Kernel format (ipx_seq_socket_show): a header line, then per socket the
 * local address `NETWORK:PORT` (or `NETWORK:NODE:PORT` with CONFIG_IPX_INTERN),
 * the remote `NETWORK:NODE:PORT` or `Not_Connected`, then Tx_Queue and
 * Rx_Queue in hex, the state as `%02X` and the uid.
 *
 * netstat reads the words without checking how many it got, so a field a
 * line lacks keeps its value from the line before: for the two addresses that
 * is the text netstat printed for them. What a first line's missing fields
 * would hold is undefined; here they are empty or zero. It reads the state as
 * decimal, and byte-swaps the ports it prints (`ntohs` of a host-order value);
 * records keep the kernel's port. A local address without a colon, or a
 * remote one that is not `Not_Connected`, makes netstat give up on the table.
 */
import type { IpxAddress, IpxSocket } from "../model/legacy.ts";
import { compileScan, scan } from "./_scan.ts";
import { fgetsLines } from "./_lines.ts";
import type { Entry, LineIssue } from "./issue.ts";

const IPX_FORMAT = compileScan("%s %s %lX %lX %u %u");
const PORT_FORMAT = compileScan("%X");

/** netstat's `fgets(buf, 255, f)`. */
export const IPX_LINE_BUFFER = 255;

/** The port netstat shows for a kernel port: the two bytes swapped. */
export function ipxShownPort(port: number): number {
  return ((port & 0xff) << 8) | ((port >> 8) & 0xff);
}

function hex(value: number, width: number): string {
  return value.toString(16).toUpperCase().padStart(width, "0");
}

/** An IPX network and node as net-tools prints them: `NET:NODE`, `NET`, `NODE` or nothing, by which are nonzero. */
export function ipxAddressText(address: Pick<IpxAddress, "network" | "node">): string {
  const node = address.node.map((b) => hex(b, 2)).join("");
  const hasNode = address.node.some((b) => b !== 0);
  if (hasNode && address.network !== 0) return `${hex(address.network, 8)}:${node}`;
  if (address.network !== 0) return hex(address.network, 8);
  return hasNode ? node : "";
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && " \t\n\v\f\r".includes(ch);
}

/** glibc strtoul(text, &end, 16) on a 64-bit long: the value and where the number ended. */
function strtoulHex(text: string): { readonly value: bigint; readonly end: number } {
  let i = 0;
  while (isSpace(text[i])) i++;
  let negative = false;
  if (text[i] === "+" || text[i] === "-") negative = text[i++] === "-";
  if (text[i] === "0" && (text[i + 1] === "x" || text[i + 1] === "X") && /[0-9A-Fa-f]/.test(text[i + 2] ?? "")) i += 2;
  const start = i;
  while (/[0-9A-Fa-f]/.test(text[i] ?? "")) i++;
  if (i === start) return { value: 0n, end: 0 };
  let value = BigInt(`0x${text.slice(start, i)}`);
  const max = (1n << 64n) - 1n;
  if (value > max) value = max;
  else if (negative) value = BigInt.asUintN(64, -value);
  return { value, end: i };
}

/**
 * Decodes `NETWORK[:NODE]` the way net-tools' IPX input routine does: a network of
 * 0 or FFFFFFFF leaves everything zero, and a node is read two hex digits a
 * byte until the first character that is not one (a half-read byte keeps its high digit).
 */
export function parseIpxAddress(text: string): Pick<IpxAddress, "network" | "node"> {
  const node = [0, 0, 0, 0, 0, 0];
  const { value, end } = strtoulHex(text);
  if (value === 0n || value === 0xffffffffn) return { network: 0, node };
  const network = Number(value & 0xffffffffn);
  if (text[end] !== ":") return { network, node };
  const nibble = (ch: string | undefined): number | undefined => {
    const v = ch === undefined ? Number.NaN : Number.parseInt(ch, 16);
    return /[0-9A-Fa-f]/.test(ch ?? "") ? v : undefined;
  };
  let at = end + 1;
  for (let i = 0; i < 6; i++) {
    const high = nibble(text[at++]);
    if (high === undefined) break;
    node[i] = (high << 4) & 0xff;
    const low = nibble(text[at++]);
    if (low === undefined) break;
    node[i] = node[i]! | low;
  }
  return { network, node };
}

/** Why netstat gives up on an IPX table: the port it could not find. */
export interface IpxStop {
  readonly issue: LineIssue;
  readonly port: "source" | "destination";
}

/** The parse of an IPX table: rows in order, and the line where netstat gave up, if any. */
export interface IpxTable {
  readonly entries: readonly Entry<IpxSocket>[];
  readonly stop?: IpxStop;
}

/** Parses the whole of an IPX socket table. */
export function parseNetIpx(text: string): IpxTable {
  const lines = fgetsLines(text, IPX_LINE_BUFFER);
  const entries: Entry<IpxSocket>[] = [];
  // netstat's function-scope variables, kept from line to line.
  let sad = "";
  let dad = "";
  const numbers = [0, 0, 0, 0];
  let sport = 0;
  let dport = 0;
  const portAfter = (word: string, colon: number, kept: number): number => {
    const p = scan(word.slice(colon + 1), PORT_FORMAT);
    const raw = typeof p[0] === "number" ? p[0] : kept;
    return ipxShownPort(raw & 0xffff);
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const issue = (reason: string): LineIssue => ({ line: i, text: line.replace(/\n$/, ""), reason });
    const f = scan(line, IPX_FORMAT);
    if (typeof f[0] === "string") sad = f[0];
    if (typeof f[1] === "string") dad = f[1];
    f.slice(2).forEach((value, k) => {
      numbers[k] = value as number;
    });
    const sColon = sad.lastIndexOf(":");
    if (sColon === -1) return { entries, stop: { issue: issue("no port in the local address"), port: "source" } };
    sport = portAfter(sad, sColon, sport);
    let remote: IpxAddress | null = null;
    if (dad !== "Not_Connected") {
      const dColon = dad.lastIndexOf(":");
      if (dColon === -1) return { entries, stop: { issue: issue("no port in the remote address"), port: "destination" } };
      dport = portAfter(dad, dColon, dport);
      remote = { ...parseIpxAddress(dad.slice(0, dColon)), port: ipxShownPort(dport) };
    }
    const local: IpxAddress = { ...parseIpxAddress(sad.slice(0, sColon)), port: ipxShownPort(sport) };
    sad = `${ipxAddressText(local)}:${hex(sport, 4)}`;
    dad = remote === null ? "-" : `${ipxAddressText(remote)}:${hex(dport, 4)}`;
    const [txQueue, rxQueue, state, uid] = numbers as [number, number, number, number];
    entries.push({ kind: "record", record: { kind: "ipx", local, remote, txQueue, rxQueue, state, uid } });
  }
  return { entries };
}
