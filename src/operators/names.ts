/**
 * Name resolution as a step of the stream: an item goes on once the host
 * names its rows show are known, so a formatter reads them from the cache.
 * Lookups run while nothing else waits; a numeric listing passes at once.
 */
import { from, map, of, type Observable } from "rxjs";
import type { AnySocket } from "../model/socket.ts";
import { wantsHostLookup } from "../select/hosts.ts";
import type { NameResolver } from "../resolve/names.ts";

/** An address that may need a host name. */
export interface HostAddress {
  readonly address: string;
  readonly family: "inet" | "inet6";
}

/** The addresses of a socket that its row or record may show by name (every SCTP address). */
export function hostsOf(socket: AnySocket): readonly HostAddress[] {
  switch (socket.kind) {
    case "inet":
      return [
        { address: socket.localAddress, family: socket.family },
        { address: socket.remoteAddress, family: socket.family },
      ];
    case "unix":
      return [];
    case "sctp-endpoint":
      return socket.localAddresses;
    case "sctp-association":
      return [...socket.localAddresses, ...socket.remoteAddresses];
  }
}

/**
 * `item` again once the names of `addressesOf(item)` are known (at once when there are none to
 * look up). Used with inTurn, so that a lazy source is not read ahead while names are looked up.
 */
export function namesKnown<T>(resolver: NameResolver, addressesOf: (item: T) => Iterable<HostAddress>): (item: T) => Observable<T> {
  return (item) => {
    const addresses = new Set<string>();
    for (const { address, family } of addressesOf(item)) if (wantsHostLookup(address, family)) addresses.add(address);
    return addresses.size === 0 ? of(item) : from(resolver.resolveHosts(addresses)).pipe(map(() => item));
  };
}
