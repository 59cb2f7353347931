/**
 * A parsed `--filter` (src/select/ss-filter-parse.ts) as a predicate over sockets, run as ss
 * 6.1 runs it. ss asks the kernel for TCP, UDP, raw and SCTP sockets with the expression
 * compiled to socket-diag bytecode, then tests each reply again itself: a socket is listed
 * when both say yes. The two differ in places, and both are followed here:
 * - ss's own test compares an address's bits whatever its family (an IPv4 prefix against an
 *   IPv6 socket's first bytes), and any address at all when the first one's length is 0;
 *   the kernel checks the family first (`0.0.0.0/0` keeps IPv4 sockets only);
 * - both let an IPv4-mapped IPv6 socket match an IPv4 rule;
 * - the kernel reads a `<`/`>` port as 16 bits, and compares a host name's first address only;
 * - `autobound` is, to ss, a local port in the range the kernel picks from; the kernel also
 *   asks that the port was not bound by hand, which no record shows: the kernel is asked, by
 *   socket cookie, for the sockets read over netlink. For the others (tables read through
 *   /proc) TIME_WAIT and SYN_RECV sockets pass, and ss's answer stands in for the rest.
 * ss compiles no bytecode for `dev`, so an expression holding one is tested by ss alone.
 * Raw sockets are dumped only where the kernel has raw_diag; ss reads them from /proc otherwise
 * and tests them alone. Unix sockets are tested by ss alone: `unix:PATTERN` against the path
 * (a peer, which /proc does not name, is an empty name), `autobound` for an unnamed or
 * autobound (`@` and five hex digits) name.
 */
import type { SsFilter, SsHostCond, SsNamespaceFacts, SsNode, SsPrefix } from "../model/ss-filter.ts";
import type { AnySocket } from "../model/socket.ts";
import { parseIpv4, parseIpv6 } from "../resolve/address.ts";

/** What the expression looks at in one socket. */
interface SsFacts {
  readonly family: "inet" | "inet6" | "unix";
  /** 4 or 16 bytes; empty for a unix socket. */
  readonly local: Uint8Array;
  readonly remote: Uint8Array;
  readonly localPort: number;
  readonly remotePort: number;
  readonly iface: number;
  /** A unix socket's name as ss shows it (null when it has none). */
  readonly path: string | null;
  /** A TCP socket in TIME_WAIT or SYN_RECV, which the kernel holds without the owner's flags. */
  readonly lingering: boolean;
  /** The kernel's number of a socket read over netlink. */
  readonly cookie: number | undefined;
}

const NONE = new Uint8Array(0);
const TCP_SYN_RECV = 3;
const TCP_TIME_WAIT = 6;

/** The address bytes of numeric address text, remembered by text (the listing repeats few addresses). */
function addressBytes(cache: Map<string, Uint8Array>, text: string): Uint8Array {
  let bytes = cache.get(text);
  if (bytes === undefined) {
    if (cache.size > 4096) cache.clear();
    bytes = parseIpv4(text) ?? parseIpv6(text) ?? NONE;
    cache.set(text, bytes);
  }
  return bytes;
}

function factsOf(socket: AnySocket, cache: Map<string, Uint8Array>): SsFacts {
  switch (socket.kind) {
    case "inet":
      return {
        family: socket.family, local: addressBytes(cache, socket.localAddress), remote: addressBytes(cache, socket.remoteAddress),
        localPort: socket.localPort, remotePort: socket.remotePort, iface: socket.iface ?? 0, path: null,
        lingering: socket.proto === "tcp" && (socket.state === TCP_TIME_WAIT || socket.state === TCP_SYN_RECV),
        cookie: socket.cookie,
      };
    case "unix":
      // ss gives a unix socket its inode as its local port; /proc names no peer.
      return {
        family: "unix", local: NONE, remote: NONE, localPort: socket.inode ?? 0, remotePort: 0, iface: 0,
        path: socket.fullPath === "" ? null : socket.fullPath, lingering: false, cookie: undefined,
      };
    case "sctp-endpoint":
    case "sctp-association": {
      const first = socket.localAddresses[0];
      const peer = socket.kind === "sctp-association" ? socket.remoteAddresses[0] : undefined;
      return {
        family: first?.family ?? "inet", local: first === undefined ? NONE : addressBytes(cache, first.address),
        remote: peer === undefined ? NONE : addressBytes(cache, peer.address), localPort: socket.localPort,
        remotePort: socket.kind === "sctp-association" ? socket.remotePort : 0, iface: 0, path: null, lingering: false, cookie: undefined,
      };
    }
  }
}

/** Whether the first `bits` bits of `a` and `b` are equal; bytes beyond either's end count as 0, as in ss's 16-byte buffers. */
function sameBits(a: Uint8Array, b: Uint8Array, bits: number): boolean {
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((((a[i] ?? 0) ^ (b[i] ?? 0)) & mask) !== 0) return false;
  }
  return true;
}

/** The IPv4 address inside an IPv4-mapped IPv6 address, or undefined. */
function mappedV4(bytes: Uint8Array): Uint8Array | undefined {
  if (bytes.length !== 16 || bytes[10] !== 0xff || bytes[11] !== 0xff || bytes.subarray(0, 10).some((b) => b !== 0)) return undefined;
  return bytes.subarray(12);
}

/** ss's own address test (inet2_addr_match): bits whatever the family, and a mapped socket against an IPv4 rule. */
function ssAddressMatch(address: Uint8Array, family: SsFacts["family"], prefix: SsPrefix): boolean {
  if (sameBits(address, prefix.bytes, prefix.bits)) return true;
  const mapped = prefix.family === "inet" && family === "inet6" ? mappedV4(address) : undefined;
  return mapped !== undefined && sameBits(mapped, prefix.bytes, prefix.bits);
}

