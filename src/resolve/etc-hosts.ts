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
      entry[v4 === undefined ? "inet6" : "inet"].push(bytes);
    }
  }
  return table;
}
