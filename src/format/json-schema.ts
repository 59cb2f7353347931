/**
 * `--schema`: the JSON Schema (draft-07) of every record and event type,
 * generated from the valibot schemas in src/model, never written by hand.
 */
import { toJsonSchema, type JsonSchema, type OverrideActionContext, type OverrideSchemaContext } from "@valibot/to-json-schema";
import { MODE_SCHEMAS } from "../model/mode-records.ts";
import { PUBLISHED_SCHEMAS } from "../model/record.ts";

/** Kernel counters are bigints in the records and exact integers in the NDJSON. */
function bigintAsInteger(context: OverrideSchemaContext): JsonSchema | undefined {
  return context.valibotSchema.type === "bigint" ? { type: "integer" } : undefined;
}

/** A bigint bound becomes a JSON Schema bound (2^64-1 rounds up to 2^64 as a JSON Schema number). */
function bigintBound(context: OverrideActionContext): JsonSchema | undefined {
  const { type } = context.valibotAction;
  const requirement = "requirement" in context.valibotAction ? context.valibotAction.requirement : undefined;
  if (typeof requirement !== "bigint") return undefined;
  if (type === "min_value") return { ...context.jsonSchema, minimum: Number(requirement) };
  if (type === "max_value") return { ...context.jsonSchema, maximum: Number(requirement) };
  return undefined;
}

/** One schema document: each type under `definitions`, and `anyOf` them at the top. */
export function jsonSchemaDocument(): Record<string, unknown> {
  const definitions: Record<string, unknown> = {};
  for (const [name, schema] of Object.entries({ ...PUBLISHED_SCHEMAS, ...MODE_SCHEMAS })) {
    const { $schema: _, ...body } = toJsonSchema(schema, { errorMode: "throw", overrideSchema: bigintAsInteger, overrideAction: bigintBound }) as Record<string, unknown>;
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
