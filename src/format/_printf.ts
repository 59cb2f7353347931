/** The few printf conversions netstat's text uses, as small pure helpers. */

/** `%-Ns`: left-justified in at least `width` characters. */
export function left(text: string, width: number): string {
  return text.padEnd(width);
}

/** `%Ns` / `%Nd`: right-justified in at least `width` characters. */
export function right(text: string | number, width: number): string {
  return String(text).padStart(width);
}

/** `%2.2f`. */
export function fixed2(value: number): string {
  return right(value.toFixed(2), 2);
}

/** `%lu` of a value stored as a signed 64-bit long (all ones is 18446744073709551615). */
export function unsignedLong(value: number): string {
  return value < 0 ? BigInt.asUintN(64, BigInt(value)).toString() : String(value);
}
