/** A line of a /proc file that could not be parsed, and why. */
export interface LineIssue {
  /** Zero-based line number in the file, counting the header as line 0. */
  readonly line: number;
  /** The line as read, without its newline. */
  readonly text: string;
  /** Why the line was rejected, e.g. "expected 11 fields, got 3". */
  readonly reason: string;
}

/** The result of parsing one /proc file: every good record, and every bad line. */
export interface Parsed<T> {
  readonly records: readonly T[];
  readonly issues: readonly LineIssue[];
}

/** One line's outcome, for tables whose complaints are printed between their rows. */
export type Entry<T> =
  | { readonly kind: "record"; readonly record: T }
  | { readonly kind: "issue"; readonly issue: LineIssue };

/** A parse that keeps records and bad lines in file order. */
export interface Ordered<T> {
  readonly entries: readonly Entry<T>[];
}

/**
 * Parses every line after the header, as netstat's fgets loops do: `parseLine`
 * returns a record, or the reason the line is bogus.
 */
export function parseRows<T>(lines: readonly string[], parseLine: (line: string) => T | { readonly bogus: string }): Parsed<T> {
  const records: T[] = [];
  const issues: LineIssue[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const r = parseLine(line);
    if (typeof r === "object" && r !== null && "bogus" in r) issues.push({ line: i, text: line.replace(/\n$/, ""), reason: r.bogus });
    else records.push(r);
  }
  return { records, issues };
}
