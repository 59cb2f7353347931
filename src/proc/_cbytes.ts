/**
 * A few bytes of C stack, for the netstat functions whose output depends on
 * fixed char arrays: `fgets` into a buffer that keeps stale bytes past the new
 * line, cuts such as `buffer[9] = 0`, and `%s` conversions that run over into
 * the array declared next to them.
 *
 * Real stack bytes start unknown; these start as zero. Writes past the end
 * are dropped and reads stop there: both are undefined behaviour in C.
 */

/** A block of `size` zero bytes. */
export function cBlock(size: number): Uint8Array {
  return new Uint8Array(size);
}

/** Stores `text` (latin1) and its terminating NUL at `offset`, as fgets, strcpy or `%s` do. */
export function cStore(block: Uint8Array, offset: number, text: string): void {
  const end = Math.min(block.length, offset + text.length);
  for (let i = offset; i < end; i++) block[i] = text.charCodeAt(i - offset) & 0xff;
  if (offset + text.length < block.length) block[offset + text.length] = 0;
}

/** The C string at `offset`: the bytes up to the first NUL, or up to the end of the block. */
export function cString(block: Uint8Array, offset: number): string {
  let end = offset;
  while (end < block.length && block[end] !== 0) end++;
  return String.fromCharCode(...block.subarray(offset, end));
}

/**
 * A fixed-width column without its padding spaces. netstat prints such columns
 * left-justified at least as wide as the cut, so dropping them changes no output.
 */
export function trimSpaces(text: string): string {
  return text.replace(/ +$/, "");
}
