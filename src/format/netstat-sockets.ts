/**
 * The netstat text stage of the sockets pipeline: one selected chunk of
 * sockets as netstat's rows (inet, unix and SCTP), names already known.
 */
import type { OwnerLookup } from "../model/owner.ts";
import type { AnySocket } from "../model/socket.ts";
import type { Names } from "../resolve/names.ts";
import { inetRow, type SocketTextOptions } from "./netstat-inet.ts";
import { sctpAssociationRow, sctpEndpointRow } from "./netstat-sctp.ts";
import { unixRow } from "./netstat-unix.ts";

/** What the rows need: netstat's text options, whether SCTP hosts are numeric, the names, the owners. */
export interface SocketRowsContext {
  readonly text: SocketTextOptions;
  readonly numericSctp: boolean;
  readonly names: Names;
  readonly owners: OwnerLookup;
}

/** One socket's row (or rows, for SCTP's extra addresses), newline included. */
export function socketRow(socket: AnySocket, ctx: SocketRowsContext): string {
  switch (socket.kind) {
    case "inet":
      return inetRow(socket, ctx.text, ctx.names, ctx.owners);
    case "unix":
      return unixRow(socket, ctx.text, ctx.owners);
    case "sctp-endpoint":
      return sctpEndpointRow(socket, ctx.text, ctx.numericSctp, ctx.names, ctx.owners);
    case "sctp-association":
      return sctpAssociationRow(socket, ctx.text, ctx.numericSctp, ctx.names, ctx.owners);
  }
}

/** The rows of a chunk of selected sockets. */
export function socketRowsText(sockets: readonly AnySocket[], ctx: SocketRowsContext): string {
  let text = "";
  for (const socket of sockets) text += socketRow(socket, ctx);
  return text;
}
