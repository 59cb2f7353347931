/**
 * Dump requests of the kernel's socket-diag netlink interface for TCP and UDP
 * sockets (their replies are decoded by inet-diag.ts): the one of the current
 * interface (`SOCK_DIAG_BY_FAMILY`, struct inet_diag_req_v2), for one family,
 * and the first interface's (`TCPDIAG_GETSOCK`, struct inet_diag_req), whose
 * TCP dumps hold both families.
 */

export const NLMSG_HEADER = 16;
export const SOCK_DIAG_BY_FAMILY = 20;
/** The request of the first interface, whose TCP dumps hold every family's sockets. */
export const TCPDIAG_GETSOCK = 18;
const NLM_F_REQUEST = 0x1;
const NLM_F_DUMP = 0x300;
export const INET_DIAG_INFO = 2;
const INET_DIAG_REQ_BYTECODE = 1;
/** Every state, TCP's NEW_SYN_RECV included. */
const ALL_STATES = 0xffffffff;

/** A dump request of netlink message `type` with a `body`-byte payload (zeroed); its view. */
function dumpRequest(type: number, body: number, seq: number): { readonly bytes: Uint8Array; readonly view: DataView } {
  const bytes = new Uint8Array(NLMSG_HEADER + body);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, bytes.length, true);
  view.setUint16(4, type, true);
  view.setUint16(6, NLM_F_REQUEST | NLM_F_DUMP, true);
  view.setUint32(8, seq, true);
  return { bytes, view };
}

/** The extension bits a request asks for: tcp_info with `withInfo`, and `extensions` (a bit per INET_DIAG attribute less one). */
const extensionBits = (withInfo: boolean, extensions: number): number => (withInfo ? 1 << (INET_DIAG_INFO - 1) : 0) | extensions;

/**
 * A dump request for the sockets of one family and IP protocol in `states` (a bit per state;
 * every one by default, none for an empty dump), 72 bytes. With `withInfo` the kernel adds each
 * TCP socket's tcp_info, whose retransmit and probe counts /proc shows; `extensions` asks for more;
 * `bytecode`, when given, is a filter program the kernel runs on each socket.
 */
export function inetDiagRequest(family: number, protocol: number, withInfo: boolean, seq = 1, states = ALL_STATES, extensions = 0, bytecode?: Uint8Array): Uint8Array {
  const { bytes, view } = dumpRequest(SOCK_DIAG_BY_FAMILY, 56 + (bytecode === undefined ? 0 : 4 + bytecode.length), seq);
  bytes[NLMSG_HEADER] = family;
  bytes[NLMSG_HEADER + 1] = protocol;
  bytes[NLMSG_HEADER + 2] = extensionBits(withInfo, extensions);
  view.setUint32(NLMSG_HEADER + 4, states, true);
  if (bytecode !== undefined) {
    // The kernel's filter program (INET_DIAG_REQ_BYTECODE): only the sockets it accepts are dumped.
    view.setUint16(NLMSG_HEADER + 56, 4 + bytecode.length, true);
    view.setUint16(NLMSG_HEADER + 58, INET_DIAG_REQ_BYTECODE, true);
    bytes.set(bytecode, NLMSG_HEADER + 60);
  }
  return bytes;
}

/**
 * The TCP sockets of both families in one walk of the kernel's socket hash: the first
 * interface's struct inet_diag_req, which names no family, 76 bytes. Its replies are
 * inet_diag_msg as {@linkcode inetDiagRequest}'s are, both families in the kernel's order.
 */
export function tcpDiagRequestBoth(withInfo: boolean, extensions = 0): Uint8Array {
  const { bytes, view } = dumpRequest(TCPDIAG_GETSOCK, 60, 1);
  bytes[NLMSG_HEADER + 3] = extensionBits(withInfo, extensions);
  view.setUint32(NLMSG_HEADER + 52, ALL_STATES, true);
  return bytes;
}
