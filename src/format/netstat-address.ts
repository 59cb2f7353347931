/**
 * Address and port text as netstat prints it: host and network names
 * (INET_sprint / INET6_sprint), service names (get_sname), and the
 * `addr_do_one` truncation to 23 columns.
 */
import type { InetProto } from "../model/socket.ts";
import type { Names, ServiceList } from "../resolve/names.ts";
import { ipv4Number } from "../resolve/names.ts";
import { terminalSafe } from "./terminal-safe.ts";

/** Host-name choices that shape address text. */
export interface AddressTextOptions {
  readonly numericHosts: boolean;
  readonly numericPorts: boolean;
  readonly wide: boolean;
}

/** The service list netstat looks a port up in, per protocol (udplite uses udp's). */
const SERVICE_LIST: Readonly<Record<InetProto, ServiceList>> = { tcp: "tcp", udp: "udp", udplite: "udp", raw: "raw" };

const V4_MAPPED = /^::ffff:[0-9.]+$/i;

/** Whether netstat would ask the resolver for this address: select/hosts.ts. */
export { wantsHostLookup } from "../select/hosts.ts";

/** netstat's `fix_v4_address`: an IPv4-mapped address shows only its dotted quad. */
function fixV4(text: string, address: string): string {
  if (!V4_MAPPED.test(address)) return text;
  const dot = text.indexOf(".");
  if (dot === -1) return text;
  const colon = text.lastIndexOf(":", dot);
  return colon === -1 ? text : text.slice(colon + 1);
}

/** netstat keeps at most 127 bytes of a name. */
function clip(name: string): string {
  return name.length > 127 ? name.slice(0, 127) : name;
}

/** The host part of an address as netstat prints it. */
export function hostText(address: string, family: "inet" | "inet6", numeric: boolean, names: Names): string {
  if (family === "inet") {
    if (numeric || address === "0.0.0.0") return address;
    if (!address.startsWith("0.")) return clip(names.host(address) ?? address);
    const net = ipv4Number(address);
    return clip((net === undefined ? undefined : names.network(net)) ?? address);
  }
  if (numeric) return fixV4(address, address);
  if (address === "::") return "[::]";
  return fixV4(clip(names.host(address) ?? address), address);
}

/** The port part as netstat prints it: `*` for 0, else a service name or the number. */
export function portText(port: number, proto: InetProto, numeric: boolean, names: Names): string {
  if (port === 0) return "*";
  if (numeric) return String(port);
  return names.service(port, SERVICE_LIST[proto]) ?? String(port);
}

/** `host:port`, cut to 23 columns unless wide, as netstat's `addr_do_one` does. */
export function endpointText(
  address: string,
  port: number,
  family: "inet" | "inet6",
  proto: InetProto,
  options: AddressTextOptions,
  names: Names,
): string {
  // Names come from /etc files and DNS answers, which may hold any byte (difference 2); numbers never need it.
  const hostPart = hostText(address, family, options.numericHosts, names);
  const host = options.numericHosts ? hostPart : terminalSafe(hostPart);
  const service = port === 0 || options.numericPorts ? portText(port, proto, true, names) : terminalSafe(portText(port, proto, false, names));
  const shortLen = 22;
  if (!options.wide && host.length + service.length > shortLen) {
    const portLen = Math.min(service.length, shortLen - 4);
    return `${host.slice(0, shortLen - portLen)}:${service.slice(0, portLen)}`;
  }
  return `${host}:${service}`;
}
