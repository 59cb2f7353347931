/**
 * The selection of the socket listing as one predicate over parsed sockets:
 * the listing scope, then the filters asked for, decided before any row or
 * record is built.
 */
import type { Filters } from "../model/filters.ts";
import type { OwnerLookup } from "../model/owner.ts";
import type { AnySocket } from "../model/socket.ts";
import { socketFacts } from "./facts.ts";
import { filtersMatch } from "./filters.ts";
import { listed, type ListingScope } from "./scope.ts";

/** Whether a socket is listed under `scope` and matches `filters` (`uids` is `--user` resolved); owners come from `owners()`. */
export function socketSelector(
  scope: ListingScope,
  filters: Filters,
  uids: readonly number[] | undefined,
  owners: () => OwnerLookup,
): (socket: AnySocket) => boolean {
  const match = filtersMatch(filters, uids);
  if (match === undefined) return (socket) => listed(socket, scope);
  return (socket) => listed(socket, scope) && match(socketFacts(socket, owners()));
}
