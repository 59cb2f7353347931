/**
 * netstat's `-a` / `-l` selection as operators: servers only, connections
 * only, or both.
 */
import { filter, type MonoTypeOperatorFunction } from "rxjs";
import type { InetSocket, UnixSocket } from "../model/socket.ts";

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

/** Whether a socket is listed under the given scope. */
export function inScope(socket: InetSocket | UnixSocket, scope: ListingScope): boolean {
  if (scope.all) return true;
  const server = socket.kind === "inet" ? isInetServer(socket) : isUnixServer(socket);
  return scope.listening === server;
}

/** Keeps the sockets that netstat lists under `scope`. */
export function listedIn<T extends InetSocket | UnixSocket>(scope: ListingScope): MonoTypeOperatorFunction<T> {
  return filter((socket) => inScope(socket, scope));
}