/** unix_match: the name against an fnmatch pattern, any case (`*`, `?` and `[...]`). */
function unixMatch(path: string | null, pattern: string | undefined): boolean {
  if (pattern === undefined) return true;
  return globRegex(pattern).test(path ?? "");
}

function globRegex(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const close = ch === "[" ? pattern.indexOf("]", i + 2) : -1;
    if (ch === "*") source += "[^]*";
    else if (ch === "?") source += "[^]";
    else if (close !== -1) {
      const body = pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
      source += `[${body}]`;
      i = close;
    } else if (ch === "\\" && i + 1 < pattern.length) source += `\\u{${pattern.codePointAt(++i)!.toString(16)}}`;
    else source += `\\u{${ch.codePointAt(0)!.toString(16)}}`;
  }
  return new RegExp(`^${source}$`, "iu");
}

type Side = "ss" | "kernel";

function hostMatch(cond: SsHostCond, f: SsFacts, end: "local" | "remote", side: Side): boolean {
  if (cond.family === "unix") return f.family === "unix" && unixMatch(end === "local" ? f.path : null, cond.pattern);
  const port = end === "local" ? f.localPort : f.remotePort;
  if (cond.port !== -1 && cond.port !== port) return false;
  const address = end === "local" ? f.local : f.remote;
  if (side === "ss") return cond.bits === 0 || cond.prefixes.some((p) => ssAddressMatch(address, f.family, p));
  const first = cond.prefixes[0];
  if (cond.addressFamily !== undefined && cond.addressFamily !== f.family) {
    const mapped = cond.addressFamily === "inet" && f.family === "inet6" ? mappedV4(address) : undefined;
    return mapped !== undefined && first !== undefined && sameBits(mapped, first.bytes, cond.bits);
  }
  return cond.bits === 0 || (first !== undefined && sameBits(address, first.bytes, cond.bits));
}

/** What evaluation needs besides the socket: the local port range, and the kernel's own autobound answers. */
interface Context {
  readonly ephemeral: readonly [number, number];
  readonly kernelAutobound: ((cookie: number) => boolean | undefined) | undefined;
}

function evaluate(node: SsNode, f: SsFacts, side: Side, ctx: Context): boolean {
  switch (node.kind) {
    case "and":
      return evaluate(node.left, f, side, ctx) && evaluate(node.right, f, side, ctx);
    case "or":
      return evaluate(node.left, f, side, ctx) || evaluate(node.right, f, side, ctx);
    case "not":
      return !evaluate(node.operand, f, side, ctx);
    case "host":
      return hostMatch(node.cond, f, node.end, side);
    case "port-ge":
    case "port-le": {
      const port = node.end === "local" ? f.localPort : f.remotePort;
      const limit = side === "kernel" ? node.port & 0xffff : node.port;
      return node.kind === "port-ge" ? port >= limit : port <= limit;
    }
    case "dev":
      return f.iface === node.index;
    case "autobound":
      if (f.family === "unix") return f.path === null || /^@[0-9a-f]{5}$/.test(f.path);
      if (side === "kernel") {
        // The kernel's own test (a port not bound by hand) reads flags no record shows: asked of the
        // kernel by cookie where it can be; else a TIME_WAIT or SYN_RECV socket (which has none of
        // them set) passes, and for the others ss's answer stands in.
        const told = f.cookie === undefined ? undefined : ctx.kernelAutobound?.(f.cookie);
        if (told !== undefined) return told;
        if (f.lingering) return true;
      }
      return f.localPort >= ctx.ephemeral[0] && f.localPort <= ctx.ephemeral[1];
  }
}

/** Whether a socket is of the family a filter narrowed the listing to. */
function familyKept(filter: SsFilter, socket: AnySocket, f: SsFacts): boolean {
  if (filter.family === undefined) return true;
  if (filter.family === "unix") return socket.kind === "unix";
  return socket.kind !== "unix" && f.family === filter.family;
}

/** Whether a node or one below it is a `dev` condition. */
function usesDev(node: SsNode): boolean {
  switch (node.kind) {
    case "and":
    case "or":
      return usesDev(node.left) || usesDev(node.right);
    case "not":
      return usesDev(node.operand);
    default:
      return node.kind === "dev";
  }
}

/**
 * The expression of a `--filter` as a predicate over sockets (its states are left to the state
 * filter); `namespace` gives what `autobound` reads of another namespace's tables.
 */
export function ssFilterTest(filter: SsFilter, namespace?: SsNamespaceFacts): (socket: AnySocket) => boolean {
  const cache = new Map<string, Uint8Array>();
  const { expression } = filter;
  const ctx: Context = namespace === undefined
    ? { ephemeral: filter.ephemeral, kernelAutobound: filter.kernelAutobound }
    : { ephemeral: namespace.ephemeral ?? filter.ephemeral, kernelAutobound: namespace.kernelAutobound };
  // ss compiles no bytecode for `dev`, and then none for the whole expression: the kernel does not filter.
  const kernel = expression !== undefined && !usesDev(expression);
  return (socket) => {
    const f = factsOf(socket, cache);
    if (!familyKept(filter, socket, f)) return false;
    if (expression === undefined) return true;
    if (!evaluate(expression, f, "ss", ctx)) return false;
    // The kernel filters the sockets it dumps; unix sockets, and raw ones without raw_diag, come from ss's reading of /proc.
    const dumped = kernel && f.family !== "unix" && (socket.kind !== "inet" || socket.proto !== "raw" || filter.kernelRaw);
    return !dumped || evaluate(expression, f, "kernel", ctx);
  };
}
