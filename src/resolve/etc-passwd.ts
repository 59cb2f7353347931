/** /etc/passwd as `getpwuid` reads it with the `files` backend: the first line for a uid wins. */

/** Maps uid to user name. */
export type PasswdTable = ReadonlyMap<number, string>;

/** Parses /etc/passwd text; malformed lines are skipped. */
export function parsePasswd(text: string): PasswdTable {
  const table = new Map<number, string>();
  for (const line of text.split("\n")) {
    const fields = line.split(":");
    if (fields.length < 7) continue;
    const [name, , uid] = fields;
    if (name === undefined || name === "" || !/^[0-9]+$/.test(uid ?? "")) continue;
    const id = Number(uid);
    if (!table.has(id)) table.set(id, name);
  }
  return table;
}
