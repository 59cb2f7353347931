/**
 * ss's filter language (iproute2 `misc/ssfilter.y` and `ss.c`) read into a tree: words split
 * at blanks (a backslash keeps the next character), leading `state`/`exclude` words, then the
 * expression. As in ss, `and` and `or` have one precedence and group left to right
 * (`a or b and c` is `( a or b ) and c`), two expressions side by side are joined by `and`,
 * and a word that is no keyword is read as the operand of the last keyword before it.
 */
import { StateListSchema } from "../model/filters.ts";
import type { SsFamily, SsFilter, SsHostCond, SsNode } from "../model/ss-filter.ts";
import * as v from "valibot";
import { cNumber, parseHostCond, SsOperandError, type SsLookups } from "./ss-filter-host.ts";

/** An expression that cannot be read: the sentence says which word and why. */
export class SsFilterError extends SyntaxError {}

/** Keywords and operators by their spellings (ss's lexer). */
const KEYWORDS: Readonly<Record<string, string>> = {
  "!": "!", not: "!", "&": "&", "&&": "&", and: "&", "|": "|", "||": "|", or: "|", "(": "(", ")": ")",
  dst: "dst", src: "src", dport: "dport", sport: "sport", dev: "dev", fwmark: "fwmark", cgroup: "cgroup", autobound: "autobound",
  ">=": "ge", ge: "ge", geq: "ge", "<=": "le", le: "le", leq: "le", "!=": "ne", ne: "ne", neq: "ne",
  "=": "=", "==": "=", eq: "=", ">": "gt", gt: "gt", "<": "lt", lt: "lt",
};

/** The words ss's `state` and `exclude` take (any case), each as the words `--state` reads for it. */
const SS_STATES: Readonly<Record<string, string>> = {
  established: "established", "syn-sent": "syn-sent", "syn-recv": "syn-recv", "syn-rcv": "syn-recv", "fin-wait-1": "fin-wait-1",
  "fin-wait-2": "fin-wait-2", "time-wait": "time-wait", unconnected: "close", close: "close", closed: "close",
  "close-wait": "close-wait", "last-ack": "last-ack", listening: "listen", closing: "closing", unknown: "unknown",
  all: "all", connected: "connected", synchronized: "synchronized", bucket: "bucket", big: "big",
};

/** The words of the text as ss's lexer splits them: at spaces and tabs, a backslash keeping the character after it. */
export function ssWords(text: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === " " || ch === "\t") {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === "\\") {
      word = (word ?? "") + (text[i + 1] ?? "");
      i++;
    } else word = (word ?? "") + ch;
  }
  if (word !== undefined) words.push(word);
  return words;
}

const statesOf = (word: string): readonly string[] => {
  const name = SS_STATES[word.toLowerCase()];
  if (name === undefined) throw new SsFilterError(`'${word}' is not a state: the states are ${Object.keys(SS_STATES).join(", ")}`);
  return v.parse(StateListSchema, name);
};

/** The leading `state NAME` and `exclude NAME` words as the states they leave, and the words after them. */
function leadingStates(words: readonly string[]): { readonly states: readonly string[] | undefined; readonly rest: readonly string[] } {
  let states: Set<string> | undefined;
  let i = 0;
  for (; i < words.length && (words[i] === "state" || words[i] === "exclude" || words[i] === "excl"); i += 2) {
    const name = words[i + 1];
    if (name === undefined) throw new SsFilterError(`'${words[i]}' needs a state name after it`);
    const named = statesOf(name);
    if (words[i] === "state") {
      states ??= new Set();
      for (const s of named) states.add(s);
    } else {
      states ??= new Set(statesOf("all"));
      for (const s of named) states.delete(s);
    }
  }
  return { states: states === undefined ? undefined : [...states], rest: words.slice(i) };
}

interface Token {
  readonly kind: string;
  readonly word: string;
  readonly cond?: SsHostCond;
  readonly index?: number;
}

