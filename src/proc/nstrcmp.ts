/**
 * net-tools' `nstrcmp`, the order of netstat's interface list: names
 * compare by their text before a trailing number, then by that number,
 * then by an alias suffix `:N` (none sorts first).
 */

function atoi(text: string): number {
  const m = /^\s*([-+]?[0-9]+)/.exec(text);
  return m === null ? 0 : Number.parseInt(m[1]!, 10) | 0;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

/** Splits off a numeric `:N` alias suffix, as net-tools' cutalias does. */
function cutAlias(name: string): { base: string; alias: string | undefined } {
  let digit = false;
  for (let pos = name.length; pos > 0; pos--) {
    const ch = name[pos - 1];
    if (ch === ":" && digit) return { base: name.slice(0, pos - 1), alias: name.slice(pos) };
    if (!isDigit(ch)) break;
    digit = true;
  }
  return { base: name, alias: undefined };
}

function lastNonDigit(name: string): number {
  for (let pos = name.length; pos > 0; pos--) if (!isDigit(name[pos - 1])) return pos;
  return 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Compares interface names as netstat orders them: negative, zero or positive. */
export function nstrcmp(left: string, right: string): number {
  const a = cutAlias(left);
  const b = cutAlias(right);
  const ai = lastNonDigit(a.base);
  const bi = lastNonDigit(b.base);
  const common = Math.min(ai, bi);
  const prefix = cmp(a.base.slice(0, common), b.base.slice(0, common));
  if (prefix !== 0) return prefix;
  if (ai !== bi) return ai > bi ? 1 : -1;
  const an = atoi(a.base.slice(ai));
  const bn = atoi(b.base.slice(bi));
  if (an !== bn) return an < bn ? -1 : 1;
  const whole = cmp(a.base, b.base);
  if (whole !== 0) return whole;
  const av = a.alias === undefined ? -1 : atoi(a.alias);
  const bv = b.alias === undefined ? -1 : atoi(b.alias);
  if (av !== bv) return av < bv ? -1 : 1;
  return a.alias !== undefined && b.alias !== undefined ? cmp(a.alias, b.alias) : 0;
}

/** Inserts `name` into a list kept in nstrcmp order, as net-tools' if_cache_add does (no duplicates). */
export function insertInterfaceName(list: string[], name: string): void {
  let i = list.length;
  while (i > 0) {
    const n = nstrcmp(list[i - 1]!, name);
    if (n === 0) return;
    if (n < 0) break;
    i--;
  }
  list.splice(i, 0, name);
}
