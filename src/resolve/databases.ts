/** Loads the name databases once per run, lazily, from a reader of /etc files. */
import { createReverseDns } from "./dns.ts";
import { parseHosts } from "./etc-hosts.ts";
import { parseNetworks } from "./etc-networks.ts";
import { parsePasswd } from "./etc-passwd.ts";
import { parseServiceTables } from "./etc-services.ts";
import { createNameResolver, type NameResolver } from "./names.ts";
import { parseResolvConf } from "./resolv-conf.ts";

/** How long one run may wait on DNS in total, like one resolver timeout in glibc. */
export const DNS_BUDGET_MS = 5000;

/** Creates a resolver whose databases are read on first use through `readEtc`. */
export function createSystemResolver(readEtc: (name: string) => string): NameResolver {
  let hosts: ReturnType<typeof parseHosts> | undefined;
  let networks: ReturnType<typeof parseNetworks> | undefined;
  let services: ReturnType<typeof parseServiceTables> | undefined;
  let passwd: ReturnType<typeof parsePasswd> | undefined;
  const ownPorts = new Set<number>();
  return createNameResolver({
    ownPorts,
    get hosts() {
      return (hosts ??= parseHosts(readEtc("hosts")));
    },
    get networks() {
      return (networks ??= parseNetworks(readEtc("networks")));
    },
    get services() {
      return (services ??= parseServiceTables(readEtc("services"), readEtc("protocols")));
    },
    get passwd() {
      return (passwd ??= parsePasswd(readEtc("passwd")));
    },
    reverse: createReverseDns({ budgetMs: DNS_BUDGET_MS, config: () => parseResolvConf(readEtc("resolv.conf")), ownPorts }),
  });
}
