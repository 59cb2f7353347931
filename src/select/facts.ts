/**
 * The facts the filters compare, read from parsed sockets: the state as a
 * filter sees it, the ports, the uid and the owning process.
 */
import { TCP_STATE_NAMES } from "../model/filters.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { AnySocket } from "../model/socket.ts";
import type { SocketFacts } from "./filters.ts";

const SO_ACCEPTCON = 0x10000;
const UNIX_STATES: Readonly<Record<number, string>> = { 0: "FREE", 2: "CONNECTING", 3: "CONNECTED", 4: "DISCONNECTING" };

function tcpLike(state: number): string {
  return TCP_STATE_NAMES[state] ?? "UNKNOWN";
}

/**
 * The filter state: tcp, raw and sctp by the kernel's TCP state names; an
 * unconnected udp socket (blank in netstat) is CLOSE, its kernel state; a
 * listening unix socket is LISTEN; an unconnected unix socket has none.
 */
export function filterState(socket: AnySocket): string | null {
  switch (socket.kind) {
    case "inet":
      if (socket.proto === "udp" || socket.proto === "udplite") {
        return socket.state === 1 ? "ESTABLISHED" : socket.state === 7 ? "CLOSE" : "UNKNOWN";
      }
      return tcpLike(socket.state);
    case "unix":
      if (socket.state === 1) return (socket.flags & SO_ACCEPTCON) !== 0 ? "LISTEN" : null;
      return UNIX_STATES[socket.state] ?? "UNKNOWN";
    case "sctp-endpoint":
    case "sctp-association":
      return tcpLike(socket.state);
  }
}

/** ss's state of a unix socket, by the kernel's unix state (a listener is LISTEN, see filterState). */
const UNIX_SS_STATES: Readonly<Record<number, string>> = { 0: "CLOSE", 1: "CLOSE", 2: "SYN_SENT", 3: "ESTABLISHED", 4: "CLOSING" };

/** The state as ss reads it: a unix socket's in TCP's names, any other's as filterState. */
function ssStateOf(socket: AnySocket, state: string | null): string | null {
  if (socket.kind !== "unix" || state === "LISTEN") return state;
  return UNIX_SS_STATES[socket.state] ?? "UNKNOWN";
}

/** The facts of one socket, with its owner from `owners`. */
export function socketFacts(socket: AnySocket, owners: OwnerLookup): SocketFacts {
  const owner = socket.inode === null ? undefined : owners(socket.inode);
  const state = filterState(socket);
  const base = { state, ssState: ssStateOf(socket, state), pid: owner?.pid ?? null, program: owner?.program ?? null };
  switch (socket.kind) {
    case "inet":
      return { ...base, localPort: socket.localPort, foreignPort: socket.remotePort, uid: socket.uid };
    case "unix":
      return { ...base, localPort: null, foreignPort: null, uid: null };
    case "sctp-endpoint":
      return { ...base, localPort: socket.localPort, foreignPort: null, uid: socket.uid };
    case "sctp-association":
      return { ...base, localPort: socket.localPort, foreignPort: socket.remotePort, uid: socket.uid };
  }
}
