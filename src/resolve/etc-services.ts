/**
 * /etc/services and /etc/protocols, loaded the way netstat's `get_sname`
 * does: services per protocol, protocols added to the raw list after them,
 * and for duplicates the last entry in the file wins.
 */

/** Port-to-name tables for the three lists netstat keeps. */
export interface ServiceTables {
  readonly tcp: ReadonlyMap<number, string>;
  readonly udp: ReadonlyMap<number, string>;
  readonly raw: ReadonlyMap<number, string>;
}

function entries(text: string): string[][] {
  const rows: string[][] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*/, "").trim();
    if (line !== "") rows.push(line.split(/[ \t]+/));
  }
  return rows;
}

/** Builds the service tables from /etc/services and /etc/protocols text (either may be empty). */
export function parseServiceTables(services: string, protocols: string): ServiceTables {
  const lists = { tcp: new Map<number, string>(), udp: new Map<number, string>(), raw: new Map<number, string>() };
  for (const [name, portProto] of entries(services)) {
    const m = /^([0-9]+)\/([a-z]+)$/.exec(portProto ?? "");
    if (name === undefined || m === null) continue;
    const list = lists[m[2] as keyof typeof lists] as Map<number, string> | undefined;
    if (list !== undefined) list.set(Number(m[1]), name);
  }
  for (const [name, number] of entries(protocols)) {
    if (name !== undefined && number !== undefined && /^[0-9]+$/.test(number)) lists.raw.set(Number(number), name);
  }
  return lists;
}

/** Name-to-port tables per protocol, names and aliases both, the first entry winning (getservbyname's files backend). */
export function parseServicePorts(services: string): { readonly tcp: ReadonlyMap<string, number>; readonly udp: ReadonlyMap<string, number> } {
  const lists = { tcp: new Map<string, number>(), udp: new Map<string, number>() };
  for (const [name, portProto, ...aliases] of entries(services)) {
    const m = /^([0-9]+)\/([a-z]+)$/.exec(portProto ?? "");
    const list = m === null ? undefined : (lists[m[2] as keyof typeof lists] as Map<string, number> | undefined);
    if (name === undefined || m === null || list === undefined) continue;
    for (const word of [name, ...aliases]) if (!list.has(word)) list.set(word, Number(m[1]));
  }
  return lists;
}
