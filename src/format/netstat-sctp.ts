/**
 * SCTP rows of netstat's Internet section: one line per address, the first
 * carrying the port and state. netstat resolves SCTP host names only when
 * no numeric flag at all is given, and always prints SCTP ports as numbers.
 */
import type { OwnerLookup } from "../model/owner.ts";
import type { SctpAddress, SctpAssociation, SctpEndpoint } from "../model/sctp.ts";
import type { Names } from "../resolve/names.ts";
import { left, right } from "./_printf.ts";
import { hostText } from "./netstat-address.ts";
import { rowTail, tcpStateName, type SocketTextOptions } from "./netstat-inet.ts";

const CONTINUATION = `\n${" ".repeat(20)}`;

/** Whether SCTP hosts print as numbers: netstat passes its whole numeric flag word here. */
export function sctpNumeric(options: SocketTextOptions & { readonly symbolic: boolean }): boolean {
  return options.numericHosts || options.numericPorts || options.numericUsers || options.symbolic;
}

function sctpState(state: number): string {
  return state >= 0 && state < 12 ? tcpStateName(state) : `UNKNOWN(${state})`;
}

function host(a: SctpAddress, numeric: boolean, names: Names): string {
  return hostText(a.address, a.family, numeric, names).slice(0, 63);
}

const port = (p: number): string => (p === 0 ? "*" : String(p));

/** One endpoint (listening) entry, newline included. */
export function sctpEndpointRow(
  ep: SctpEndpoint,
  options: SocketTextOptions,
  numeric: boolean,
  names: Names,
  processes: OwnerLookup,
): string {
  let out = "";
  ep.localAddresses.forEach((a, i) => {
    out += i === 0 ? `sctp${" ".repeat(16)}` : CONTINUATION;
    out += left(`${host(a, numeric, names)}:${port(ep.localPort)}`, 47);
    out += ` ${left(i === 0 ? sctpState(ep.state) : "", 11)}`;
  });
  return out + rowTail(ep.uid, ep.inode, "", options, names, processes);
}

/** One association entry, newline included. */
export function sctpAssociationRow(
  as: SctpAssociation,
  options: SocketTextOptions,
  numeric: boolean,
  names: Names,
  processes: OwnerLookup,
): string {
  let out = "";
  const lines = Math.max(as.localAddresses.length, as.remoteAddresses.length);
  for (let i = 0; i < lines; i++) {
    const local = as.localAddresses[i];
    const remote = as.remoteAddresses[i];
    out += i === 0 ? `sctp  ${right(as.rxQueue, 6)} ${right(as.txQueue, 6)} ` : CONTINUATION;
    const end = (a: SctpAddress | undefined, p: number): string =>
      a === undefined ? "" : i === 0 ? `${host(a, numeric, names)}:${port(p)}` : host(a, numeric, names);
    out += `${left(end(local, as.localPort), 23)} ${left(end(remote, as.remotePort), 23)}`;
    out += ` ${left(i === 0 ? sctpState(as.state) : "", 11)}`;
  }
  return out + rowTail(as.uid, as.inode, "", options, names, processes);
}
