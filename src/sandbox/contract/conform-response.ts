/**
 * Keeps the sandbox's answers honest: handlers fill in the fields Gatehouse reads, and this fills every other
 * field GitHub's response schema marks required with a neutral value of the right type (null where nullable,
 * the first enum value, an empty string or zero). A client that trips over a real GitHub response shape then
 * trips here too, and test/sandbox checks that every answer validates against the description.
 */
import type { OpenApiSchema } from "./json-schema.js";

const EPOCH = "1970-01-01T00:00:00Z";

export function conformToSchema(schema: OpenApiSchema | undefined, value: unknown): unknown {
  if (!schema) return value;
  if (value === undefined) return placeholder(schema);
  if (value === null) return value;
  if (schema.allOf) return schema.allOf.reduce<unknown>((acc, part) => conformToSchema(part, acc), value);
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives) return conformToSchema(closestAlternative(alternatives, value), value);
  if (Array.isArray(value)) {
    const items = schema.items;
    if (!items || typeof items !== "object" || Array.isArray(items)) return value;
    return value.map((item) => conformToSchema(items as OpenApiSchema, item));
  }
  if (typeof value === "object" && (schema.properties || schema.type === "object")) {
    return conformObject(schema, value as Record<string, unknown>);
  }
  return value;
}

function conformObject(schema: OpenApiSchema, value: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, OpenApiSchema>;
  const result: Record<string, unknown> = { ...value };
  for (const [name, child] of Object.entries(properties)) {
    if (name in value) result[name] = conformToSchema(child, value[name]);
  }
  for (const name of schema.required ?? []) {
    if (!(name in result)) result[name] = properties[name] ? placeholder(properties[name]) : null;
  }
  return result;
}

function placeholder(schema: OpenApiSchema): unknown {
  if (schema.nullable) return null;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  if (schema.allOf) return conformToSchema(schema, {});
  const alternatives = schema.oneOf ?? schema.anyOf;
  if (alternatives?.[0]) return placeholder(alternatives[0]);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case "string":
      return placeholderString(schema.format);
    case "integer":
    case "number":
      return 0;
    case "boolean":
      return false;
    case "array":
      return [];
    case "null":
      return null;
    default:
      return conformObject(schema, {});
  }
}

function placeholderString(format: string | undefined): string {
  switch (format) {
    case "date-time":
      return EPOCH;
    case "uri":
      return "https://api.github.com/";
    case "email":
      return "noreply@github.com";
    default:
      return "";
  }
}

/**
 * Picks the alternative a value was meant to be: right type, no enum it contradicts (e.g. `type: "file"`),
 * then the most required fields already present.
 */
function closestAlternative(alternatives: OpenApiSchema[], value: unknown): OpenApiSchema {
  let best = alternatives[0] as OpenApiSchema;
  let bestScore = -Infinity;
  for (const alternative of alternatives) {
    const score = fitScore(alternative, value);
    if (score > bestScore) {
      best = alternative;
      bestScore = score;
    }
  }
  return best;
}

function fitScore(schema: OpenApiSchema, value: unknown): number {
  const isArray = Array.isArray(value);
  if (schema.type === "array" && !isArray) return -1000;
  if ((schema.type === "object" || schema.properties) && (isArray || typeof value !== "object")) return -1000;
  if (typeof value !== "object" || value === null || isArray) return 0;
  const fields = value as Record<string, unknown>;
  const properties = (schema.properties ?? {}) as Record<string, OpenApiSchema>;
  let score = 0;
  for (const [name, child] of Object.entries(properties)) {
    if (name in fields && child.enum && !child.enum.includes(fields[name])) score -= 100;
  }
  for (const name of schema.required ?? []) if (name in fields) score += 1;
  return score;
}
