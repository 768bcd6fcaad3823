/**
 * GitHub's description is OpenAPI 3.0, whose schemas are JSON Schema plus `nullable`. `@cfworker/json-schema`
 * (the validator that runs inside workerd, unlike ajv, which compiles with `new Function`) knows only JSON
 * Schema, so `nullable: true` becomes an explicit `null` alternative before validation.
 */
import type { Schema } from "@cfworker/json-schema";

/** A schema as it appears in the subset: JSON Schema keywords plus OpenAPI's `nullable`. */
export type OpenApiSchema = Schema & { nullable?: boolean };

export function toJsonSchema(schema: OpenApiSchema): Schema {
  const converted: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable") continue;
    converted[key] = convertKeyword(key, value);
  }
  if (schema.nullable !== true) return converted;
  if (typeof converted.type === "string") {
    converted.type = [converted.type, "null"];
    if (converted.enum) converted.enum = [...converted.enum, null];
    return converted;
  }
  return { anyOf: [converted, { type: "null" }] };
}

function convertKeyword(key: string, value: unknown): unknown {
  switch (key) {
    case "properties":
    case "patternProperties":
      return Object.fromEntries(
        Object.entries(value as Record<string, OpenApiSchema>).map(([name, child]) => [name, toJsonSchema(child)]),
      );
    case "items":
    case "additionalProperties":
    case "not":
      return typeof value === "object" && value !== null && !Array.isArray(value)
        ? toJsonSchema(value as OpenApiSchema)
        : value;
    case "allOf":
    case "anyOf":
    case "oneOf":
      return (value as OpenApiSchema[]).map(toJsonSchema);
    default:
      return value;
  }
}
