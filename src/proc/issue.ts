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
