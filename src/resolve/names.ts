/**
 * Host, network, service and user names, resolved the way net-tools netstat
 * resolves them, cached for the life of the process. Lookups run
 * concurrently; callers resolve a batch, then format synchronously.
 */
import type { HostsTable } from "./etc-hosts.ts";
import type { NetworksTable } from "./etc-networks.ts";
import type { PasswdTable } from "./etc-passwd.ts";
import type { ServiceTables } from "./etc-services.ts";
import type { ReverseLookup } from "./dns.ts";
import { parseIpv4 } from "./address.ts";

/** The name databases a resolver consults. */
export interface NameDatabases {
  readonly hosts: HostsTable;
  readonly networks: NetworksTable;
  readonly services: ServiceTables;
  readonly passwd: PasswdTable;
  readonly reverse: ReverseLookup;
  /** The local ports of the UDP sockets `reverse` asks its questions from. */
  readonly ownPorts?: ReadonlySet<number>;
}

/** Which service list a port is looked up in. */
export type ServiceList = keyof ServiceTables;

/** Resolved names, read synchronously by the formatters. */
export interface Names {
  /** The host name for numeric address text, if one was resolved. */
  host(address: string): string | undefined;
  /** The network name for a host-order IPv4 network number (/etc/networks). */
  network(net: number): string | undefined;
  /** The service name of a port in one of netstat's lists. */
  service(port: number, list: ServiceList): string | undefined;
  /** The user name of a uid. */
  user(uid: number): string | undefined;
}

/** A caching resolver: resolve host names in batches, then read them through {@linkcode Names}. */
export interface NameResolver extends Names {
  /** Resolves the given addresses concurrently; resolves when every one has an answer or gave up. */
  resolveHosts(addresses: Iterable<string>): Promise<void>;
  /** The local ports of the UDP sockets this resolver opened for DNS (a `--watch` does not report their closes). */
  readonly ownPorts?: ReadonlySet<number> | undefined;
}

/** Creates a resolver over the given databases. */
export function createNameResolver(db: NameDatabases): NameResolver {
  const cache = new Map<string, string | undefined>();
  const pending = new Map<string, Promise<void>>();
  const lookup = async (address: string): Promise<void> => {
    const fromFile = db.hosts.get(address);
    const name = fromFile ?? (await db.reverse(address));
    cache.set(address, name);
  };
  return {
    ownPorts: db.ownPorts,
    host: (address) => cache.get(address),
    network: (net) => db.networks.get(net),
    service: (port, list) => db.services[list].get(port),
    user: (uid) => db.passwd.get(uid),
    async resolveHosts(addresses) {
      const waits: Promise<void>[] = [];
      for (const address of addresses) {
        if (cache.has(address)) continue;
        let p = pending.get(address);
        if (p === undefined) {
          p = lookup(address).finally(() => pending.delete(address));
          pending.set(address, p);
        }
        waits.push(p);
      }
      await Promise.all(waits);
    },
  };
}

/** Host-order number of IPv4 text, for /etc/networks lookups. */
export function ipv4Number(address: string): number | undefined {
  const b = parseIpv4(address);
  return b === undefined ? undefined : ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
}
