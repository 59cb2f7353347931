/**
 * netstat's listing scope as pure predicates: `-l` lists servers only, the
 * default connections only, `-a` both. SCTP endpoints are servers and
 * associations connections.
 */
import type { AnySocket, InetSocket, UnixSocket } from "../model/socket.ts";

/** The two switches that choose servers, connections or both. */
export interface ListingScope {
  readonly all: boolean;
  readonly listening: boolean;
}

const ZERO_ADDRESSES = new Set(["0.0.0.0", "::"]);
const SO_ACCEPTCON = 0x10000;
const SS_UNCONNECTED = 1;

/** Whether netstat counts an inet socket as a server: tcp by remote port 0, the others by a zero remote address. */
export function isInetServer(socket: InetSocket): boolean {
  return socket.proto === "tcp" ? socket.remotePort === 0 : ZERO_ADDRESSES.has(socket.remoteAddress);
}

/** Whether a unix socket is a server: unconnected with the accept flag. */
export function isUnixServer(socket: UnixSocket): boolean {
  return socket.state === SS_UNCONNECTED && (socket.flags & SO_ACCEPTCON) !== 0;
}

/** Whether an inet or unix socket is listed under the given scope. */
export function inScope(socket: InetSocket | UnixSocket, scope: ListingScope): boolean {
  if (scope.all) return true;
  const server = socket.kind === "inet" ? isInetServer(socket) : isUnixServer(socket);
  return scope.listening === server;
}

/** Whether the scope lists servers (SCTP endpoints are read only then). */
export function listsServers(scope: ListingScope): boolean {
  return scope.all || scope.listening;
}

/** Whether the scope lists connections (SCTP associations are read only then). */
export function listsConnections(scope: ListingScope): boolean {
  return scope.all || !scope.listening;
}

/** Whether any socket is listed under the scope; an SCTP table is read only when its kind is in scope. */
export function listed(socket: AnySocket, scope: ListingScope): boolean {
  return socket.kind === "inet" || socket.kind === "unix" ? inScope(socket, scope) : true;
}
