/**
 * /etc/networks as glibc's `getnetbyaddr` reads it: a network number with
 * fewer than four parts is padded with `.0` parts, then read by `inet_network`.
 */

/** Maps a host-order 32-bit network number to its name. */
export type NetworksTable = ReadonlyMap<number, string>;

function inetNetwork(text: string): number | undefined {
  const parts = text.split(".");
  while (parts.length < 4) parts.push("0");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const p of parts) {
    const n = /^0x[0-9a-f]+$/i.test(p) ? Number.parseInt(p, 16) : /^[0-9]+$/.test(p) ? Number(p) : Number.NaN;
    if (!(n >= 0 && n <= 255)) return undefined;
    value = value * 256 + n;
  }
  return value >>> 0;
}

/** Parses /etc/networks text. The first entry for a number wins. */
export function parseNetworks(text: string): NetworksTable {
  const table = new Map<number, string>();
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line === "") continue;
    const [name, number] = line.split(/[ \t]+/);
    if (name === undefined || number === undefined) continue;
    const net = inetNetwork(number);
    if (net !== undefined && !table.has(net)) table.set(net, name);
  }
  return table;
}
