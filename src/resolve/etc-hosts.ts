/**
 * /etc/hosts, as glibc's `files` backend answers `gethostbyaddr`: the first
 * line whose address equals the one asked for gives its first name.
 */
import { canonicalAddress } from "./address.ts";

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
