/**
 * GNU `getopt_long` as glibc 2.36 implements it, for netstat's command line:
 * permuted arguments, clustered short options, unique long prefixes, and the
 * exact diagnostic sentences glibc prints.
 */

/** A long option. `exactOnly` options must be spelled in full and never take part in prefix matching. */
export interface LongOption {
  readonly name: string;
  readonly hasArg: "none" | "required" | "optional";
  /** What the option stands for; options with the same key are never ambiguous with each other. */
  readonly key: string;
  readonly exactOnly?: boolean;
  /**
   * For an `optional` argument: also take the next word as the value when it
   * exists and does not start with `-` (GNU getopt takes only `--name=value`).
   */
  readonly valueFromNextWord?: boolean;
  /** For an `optional` argument: also take the next word as the value when it matches (`--top 10`, but `--top -t`). */
  readonly valueFromNextWordLike?: RegExp;
}

/** One parsed option, or a diagnostic. */
export type GetoptItem =
  | {
      readonly kind: "option";
      readonly key: string;
      readonly value?: string;
      readonly index?: number;
      /** The option as the user typed it: `-I`, or a long option's name as given (`--interf`). */
      readonly spelling: string;
      /** Where in `args` the word holding the option is. */
      readonly word: number;
    }
  | { readonly kind: "error"; readonly message: string };

/** The parse: options in order (stopping after the first error), then the non-option words. */
export interface GetoptResult {
  readonly items: readonly GetoptItem[];
  readonly operands: readonly string[];
  /** Where in `args` each operand is, in the order of `operands`. */
  readonly operandWords: readonly number[];
}

interface ShortSpec {
  readonly hasArg: boolean;
  /** `x::` in the optstring: the argument, if any, is the rest of the same word. */
  readonly optional: boolean;
}

function compileShort(optstring: string): Map<string, ShortSpec> {
  const specs = new Map<string, ShortSpec>();
  for (let i = 0; i < optstring.length; i++) {
    const ch = optstring[i]!;
    if (ch === ":") continue;
    specs.set(ch, { hasArg: optstring[i + 1] === ":", optional: optstring[i + 1] === ":" && optstring[i + 2] === ":" });
  }
  return specs;
}

/**
 * Parses `args` (without argv[0]). `program` is the name glibc puts before
 * its messages. Items keep going after an error, as getopt does; the caller
 * decides when an item stops the run.
 */
export function getoptLong(
  program: string,
  args: readonly string[],
  optstring: string,
  longopts: readonly LongOption[],
): GetoptResult {
  const shorts = compileShort(optstring);
  const items: GetoptItem[] = [];
  const operands: string[] = [];
  const operandWords: number[] = [];
  let i = 0;
  while (i < args.length) {
    const arg = args[i]!;
    if (arg === "--") {
      for (let j = i + 1; j < args.length; j++) {
        operands.push(args[j]!);
        operandWords.push(j);
      }
      break;
    }
    if (arg.startsWith("--")) {
      i = parseLong(program, args, i, longopts, items);
      continue;
    }
    if (arg.length > 1 && arg.startsWith("-")) {
      i = parseShortCluster(program, args, i, shorts, items);
      continue;
    }
    operands.push(arg);
    operandWords.push(i);
    i++;
  }
  return { items, operands, operandWords };
}

function parseLong(
  program: string,
  args: readonly string[],
  at: number,
  longopts: readonly LongOption[],
  items: GetoptItem[],
): number {
  const body = args[at]!.slice(2);
  const eq = body.indexOf("=");
  const name = eq === -1 ? body : body.slice(0, eq);
  const inline = eq === -1 ? undefined : body.slice(eq + 1);
  let found: { opt: LongOption; index: number } | undefined = longopts
    .map((opt, index) => ({ opt, index }))
    .find(({ opt }) => opt.name === name);
  if (found === undefined) {
    const ambiguous = new Set<number>();
    longopts.forEach((opt, index) => {
      if (opt.exactOnly === true || !opt.name.startsWith(name)) return;
      if (found === undefined) {
        found = { opt, index };
      } else if (found.opt.hasArg !== opt.hasArg || found.opt.key !== opt.key) {
        ambiguous.add(found.index);
        ambiguous.add(index);
      }
    });
    if (ambiguous.size > 0) {
      const list = [...ambiguous]
        .sort((a, b) => a - b)
        .map((index) => ` '--${longopts[index]!.name}'`)
        .join("");
      // glibc names the whole word, `=value` included.
      items.push({ kind: "error", message: `${program}: option '--${body}' is ambiguous; possibilities:${list}\n` });
      return at + 1;
    }
  }
  if (found === undefined) {
    items.push({ kind: "error", message: `${program}: unrecognized option '--${body}'\n` });
    return at + 1;
  }
  const { opt, index } = found;
  const typed = { spelling: `--${name}`, word: at };
  if (inline !== undefined) {
    if (opt.hasArg === "none") {
      items.push({ kind: "error", message: `${program}: option '--${opt.name}' doesn't allow an argument\n` });
      return at + 1;
    }
    items.push({ kind: "option", key: opt.key, value: inline, index, ...typed });
    return at + 1;
  }
  if (opt.hasArg === "required") {
    const next = args[at + 1];
    if (next === undefined) {
      items.push({ kind: "error", message: `${program}: option '--${opt.name}' requires an argument\n` });
      return at + 1;
    }
    items.push({ kind: "option", key: opt.key, value: next, index, ...typed });
    return at + 2;
  }
  const following = args[at + 1];
  const takesNext = opt.valueFromNextWord === true ? !following?.startsWith("-") : opt.valueFromNextWordLike?.test(following ?? "") === true;
  if (opt.hasArg === "optional" && following !== undefined && takesNext) {
    items.push({ kind: "option", key: opt.key, value: following, index, ...typed });
    return at + 2;
  }
  items.push({ kind: "option", key: opt.key, index, ...typed });
  return at + 1;
}

function parseShortCluster(
  program: string,
  args: readonly string[],
  at: number,
  shorts: ReadonlyMap<string, ShortSpec>,
  items: GetoptItem[],
): number {
  const arg = args[at]!;
  for (let j = 1; j < arg.length; j++) {
    const ch = arg[j]!;
    const spec = shorts.get(ch);
    const typed = { spelling: `-${ch}`, word: at };
    if (spec === undefined) {
      items.push({ kind: "error", message: `${program}: invalid option -- '${ch}'\n` });
      continue;
    }
    if (!spec.hasArg) {
      items.push({ kind: "option", key: ch, ...typed });
      continue;
    }
    const rest = arg.slice(j + 1);
    if (rest !== "") {
      items.push({ kind: "option", key: ch, value: rest, ...typed });
      return at + 1;
    }
    if (spec.optional) {
      items.push({ kind: "option", key: ch, ...typed });
      return at + 1;
    }
    const next = args[at + 1];
    if (next === undefined) {
      items.push({ kind: "error", message: `${program}: option requires an argument -- '${ch}'\n` });
      return at + 1;
    }
    items.push({ kind: "option", key: ch, value: next, ...typed });
    return at + 2;
  }
  return at + 1;
}
