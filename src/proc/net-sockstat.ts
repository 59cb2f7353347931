/**
 * Parser for /proc/net/sockstat and /proc/net/sockstat6, read the way ss's
 * `-s` reads them: each line is `ID: name value name value ...`, and a
 * line's values are its second, fourth, ... words, each read as a C `%d`
 * (leading digits count; the first word that is no number ends the line).
 */

/** The values of each line by its ID (`sockets:`, `TCP:`, `UDP6:`, ...), in line order. */
export type Sockstat = ReadonlyMap<string, readonly number[]>;

/** A C `%d` of one word: its leading optional sign and digits, or undefined when it has none. */
function cInt(word: string): number | undefined {
  const m = /^[+-]?[0-9]+/.exec(word);
  if (m === null) return undefined;
  // %d into an int: the kernel's figures fit; wrap as a 32-bit store would.
  return Number(BigInt.asIntN(32, BigInt(m[0])));
}

/** One line's ID and values; undefined for a line ss's `%[^ ] %[^\n]` does not split. */
export function parseSockstatLine(line: string): { readonly id: string; readonly values: readonly number[] } | undefined {
  const space = line.indexOf(" ");
  if (space <= 0) return undefined;
  const rest = line.slice(space + 1).replace(/\n$/, "");
  if (rest === "" || rest.startsWith("\n")) return undefined;
  const words = rest.trim().split(/\s+/);
  const values: number[] = [];
  for (let i = 1; i < words.length; i += 2) {
    const n = cInt(words[i]!);
    if (n === undefined) break;
    values.push(n);
  }
  return { id: line.slice(0, space), values };
}

/**
 * Parses sockstat text into `into` (a later line's values replace an earlier one's, position by
 * position, as ss's assignments do), returning the merged map.
 */
export function parseSockstat(text: string, into: Sockstat = new Map()): Sockstat {
  const merged = new Map(into);
  for (const line of text.split("\n")) {
    const parsed = parseSockstatLine(line);
    if (parsed === undefined) continue;
    const old = merged.get(parsed.id) ?? [];
    merged.set(parsed.id, parsed.values.length >= old.length ? parsed.values : [...parsed.values, ...old.slice(parsed.values.length)]);
  }
  return merged;
}

/** The `position`th value (from 0) of line `id`, 0 when absent, as ss's zeroed summary starts. */
export function sockstatValue(s: Sockstat, id: string, position = 0): number {
  return s.get(id)?.[position] ?? 0;
}
