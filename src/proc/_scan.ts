/**
 * A small emulation of glibc `sscanf` for the handful of conversions that
 * net-tools uses on /proc lines. It exists so that malformed lines yield the
 * same number of converted fields as in netstat, which decides whether a line
 * is printed, partly printed or reported as bogus.
 */

/** One compiled directive of a scan format. */
type Directive =
  | { readonly kind: "space" }
  | { readonly kind: "literal"; readonly char: string }
  | { readonly kind: "int"; readonly base: 10 | 16; readonly bits: 32 | 64; readonly signed: boolean; readonly skip: boolean }
  | { readonly kind: "set"; readonly width: number; readonly chars: RegExp; readonly skip: boolean }
  | { readonly kind: "string"; readonly width: number; readonly skip: boolean };

/** A compiled format, made once with {@linkcode compileScan}. */
export interface ScanFormat {
  readonly directives: readonly Directive[];
}

/** A converted value: numbers for integer conversions, strings otherwise. */
export type ScanValue = number | string;

/** C `isspace` in the C locale. */
function isSpace(ch: string | undefined): boolean {
  return ch === " " || ch === "\t" || ch === "\n" || ch === "\v" || ch === "\f" || ch === "\r";
}

/** Compiles a scanf format that uses `%d %u %X %p %s %[set]`, optional `l`, widths and `*`. */
export function compileScan(format: string): ScanFormat {
  const directives: Directive[] = [];
  let i = 0;
  while (i < format.length) {
    const ch = format[i]!;
    if (isSpace(ch)) {
      while (isSpace(format[i])) i++;
      directives.push({ kind: "space" });
      continue;
    }
    if (ch !== "%") {
      directives.push({ kind: "literal", char: ch });
      i++;
      continue;
    }
    i++;
    const skip = format[i] === "*";
    if (skip) i++;
    let width = 0;
    while (/[0-9]/.test(format[i] ?? "")) width = width * 10 + Number(format[i++]);
    let bits: 32 | 64 = 32;
    while (format[i] === "l") {
      bits = 64;
      i++;
    }
    const conv = format[i++];
    switch (conv) {
      case "d":
        directives.push({ kind: "int", base: 10, bits, signed: true, skip });
        break;
      case "u":
        directives.push({ kind: "int", base: 10, bits, signed: false, skip });
        break;
      case "X":
      case "x":
        directives.push({ kind: "int", base: 16, bits, signed: false, skip });
        break;
      case "p":
        directives.push({ kind: "int", base: 16, bits: 64, signed: false, skip });
        break;
      case "s":
        directives.push({ kind: "string", width, skip });
        break;
      case "[": {
        const end = format.indexOf("]", i + 1);
        const body = format.slice(i, end);
        i = end + 1;
        directives.push({ kind: "set", width, chars: new RegExp(`^[${body}]$`), skip });
        break;
      }
      default:
        throw new SyntaxError(`Cannot compile scan format: unsupported conversion %${conv ?? ""}`);
    }
  }
  return { directives };
}

const HEX_DIGIT = /[0-9A-Fa-f]/;
const DEC_DIGIT = /[0-9]/;

/**
 * Wraps an integer to the C type that the conversion stores into. 64-bit
 * values come back as signed longs, which is how netstat prints them (`%ld`),
 * and which keeps all-ones values exact (-1) in a JavaScript number.
 */
function wrap(value: bigint, bits: 32 | 64, signed: boolean): number {
  if (bits === 64) return Number(BigInt.asIntN(64, value));
  return Number(signed ? BigInt.asIntN(32, value) : BigInt.asUintN(32, value));
}

/**
 * Scans `line` like glibc `sscanf(line, format, ...)`.
 * Returns the converted values in order; their count is sscanf's return value
 * (suppressed `%*` conversions are not returned).
 */
export function scan(line: string, format: ScanFormat): ScanValue[] {
  // sscanf sees a C string: a NUL byte ends the input wherever it appears.
  const nul = line.indexOf("\0");
  const input = nul === -1 ? line : line.slice(0, nul);
  const out: ScanValue[] = [];
  let pos = 0;
  for (const d of format.directives) {
    switch (d.kind) {
      case "space":
        while (isSpace(input[pos])) pos++;
        break;
      case "literal":
        if (input[pos] !== d.char) return out;
        pos++;
        break;
      case "int": {
        while (isSpace(input[pos])) pos++;
        let j = pos;
        let negative = false;
        if (input[j] === "-" || input[j] === "+") {
          negative = input[j] === "-";
          j++;
        }
        const digit = d.base === 16 ? HEX_DIGIT : DEC_DIGIT;
        // glibc reads a 0x prefix one character at a time and keeps it even when no hex digit
        // follows: "0x" alone converts as 0.
        const prefixed = d.base === 16 && input[j] === "0" && (input[j + 1] === "x" || input[j + 1] === "X");
        if (prefixed) j += 2;
        const start = j;
        while (j < input.length && digit.test(input[j]!)) j++;
        if (j === start && !prefixed) return out;
        const digits = j === start ? "0" : input.slice(start, j);
        let value = BigInt(d.base === 16 ? `0x${digits}` : digits);
        // strtol saturates to LONG_MIN/LONG_MAX and strtoul to ULONG_MAX (sign ignored) before the store truncates.
        const max = d.signed ? (1n << 63n) - 1n : (1n << 64n) - 1n;
        if (value > max) value = d.signed && negative ? -(max + 1n) : max;
        else if (negative) value = -value;
        pos = j;
        if (!d.skip) out.push(wrap(value, d.bits, d.signed));
        break;
      }
      case "set": {
        let j = pos;
        const limit = d.width > 0 ? pos + d.width : input.length;
        while (j < input.length && j < limit && d.chars.test(input[j]!)) j++;
        if (j === pos) return out;
        if (!d.skip) out.push(input.slice(pos, j));
        pos = j;
        break;
      }
      case "string": {
        while (isSpace(input[pos])) pos++;
        if (pos >= input.length) return out;
        let j = pos;
        const limit = d.width > 0 ? pos + d.width : input.length;
        while (j < input.length && j < limit && !isSpace(input[j])) j++;
        if (!d.skip) out.push(input.slice(pos, j));
        pos = j;
        break;
      }
    }
  }
  return out;
}
