/**
 * The one difference the `-s` parity allows: a counter that moved while the tools ran. netstat
 * runs before and after ours; every line must have the same words in all three outputs, and each
 * number of ours must lie between netstat's before and after values at the same place.
 */

function split(line: string): { words: string; numbers: bigint[] } {
  const numbers: bigint[] = [];
  const words = line.replace(/\d+/g, (n) => {
    numbers.push(BigInt(n));
    return "#";
  });
  return { words, numbers };
}

/** Undefined when `ours` lies between `before` and `after`; otherwise the first offending line. */
export function countersBetween(before: string, ours: string, after: string): string | undefined {
  const b = before.split("\n");
  const o = ours.split("\n");
  const a = after.split("\n");
  if (b.length !== o.length || a.length !== o.length) return `line counts differ: ${b.length}, ours ${o.length}, ${a.length}`;
  for (let i = 0; i < o.length; i++) {
    const sb = split(b[i]!);
    const so = split(o[i]!);
    const sa = split(a[i]!);
    if (sb.words !== so.words || sa.words !== so.words) return `line ${i + 1}: ${JSON.stringify(o[i])} vs ${JSON.stringify(b[i])}`;
    for (let k = 0; k < so.numbers.length; k++) {
      const lo = sb.numbers[k]! < sa.numbers[k]! ? sb.numbers[k]! : sa.numbers[k]!;
      const hi = sb.numbers[k]! < sa.numbers[k]! ? sa.numbers[k]! : sb.numbers[k]!;
      const n = so.numbers[k]!;
      if (n < lo || n > hi) return `line ${i + 1}: ${n} is not within ${lo}..${hi}: ${JSON.stringify(o[i])}`;
    }
  }
  return undefined;
}
