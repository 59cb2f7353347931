/**
 * ss's filter expressions (iproute2 `misc/ssfilter.y`) as a readonly tree: the
 * leading `state`/`exclude` words as a state list, the expression as nodes. The
 * parser is src/select/ss-filter-parse.ts, the evaluator src/select/ss-filter.ts.
 */

/** The address families a condition can name (`inet:`, `inet6:`, `unix:`, `link:`, `netlink:`, `vsock:`). */
export type SsFamily = "inet" | "inet6" | "unix" | "link" | "netlink" | "vsock";

/** One address of a condition: its bytes (4 or 16), its family, and how many leading bits must match. */
export interface SsPrefix {
  readonly family: "inet" | "inet6";
  readonly bytes: Uint8Array;
  readonly bits: number;
}

/**
 * A `src`, `dst`, `sport` or `dport` operand: a port (-1 for any), the addresses any of which
 * must match, the family in force when it was read, and for `unix:` the path pattern. `bits`
 * and `addressFamily` are the first address's (0 and undefined for any address): ss tests
 * the addresses only when `bits` is not 0, and the kernel compares the first address only.
 */
export interface SsHostCond {
  readonly family: SsFamily | undefined;
  readonly port: number;
  readonly prefixes: readonly SsPrefix[];
  readonly bits: number;
  readonly addressFamily: "inet" | "inet6" | undefined;
  /** `unix:PATTERN` (an fnmatch pattern, any case); undefined for any path. */
  readonly pattern?: string | undefined;
}

/** Which end of a socket a condition looks at: `src`/`sport` the local one, `dst`/`dport` the foreign one. */
export type SsEnd = "local" | "remote";

/** One node of the expression. `>`, `<`, `!=` are `not` over `le`, `ge`, `eq`, as ss builds them. */
export type SsNode =
  | { readonly kind: "and" | "or"; readonly left: SsNode; readonly right: SsNode }
  | { readonly kind: "not"; readonly operand: SsNode }
  | { readonly kind: "host"; readonly end: SsEnd; readonly cond: SsHostCond }
  | { readonly kind: "port-ge" | "port-le"; readonly end: SsEnd; readonly port: number }
  | { readonly kind: "dev"; readonly index: number }
  | { readonly kind: "autobound" };

/** What `autobound` reads of the namespace a table comes from, when it is not the reader's own. */
export interface SsNamespaceFacts {
  readonly ephemeral?: readonly [number, number] | undefined;
  readonly kernelAutobound?: ((cookie: number) => boolean | undefined) | undefined;
}

/** A parsed `--filter`: what it selects, and how it was read. */
export interface SsFilter {
  /** The text as given. */
  readonly text: string;
  /** The states the leading `state`/`exclude` words leave (netstat's names, see model/filters.ts); undefined without them. */
  readonly states: readonly string[] | undefined;
  /** The expression after them; undefined when there is none. */
  readonly expression: SsNode | undefined;
  /** The one family every listed socket must be of, when a condition named one (as ss narrows its families). */
  readonly family: SsFamily | undefined;
  /** Whether the expression has `autobound`, which asks the namespace for its port range and the kernel's answers. */
  readonly autobound: boolean;
  /** The local port range the kernel picks from, for `autobound` (`ip_local_port_range`). */
  readonly ephemeral: readonly [number, number];
  /**
   * The kernel's own `autobound` answer for a socket read over netlink, by cookie (its port not
   * bound by hand); undefined for a socket it does not know. Absent when the expression has no
   * `autobound`, or the kernel cannot be asked.
   */
  readonly kernelAutobound?: ((cookie: number) => boolean | undefined) | undefined;
  /** Whether the kernel filters raw sockets too (ss dumps them over socket-diag when it can, else reads /proc). */
  readonly kernelRaw: boolean;
  /** The expression with brackets showing how `and` and `or` were grouped, when it mixes them without brackets. */
  readonly readAs: string | undefined;
}
