/**
 * Byte strings: the one rule for text that comes from outside.
 *
 * Linux names things in bytes, not characters: /proc and /etc files, directory entries
 * (/run/netns names, /proc PIDs), link targets and command-line arguments may hold any byte
 * but NUL, and nothing promises UTF-8. So every such text is held as a *byte string*: a JS
 * string with one character (U+0000..U+00FF) per byte, as Node's "latin1" encoding reads and
 * writes it. End to end:
 *
 * - In: files, directory listings and links are read as latin1; arguments are the raw bytes of
 *   /proc/self/cmdline ({@linkcode argumentBytes}), since the runtime's `process.argv` has
 *   already decoded them as UTF-8 and lost every byte that is not.
 * - Inside: comparing an argument with a name read from the system (`--program`, `--user`,
 *   `-I`, `--netns`) compares bytes with bytes. Source-code literals are ASCII, which reads the
 *   same either way.
 * - Back to the system: a path is handed to the file system as its bytes ({@linkcode osPath}).
 * - Out: the sinks write one byte per character. netstat text and tables show only printable
 *   ASCII in columns (format/terminal-safe.ts); messages keep printable UTF-8 and show any other
 *   byte as `.`; JSON decodes UTF-8 ({@linkcode decodeBytes}) and writes each byte that is not
 *   valid UTF-8 as the lone surrogate U+DC80..U+DCFF (PEP 383), so JSON stays valid UTF-8 and
 *   loses nothing.
 */

/** A byte string: one character per byte, each U+0000..U+00FF. */
export type Bytes = string;

const ASCII = /^[\x00-\x7f]*$/;

/** The UTF-8 bytes of Unicode text, as a byte string (for text only the runtime had: fallback arguments). */
export function utf8Bytes(text: string): Bytes {
  return ASCII.test(text) ? text : Buffer.from(text, "utf8").toString("latin1");
}

/** A byte string as the file system takes a path: its bytes, not their UTF-8 re-encoding. */
export function osPath(path: Bytes): string | Buffer {
  // An ASCII path is the same either way; the engine's string paths are its fast path.
  return ASCII.test(path) ? path : Buffer.from(path, "latin1");
}

/** The length of the UTF-8 sequence starting at `i`, or 0 when the byte there starts none. */
export function utf8SequenceAt(bytes: Bytes, i: number): number {
  const b0 = bytes.charCodeAt(i);
  if (b0 < 0x80) return 1;
  const need = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : -1;
  if (need < 0 || i + need >= bytes.length) return 0;
  let cp = need === 1 ? b0 & 0x1f : need === 2 ? b0 & 0x0f : b0 & 0x07;
  for (let k = 1; k <= need; k++) {
    const b = bytes.charCodeAt(i + k);
    if ((b & 0xc0) !== 0x80) return 0;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
  if ((need === 2 && cp < 0x800) || (need === 3 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return 0;
  return need + 1;
}

/** The code point of the valid `n`-byte UTF-8 sequence at `i` (see utf8SequenceAt). */
function codePointOf(bytes: Bytes, i: number, n: number): number {
  let cp = bytes.charCodeAt(i) & (0xff >> (n + 1));
  for (let k = 1; k < n; k++) cp = (cp << 6) | (bytes.charCodeAt(i + k) & 0x3f);
  return cp;
}

/** Decodes a byte string as UTF-8, each byte that is not valid UTF-8 becoming U+DC80..U+DCFF. */
export function decodeBytes(bytes: Bytes): string {
  if (ASCII.test(bytes)) return bytes;
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceAt(bytes, i);
    if (n === 0) {
      out += String.fromCharCode(0xdc00 + bytes.charCodeAt(i));
      i++;
    } else {
      out += n === 1 ? bytes[i] : String.fromCodePoint(codePointOf(bytes, i, n));
      i += n;
    }
  }
  return out;
}

/** The inverse of decodeBytes: Unicode (with surrogate escapes) back to a byte string. */
export function encodeBytes(text: string): Bytes {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) out += String.fromCharCode(cp - 0xdc00);
    else out += utf8Bytes(ch);
  }
  return out;
}

/** A program's command line as byte strings: argv[0] and the arguments after it. */
export interface ArgumentBytes {
  readonly argv0: Bytes;
  readonly args: readonly Bytes[];
}

/**
 * The raw bytes of the command line, from /proc/self/cmdline (`cmdline`, read as latin1:
 * NUL-terminated words). argv[0] is its first word and the arguments its last
 * `decoded.args.length` words (a runtime running a script has its own words between them);
 * each is used only when it is the very bytes the runtime decoded into `decoded`. Otherwise
 * (no /proc, a rewritten cmdline) a word is re-encoded from `decoded`, which keeps everything
 * but the bytes that were not UTF-8.
 */
export function argumentBytes(cmdline: Bytes | undefined, decoded: { readonly argv0: string; readonly args: readonly string[] }): ArgumentBytes {
  const words = cmdline === undefined || !cmdline.endsWith("\0") ? [] : cmdline.slice(0, -1).split("\0");
  const isBytesOf = (word: Bytes | undefined, text: string): word is Bytes =>
    word !== undefined && Buffer.from(word, "latin1").toString("utf8") === text;
  const first = words[0];
  const argv0 = words.length > decoded.args.length && isBytesOf(first, decoded.argv0) ? first : utf8Bytes(decoded.argv0);
  const raw = words.slice(Math.max(1, words.length - decoded.args.length));
  const same = raw.length === decoded.args.length && raw.every((word, i) => isBytesOf(word, decoded.args[i]!));
  return { argv0, args: same ? raw : decoded.args.map(utf8Bytes) };
}