/** What the parser needs besides the words: the lookups and the family -4 or -6 put in force. */
export interface SsParseContext extends SsLookups {
  readonly family: SsFamily | undefined;
  readonly ephemeral: () => readonly [number, number];
  /** Whether raw sockets come from socket-diag, which the expression filters too (asked only when it is used). */
  readonly rawDiag: () => boolean;
  /** The kernel's `autobound` answers by socket cookie (asked only when the expression has `autobound`). */
  readonly kernelAutobound?: () => ((cookie: number) => boolean | undefined) | undefined;
}

/** iproute2's parse_devcond: an interface name, else its index as a number in any C base. */
function deviceIndex(word: string, lookups: SsLookups): number {
  const index = lookups.interfaceIndex(word);
  if (index !== undefined && index !== 0) return index;
  const { value, end } = cNumber(word);
  if (word === "" || end !== word.length || value < 0 || value > 4294967295) throw new SsFilterError(`'${word}' is not an interface name or index`);
  return value;
}

/** The tokens of the expression words; operands are read when met, as ss's lexer reads them. */
function* tokens(words: readonly string[], ctx: SsParseContext, state: { family: SsFamily | undefined; named: SsFamily | undefined }): Generator<Token> {
  let last = "";
  for (const word of words) {
    const kind = KEYWORDS[word];
    if (kind !== undefined) {
      if (["dst", "src", "dport", "sport", "dev", "fwmark", "cgroup", "autobound"].includes(kind)) last = kind;
      yield { kind, word };
      continue;
    }
    if (last === "fwmark" || last === "cgroup") throw new SsFilterError(`'${last}' is not supported: the listing reads no socket marks or cgroups`);
    if (last === "dev") {
      yield { kind: "device", word, index: deviceIndex(word, ctx) };
      continue;
    }
    try {
      const cond = parseHostCond(word, last === "sport" || last === "dport", state.family, ctx);
      // As in ss, a family in force narrows the listing to it and is the default of later operands.
      if (cond.family !== undefined) state.named = state.family = cond.family;
      yield { kind: "host", word, cond };
    } catch (e) {
      if (e instanceof SsOperandError) throw new SsFilterError(e.message);
      throw e;
    }
  }
}

/** A node and its words. */
type Read = readonly [SsNode, string];

const START = new Set(["(", "!", "dst", "src", "dport", "sport", "dev", "fwmark", "cgroup", "autobound"]);
const not = (operand: SsNode): SsNode => ({ kind: "not", operand });

