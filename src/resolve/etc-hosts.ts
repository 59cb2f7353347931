/**
 * /etc/hosts, as glibc's `files` backend answers `gethostbyaddr`: the first
 * line whose address equals the one asked for gives its first name.
 */
import { canonicalAddress, parseIpv4, parseIpv6 } from "./address.ts";

/** Maps canonical numeric address text to the first name listed for it. */
export type HostsTable = ReadonlyMap<string, string>;

/** Parses /etc/hosts text. Lines with an unparsable address are skipped, as glibc does. */
export function parseHosts(text: string): HostsTable {
  const table = new Map<string, string>();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") continue;
    const [address, name] = line.split(/[ \t]+/);
    if (address === undefined || name === undefined) continue;
    const key = canonicalAddress(address);
    if (key !== undefined && !table.has(key)) table.set(key, name);
  }
  return table;
}

/** What an IPv6 line of /etc/hosts gives an IPv4 lookup, as glibc reads it: `::1` is 127.0.0.1, a mapped address its IPv4 one. */
function asIpv4(bytes: Uint8Array): Uint8Array | undefined {
  const loopback = bytes.subarray(0, 15).every((b) => b === 0) && bytes[15] === 1;
  if (loopback) return new Uint8Array([127, 0, 0, 1]);
  const mapped = bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : undefined;
}

/** The addresses /etc/hosts lists for a name or alias, in file order, by family (gethostbyname2's files backend). */
export function parseHostAddresses(text: string): ReadonlyMap<string, { readonly inet: readonly Uint8Array[]; readonly inet6: readonly Uint8Array[] }> {
  const table = new Map<string, { inet: Uint8Array[]; inet6: Uint8Array[] }>();
  for (const raw of text.split("\n")) {
    const [address, ...names] = raw.replace(/#.*/, "").trim().split(/[ \t]+/);
    if (address === undefined || names.length === 0) continue;
    const v4 = parseIpv4(address);
    const bytes = v4 ?? parseIpv6(address);
    if (bytes === undefined) continue;
    for (const name of names) {
      let entry = table.get(name);
      if (entry === undefined) table.set(name, (entry = { inet: [], inet6: [] }));
      const inet = v4 ?? asIpv4(bytes);
      if (inet !== undefined) entry.inet.push(inet);
      if (v4 === undefined) entry.inet6.push(bytes);
    }
  }
  return table;
}
