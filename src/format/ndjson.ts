/**
 * NDJSON: one JSON value per line, UTF-8. Strings read from /proc and /etc
 * hold one byte per character; here they become Unicode (the rule is in
 * model/bytes.ts). Bytes that are not valid UTF-8 are kept losslessly as
 * PEP 383 "surrogate escapes": byte 0xNN becomes the lone surrogate U+DCNN,
 * which JSON writes as `\udcNN` (Python's `os.fsencode(json.loads(line)[...])`
 * gives the original bytes back).
 */

import { decodeBytes } from "../model/bytes.ts";

const ASCII = /^[\x00-\x7f]*$/;
// What JSON.stringify leaves raw but a terminal would act on: C1 controls (U+009B is CSI), the
// bidirectional controls, and the line and paragraph separators (a line break to some readers). Written as
// \uXXXX, the value is the same and the line is safe to show.
const TERMINAL_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeUnsafe(json: string): string {
  return json.replace(TERMINAL_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
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
      return escapeUnsafe(JSON.stringify(decodeBytes(value)));
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
