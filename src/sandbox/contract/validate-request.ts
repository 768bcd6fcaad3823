/**
 * Checks one request against its operation in GitHub's description: path and query parameters against their
 * schemas, the JSON body against the requestBody schema (enum, required, maxLength, maxItems...), then the
 * limits GitHub states only in prose (prose-limits.ts). Returns one readable sentence per problem.
 */
import { Validator, type OutputUnit, type Schema } from "@cfworker/json-schema";
import { toJsonSchema, type OpenApiSchema } from "./json-schema.js";
import type { Operation } from "./operations.js";
import { proseLimitErrors } from "./prose-limits.js";

export interface RequestUnderTest {
  operation: Operation;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; `undefined` when there was none. */
  body: unknown;
  /** Set when a body was sent but could not be parsed as JSON. */
  bodyError?: string;
}

export interface ValidatedRequest {
  errors: string[];
  /** Path and query values converted to the types their schemas name (e.g. `pull_number` as a number). */
  params: Record<string, unknown>;
  query: Record<string, unknown>;
}

const validators = new WeakMap<object, Validator>();

/** The validator for a schema from the subset, built once: building walks the whole schema. */
export function validatorFor(schema: OpenApiSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(toJsonSchema(schema), "4", false);
    validators.set(schema, validator);
  }
  return validator;
}

export function validateRequest(request: RequestUnderTest): ValidatedRequest {
  const { operation } = request;
  const errors: string[] = [];
  const params: Record<string, unknown> = {};
  const query: Record<string, unknown> = {};

  for (const parameter of operation.parameters) {
    if (parameter.in === "path") {
      const raw = request.params[parameter.name];
      if (raw === undefined) continue;
      params[parameter.name] = coerce(raw, parameter.schema);
      errors.push(...schemaErrors(`path parameter \`${parameter.name}\``, parameter.schema, params[parameter.name]));
    } else if (parameter.in === "query") {
      const raw = request.query.get(parameter.name);
      if (raw === null) {
        if (parameter.required) errors.push(`query parameter \`${parameter.name}\` is required`);
        continue;
      }
      query[parameter.name] = coerce(raw, parameter.schema);
      errors.push(...schemaErrors(`query parameter \`${parameter.name}\``, parameter.schema, query[parameter.name]));
    }
  }
  const known = new Set(operation.parameters.filter((p) => p.in === "query").map((p) => p.name));
  for (const name of new Set(request.query.keys())) {
    if (!known.has(name)) errors.push(`query parameter \`${name}\` is not defined for ${operation.id}`);
  }

  errors.push(...bodyErrors(request));
  errors.push(...proseLimitErrors(operation.id, request.body));
  return { errors, params, query };
}

function bodyErrors({ operation, body, bodyError }: RequestUnderTest): string[] {
  if (bodyError) return [`body: ${bodyError}`];
  const spec = operation.requestBody;
  if (!spec) return body === undefined ? [] : [`${operation.id} takes no request body, but one was sent`];
  if (body === undefined) return spec.required ? [`body is required for ${operation.id}`] : [];
  return spec.schema ? schemaErrors("body", spec.schema, body) : [];
}

/** Query and path values arrive as text; GitHub reads them as the type their schema names. */
function coerce(raw: string, schema: OpenApiSchema): unknown {
  if ((schema.type === "integer" || schema.type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (schema.type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

/** Past this many, one line says how many more: 51 bad annotations should not bury the first problem. */
const MAX_ERRORS_LISTED = 10;

export function schemaErrors(where: string, schema: OpenApiSchema, value: unknown): string[] {
  const result = validatorFor(schema).validate(value);
  if (result.valid) return [];
  const errors = leafErrors(result.errors).map(
    (unit) => `${where}${unit.instanceLocation.replace(/^#/, "")}: ${unit.error}`,
  );
  if (errors.length <= MAX_ERRORS_LISTED) return errors;
  return [...errors.slice(0, MAX_ERRORS_LISTED), `${where}: ${errors.length - MAX_ERRORS_LISTED} more problems like these`];
}

/**
 * The validator reports every enclosing object and array too ("property output does not match"); the innermost
 * errors are the ones that say what to fix.
 */
function leafErrors(units: OutputUnit[]): OutputUnit[] {
  const wrappers = new Set(["properties", "items", "allOf", "$ref"]);
  const leaves = units.filter((unit) => !wrappers.has(unit.keyword));
  return leaves.length > 0 ? leaves : units;
}

export type { Schema };
