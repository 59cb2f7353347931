/**
 * The selection of the socket listing as one predicate over parsed sockets:
 * the listing scope, then the filters asked for, decided before any row or
 * record is built.
 */
import type { Filters } from "../model/filters.ts";
import type { Selection } from "../model/options.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { AnySocket } from "../model/socket.ts";
import type { SsNamespaceFacts } from "../model/ss-filter.ts";
import { socketFacts } from "./facts.ts";
import { filtersMatch } from "./filters.ts";
import { listed, type ListingScope } from "./scope.ts";
import { ssFilterTest } from "./ss-filter.ts";

/**
 * Whether a socket is listed under `scope` and matches `filters` (`uids` is `--user` resolved);
 * owners come from `owners()`, and what --filter's `autobound` reads of another namespace from `namespace`.
 */
export function socketSelector(
  scope: ListingScope,
  filters: Filters,
  uids: readonly number[] | undefined,
  owners: () => OwnerLookup,
  namespace?: SsNamespaceFacts,
): (socket: AnySocket) => boolean {
  const match = filtersMatch(filters, uids);
  const expression = filters.ss === undefined ? undefined : ssFilterTest(filters.ss, namespace);
  const kept = expression === undefined ? (socket: AnySocket) => listed(socket, scope) : (socket: AnySocket) => listed(socket, scope) && expression(socket);
  if (match === undefined) return kept;
  return (socket) => kept(socket) && match(socketFacts(socket, owners()));
}

/** Whether the protocol flags (`-t`, `-u`, `-w`, `-S`, `-x`, ...) select a protocol's tables: none given selects every one. */
export function protocolSelected(selection: Selection, flag: "tcp" | "sctp" | "udp" | "udplite" | "raw" | "unix"): boolean {
  return !selection.any || selection[flag];
}

/** Whether the family flags (`-4`, `-6`, `-A`) select an IPv4 or IPv6 table (`none`: a table of neither, unix). */
export function familySelected(selection: Selection, ip: "v4" | "v6" | "none"): boolean {
  return ip === "none" || !selection.any || (ip === "v4" ? selection.inet : selection.inet6);
}
