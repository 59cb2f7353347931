/**
 * `--schema`: the JSON Schema (draft-07) of every record and event type,
 * generated from the valibot schemas in src/model, never written by hand.
 */
import { toJsonSchema } from "@valibot/to-json-schema";
import { PUBLISHED_SCHEMAS } from "../model/record.ts";

/** One schema document: each type under `definitions`, and `anyOf` them at the top. */
export function jsonSchemaDocument(): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
    const { $schema: _, ...body } = toJsonSchema(schema, { errorMode: "throw" }) as Record<string, unknown>;
    definitions[name] = { title: name, ...body };
  }
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    $id: "https://netstat-stream.invalid/schema/records.json",
    title: "netstat-stream NDJSON line",
    description: "One line of `netstat-stream --json` or `--watch --json` output.",
    definitions,
    anyOf: Object.keys(definitions).map((name) => ({ $ref: `#/definitions/${name}` })),
  };
}

/** The schema document as pretty JSON text, newline included. */
export function jsonSchemaText(): string {
  return `${JSON.stringify(jsonSchemaDocument(), null, 2)}\n`;
}
