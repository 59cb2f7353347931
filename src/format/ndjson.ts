/**
 * NDJSON: one JSON value per line, UTF-8. Strings read from /proc and /etc
 * hold one byte per character; here they become Unicode. Bytes that are not
 * valid UTF-8 are kept losslessly as PEP 383 "surrogate escapes": byte 0xNN
 * becomes the lone surrogate U+DCNN, which JSON writes as `\udcNN` (Python's
 * `os.fsencode(json.loads(line)[...])` gives the original bytes back).
 */

const ASCII = /^[\x00-\x7f]*$/;

function escapeByte(byte: number): string {
  return String.fromCharCode(0xdc00 + byte);
}

/** Decodes a one-byte-per-character string as UTF-8, escaping invalid bytes as U+DC80..U+DCFF. */
export function decodeBytes(bytes: string): string {
  if (ASCII.test(bytes)) return bytes;
  let out = "";
  let i = 0;
  while (i < bytes.length) {
    const b0 = bytes.charCodeAt(i);
    if (b0 < 0x80) {
      out += bytes[i];
      i++;
      continue;
    }
    const need = b0 >= 0xc2 && b0 <= 0xdf ? 1 : b0 >= 0xe0 && b0 <= 0xef ? 2 : b0 >= 0xf0 && b0 <= 0xf4 ? 3 : -1;
    let cp = need === 1 ? b0 & 0x1f : need === 2 ? b0 & 0x0f : b0 & 0x07;
    let ok = need > 0 && i + need < bytes.length;
    for (let k = 1; ok && k <= need; k++) {
      const b = bytes.charCodeAt(i + k);
      if (Number.isNaN(b) || (b & 0xc0) !== 0x80) ok = false;
      else cp = (cp << 6) | (b & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if (ok && ((need === 2 && cp < 0x800) || (need === 3 && cp < 0x10000) || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)) {
      ok = false;
    }
    if (!ok) {
      out += escapeByte(b0);
      i++;
      continue;
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/** The inverse of decodeBytes: Unicode (with surrogate escapes) back to one byte per character. */
export function encodeBytes(text: string): string {
  let out = "";
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xdc80 && cp <= 0xdcff) out += String.fromCharCode(cp - 0xdc00);
    else out += Buffer.from(ch, "utf8").toString("latin1");
  }
  return out;
}

/**
 * JSON text of a record whose strings hold bytes. A bigint is written as its
 * exact decimal digits (JSON numbers have no size limit; JSON.stringify
 * refuses bigints and a Number would round counters past 2^53). Object
 * fields that are undefined are left out, as JSON.stringify does.
 */
export function jsonText(value: unknown): string {
  if (typeof value === "object" && value !== null) {
    // The usual record holds only ASCII text and no bigint: then the engine's own JSON.stringify
    // writes the same text, several times faster. It throws on a bigint; any other byte shows
    // up in its output as a character past U+007F. Either way the general path below decides.
    const plain = plainJson(value);
    if (plain !== undefined) return plain;
  }
  switch (typeof value) {
    case "string":
      return JSON.stringify(decodeBytes(value));
    case "bigint":
      return value.toString();
    case "number":
    case "boolean":
      return JSON.stringify(value);
    case "object": {
      if (value === null) return "null";
      if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? "null" : jsonText(item))).join(",")}]`;
      const fields: string[] = [];
      for (const [key, field] of Object.entries(value)) {
        if (field !== undefined) fields.push(`${JSON.stringify(key)}:${jsonText(field)}`);
      }
      return `{${fields.join(",")}}`;
    }
    default:
      throw new TypeError(`Cannot write a ${typeof value} as JSON`);
  }
}

function plainJson(value: object): string | undefined {
  let text: string;
  try {
    text = JSON.stringify(value);
  } catch {
    return undefined;
  }
  return ASCII.test(text) ? text : undefined;
}

/** One NDJSON line (newline included) for a record whose strings hold bytes; returned as bytes for the sink. */
export function ndjsonLine(record: object): string {
  const plain = plainJson(record);
  if (plain !== undefined) return `${plain}\n`;
  return Buffer.from(`${jsonText(record)}\n`, "utf8").toString("latin1");
}
