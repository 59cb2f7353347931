/**
 * What `--filter` reads from the system, given to the argument parser so that it stays pure:
 * service names (/etc/services), host names (/etc/hosts), interface indexes (/sys/class/net)
 * and the local port range (`ip_local_port_range`, which ss takes as 1024-4999 when it cannot
 * read it). Each is read once, on first use.
 */
import { readFileSync } from "node:fs";
import { parseHostAddresses } from "../resolve/etc-hosts.ts";
import { parseServicePorts } from "../resolve/etc-services.ts";
import { readEtc } from "../sources/etc.ts";
import { kernelAutobound, portRangeOf } from "../sources/autobound.ts";
import { rawDiagAvailable } from "../sources/sock-diag.ts";

/** The lookups, as the parser of `--filter` takes them (see src/select/ss-filter-host.ts). */
export interface FilterLookups {
  readonly servicePort: (name: string, proto: "tcp" | "udp") => number | undefined;
  readonly hostAddresses: (name: string, family: "inet" | "inet6") => readonly Uint8Array[];
  readonly interfaceIndex: (name: string) => number | undefined;
  readonly ephemeral: (procRoot: string) => readonly [number, number];
  readonly rawDiag: () => boolean;
  readonly kernelAutobound: () => ((cookie: number) => boolean | undefined) | undefined;
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "latin1");
  } catch {
    // Absent or unreadable: the caller's default applies, as ss's does.
    return undefined;
  }
}

/** The lookups of this machine. */
export function systemFilterLookups(): FilterLookups {
  let services: ReturnType<typeof parseServicePorts> | undefined;
  let hosts: ReturnType<typeof parseHostAddresses> | undefined;
  return {
    servicePort: (name, proto) => (services ??= parseServicePorts(readEtc("services")))[proto].get(name),
    hostAddresses: (name, family) => (hosts ??= parseHostAddresses(readEtc("hosts"))).get(name)?.[family] ?? [],
    interfaceIndex: (name) => {
      if (name === "" || name.includes("/") || name === "." || name === "..") return undefined;
      const text = readOrUndefined(`/sys/class/net/${name}/ifindex`)?.trim();
      return text !== undefined && /^[0-9]+$/.test(text) ? Number(text) : undefined;
    },
    rawDiag: rawDiagAvailable,
    kernelAutobound: () => kernelAutobound(),
    ephemeral: (procRoot) => portRangeOf(readOrUndefined(`${procRoot}/sys/net/ipv4/ip_local_port_range`)) ?? [1024, 4999],
  };
}