/** A recursive-descent reading of ssfilter.y's grammar over the tokens. */
class Parser {
  private next: Token | undefined;
  /** Whether an `and` and an `or` met at one bracket level. */
  mixed = false;
  /** The words taken so far, for the text of what was read. */
  private readonly words: string[] = [];
  constructor(private readonly source: Iterator<Token>) {
    this.next = this.pull();
  }
  private pull(): Token | undefined {
    const r = this.source.next();
    return r.done === true ? undefined : r.value;
  }
  private take(): Token {
    const t = this.next;
    if (t === undefined) throw this.unexpected(undefined);
    this.words.push(t.word);
    this.next = this.pull();
    return t;
  }
  private unexpected(t: Token | undefined): SsFilterError {
    if (t !== undefined) return new SsFilterError(`unexpected '${t.word}'`);
    const last = this.words.at(-1);
    return new SsFilterError(last === undefined ? "the expression ends too soon" : `the expression ends too soon, after '${last}'`);
  }
  atEnd(): boolean {
    return this.next === undefined;
  }
  /** An expression list, with its text grouped in brackets as it was read. */
  list(): Read {
    let [node, text] = this.expr();
    const seen = new Set<string>();
    for (;;) {
      const t = this.next;
      if (t === undefined || t.kind === ")") break;
      if (t.kind === "|" || t.kind === "&") this.take();
      else if (!START.has(t.kind)) throw this.unexpected(t);
      const kind = t.kind === "|" ? "or" : "and";
      seen.add(kind);
      const [right, rightText] = this.expr();
      node = { kind, left: node, right };
      text = `( ${text} ${kind} ${rightText} )`;
    }
    if (seen.size === 2) this.mixed = true;
    return [node, text];
  }
  private operand(kind: string): Token {
    const t = this.take();
    if (t.kind !== kind) throw this.unexpected(t);
    return t;
  }
  private expr(): Read {
    const first = this.words.length;
    const t = this.next;
    if (t?.kind === "(") {
      this.take();
      const [inner, text] = this.list();
      if (this.next?.kind !== ")") throw this.unexpected(this.next);
      this.take();
      return [inner, text.startsWith("( ") && text.endsWith(" )") ? text : `( ${text} )`];
    }
    if (t?.kind === "!") {
      this.take();
      const [operand, text] = this.expr();
      return [not(operand), `${t.word} ${text}`];
    }
    const node = this.node();
    return [node, this.words.slice(first).join(" ")];
  }
  private node(): SsNode {
    const t = this.take();
    switch (t.kind) {
      case "autobound":
        return { kind: "autobound" };
      case "dst":
      case "src": {
        if (this.next?.kind === "=") this.take();
        return { kind: "host", end: t.kind === "src" ? "local" : "remote", cond: this.operand("host").cond! };
      }
      case "dport":
      case "sport": {
        const end = t.kind === "sport" ? "local" : "remote";
        const op = this.next?.kind ?? "";
        if (["=", "ge", "le", "gt", "lt", "ne"].includes(op)) this.take();
        const cond = this.operand("host").cond!;
        const eq: SsNode = { kind: "host", end, cond };
        const ops: Readonly<Record<string, SsNode>> = {
          ge: { kind: "port-ge", end, port: cond.port }, le: { kind: "port-le", end, port: cond.port },
          gt: not({ kind: "port-le", end, port: cond.port }), lt: not({ kind: "port-ge", end, port: cond.port }), ne: not(eq),
        };
        return ops[op] ?? eq;
      }
      case "dev": {
        const negated = this.next?.kind === "ne";
        if (negated || this.next?.kind === "=") this.take();
        const node: SsNode = { kind: "dev", index: this.operand("device").index! };
        return negated ? not(node) : node;
      }
      default:
        throw this.unexpected(t);
    }
  }
}

/** Whether a node or one below it is `autobound`. */
function usesAutobound(node: SsNode): boolean {
  switch (node.kind) {
    case "and":
    case "or":
      return usesAutobound(node.left) || usesAutobound(node.right);
    case "not":
      return usesAutobound(node.operand);
    default:
      return node.kind === "autobound";
  }
}

/** Reads a `--filter` text; SsFilterError when it is not one. */
export function parseSsFilter(text: string, ctx: SsParseContext): SsFilter {
  const { states, rest } = leadingStates(ssWords(text));
  const state = { family: ctx.family, named: undefined as SsFamily | undefined };
  const parser = new Parser(tokens(rest, ctx, state));
  const read = parser.atEnd() ? undefined : parser.list();
  // The list stops only at its end or at a `)` that closes nothing.
  if (!parser.atEnd()) throw new SsFilterError("unexpected ')'");
  const expression = read?.[0];
  const autobound = expression !== undefined && usesAutobound(expression);
  return {
    text,
    states,
    expression,
    family: state.named,
    autobound,
    ephemeral: autobound ? ctx.ephemeral() : [0, -1],
    ...(autobound && ctx.kernelAutobound !== undefined ? { kernelAutobound: ctx.kernelAutobound() } : {}),
    kernelRaw: expression !== undefined && ctx.rawDiag(),
    readAs: read !== undefined && parser.mixed ? read[1] : undefined,
  };
}
