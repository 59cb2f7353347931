/**
 * Parsers for /proc/net/sctp/eps (endpoints) and /proc/net/sctp/assocs
 * (associations), read the way netstat reads them: whitespace tokens, then
 * the address lists (`LADDRS` for endpoints, `LADDRS <-> RADDRS` for
 * associations). IPv4 addresses are dotted quads, IPv6 ones are eight
 * colon-separated 16-bit groups; a leading `*` marks a primary address.
 */
import type { SctpAddress, SctpAssociation, SctpEndpoint } from "../model/sctp.ts";
import { fgetsLines } from "./_lines.ts";
import { formatIpv4, formatIpv6 } from "./hex-address.ts";
import { parseRows, type Parsed } from "./issue.ts";

/** C `atoi`: leading white space, an optional sign, then digits; 0 when there are none. */
function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(text);
  return m === null ? 0 : Number(BigInt.asIntN(32, BigInt(m[1]!)));
}

/** C `strtoul(text, 0, 0)`: decimal, 0x hex or leading-0 octal. */
function strtoul0(text: string): number {
  const m = /^[ \t\n\v\f\r]*(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(text);
  if (m === null) return 0;
  const digits = m[1]!;
  const value = /^0[xX]/.test(digits) ? BigInt(digits) : digits.length > 1 && digits.startsWith("0") ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  return Number(BigInt.asUintN(64, value));
}

/** glibc `inet_addr`: one to four parts, each decimal, octal or hex; 255.255.255.255 when invalid. */
function inetAddr(text: string): Uint8Array {
  const none = Uint8Array.from([255, 255, 255, 255]);
  const parts = text.split(".");
  if (parts.length > 4) return none;
  const values: number[] = [];
  for (const p of parts) {
    if (!/^(0[xX][0-9a-fA-F]*|0[0-7]*|[1-9][0-9]*)$/.test(p)) return none;
    values.push(/^0[xX]/.test(p) ? Number.parseInt(p.slice(2) || "0", 16) : p.length > 1 && p.startsWith("0") ? Number.parseInt(p, 8) : Number(p));
  }
  const last = values.pop()!;
  if (values.some((v) => v > 255) || last >= 2 ** (8 * (4 - values.length))) return none;
  const bytes = new Uint8Array(4);
  values.forEach((v, i) => {
    bytes[i] = v;
  });
  for (let i = 3; i >= values.length; i--) bytes[i] = Math.floor(last / 2 ** (8 * (3 - i))) & 0xff;
  return bytes;
}

/**
 * Decodes one address word of an SCTP address list. Associations mark the
 * primary address with a leading `*`, which netstat skips; endpoint lists
 * have no such mark, so there it stays part of the word.
 */
export function parseSctpAddress(word: string, markedPrimary: boolean): SctpAddress {
  const primary = markedPrimary && word.startsWith("*");
  const text = primary ? word.slice(1) : word;
  if (!text.includes(":")) return { family: "inet", address: formatIpv4(inetAddr(text)), primary };
  const bytes = new Uint8Array(16);
  const groups = text.split(":");
  for (let i = 0; i < 8; i++) {
    const m = /^[0-9A-Fa-f]{1,4}/.exec(groups[i] ?? "");
    if (m === null) break;
    const value = Number.parseInt(m[0], 16);
    bytes[i * 2] = value >> 8;
    bytes[i * 2 + 1] = value & 0xff;
    if (m[0].length !== (groups[i] ?? "").length) break;
  }
  return { family: "inet6", address: formatIpv6(bytes), primary };
}

/** C `strtok` over one line: successive calls may change the delimiter set. */
function tokenizer(line: string): (delims: string) => string | undefined {
  let pos = 0;
  return (delims) => {
    while (pos < line.length && delims.includes(line[pos]!)) pos++;
    if (pos >= line.length) return undefined;
    const start = pos;
    while (pos < line.length && !delims.includes(line[pos]!)) pos++;
    const token = line.slice(start, pos);
    if (pos < line.length) pos++;
    return token;
  };
}

const WS = " \t\n";

function addressList(text: string | undefined, markedPrimary: boolean): SctpAddress[] {
  if (text === undefined) return [];
  return text
    .split(/[ \t\n]+/)
    .filter((w) => w !== "")
    .map((w) => parseSctpAddress(w, markedPrimary));
}

/** Parses one endpoint line, or returns undefined when netstat would call it bogus. */
export function parseSctpEndpointLine(line: string): SctpEndpoint | undefined {
  const next = tokenizer(line);
  next(WS);
  next(WS);
  next(WS);
  const state = next(WS);
  next(WS);
  const port = next(WS);
  const uid = next(WS);
  const inode = next(WS);
  const addresses = next("\t\n");
  if (state === undefined || port === undefined || uid === undefined || inode === undefined) return undefined;
  return {
    kind: "sctp-endpoint",
    state: atoi(state),
    localPort: atoi(port) & 0xffff,
    uid: atoi(uid),
    inode: strtoul0(inode),
    localAddresses: addressList(addresses, false),
  };
}

/** Parses one association line, or returns undefined when netstat would call it bogus. */
export function parseSctpAssociationLine(line: string): SctpAssociation | undefined {
  const next = tokenizer(line);
  next(WS);
  next(WS);
  next(WS);
  const state = next(WS);
  next(WS);
  next(WS);
  next(WS);
  const tx = next(WS);
  const rx = next(WS);
  const uid = next(WS);
  const inode = next(WS);
  const lport = next(WS);
  const rport = next(WS);
  const local = next("<->\t\n");
  const remote = next("<->\t\n");
  if ([state, tx, rx, uid, inode, lport, rport].some((t) => t === undefined)) return undefined;
  return {
    kind: "sctp-association",
    state: atoi(state!),
    txQueue: atoi(tx!) >>> 0,
    rxQueue: atoi(rx!) >>> 0,
    uid: atoi(uid!),
    inode: strtoul0(inode!),
    localPort: atoi(lport!) & 0xffff,
    remotePort: atoi(rport!) & 0xffff,
    localAddresses: addressList(local, true),
    remoteAddresses: addressList(remote, true),
  };
}

function parseTable<T>(text: string, parseLine: (line: string) => T | undefined, what: string): Parsed<T> {
  return parseRows<T>(fgetsLines(text), (line) => parseLine(line) ?? { bogus: `too few fields for an ${what}` });
}

/** Parses /proc/net/sctp/eps. */
export function parseSctpEndpoints(text: string): Parsed<SctpEndpoint> {
  return parseTable(text, parseSctpEndpointLine, "endpoint");
}

/** Parses /proc/net/sctp/assocs. */
export function parseSctpAssociations(text: string): Parsed<SctpAssociation> {
  return parseTable(text, parseSctpAssociationLine, "association");
}
