/**
 * The operations Gatehouse may call, loaded from fixtures/github/openapi-subset.json (cut from GitHub's own
 * OpenAPI description by scripts/extract-openapi.mjs), and the router that maps a request onto one of them.
 */
import { z } from "../../core/zod.js";
import subsetJson from "../../../fixtures/github/openapi-subset.json";
import type { OpenApiSchema } from "./json-schema.js";

const schemaObject = z.custom<OpenApiSchema>((value) => typeof value === "object" && value !== null);

const parameterSchema = z.object({
  name: z.string(),
  in: z.enum(["path", "query", "header", "cookie"]),
  required: z.optional(z.boolean()),
  schema: schemaObject,
  "x-multi-segment": z.optional(z.boolean()),
});

const operationSchema = z.object({
  operationId: z.string(),
  summary: z.string(),
  parameters: z.array(parameterSchema),
  requestBody: z.optional(
    z.object({
      required: z.boolean(),
      content: z.object({ "application/json": z.partial(z.object({ schema: schemaObject })) }),
    }),
  ),
  responses: z.record(z.string(), z.object({ content: z.record(z.string(), z.partial(z.object({ schema: schemaObject }))) })),
});

const subsetSchema = z.object({
  info: z.object({
    "x-source": z.object({ package: z.string(), version: z.string(), file: z.string() }),
  }),
  paths: z.record(z.string(), z.record(z.string(), operationSchema)),
});

export type OperationParameter = z.infer<typeof parameterSchema>;

export interface Operation {
  /** e.g. "checks/create", as in GitHub's description. */
  id: string;
  method: string;
  /** The path template, e.g. "/repos/{owner}/{repo}/check-runs". */
  template: string;
  parameters: OperationParameter[];
  requestBody?: { required: boolean; schema?: OpenApiSchema };
  successStatus: number;
  successSchema?: OpenApiSchema;
  matcher: RegExp;
  /** Literal path segments: the more a template has, the more specific it is. */
  literalSegments: number;
}

export interface OperationMatch {
  operation: Operation;
  params: Record<string, string>;
}

const subset = subsetSchema.parse(subsetJson);

export const CONTRACT_SOURCE = subset.info["x-source"];

export const OPERATIONS: readonly Operation[] = Object.entries(subset.paths)
  .flatMap(([template, methods]) =>
    Object.entries(methods).map(([method, operation]) => compileOperation(template, method, operation)),
  )
  .sort((a, b) => b.literalSegments - a.literalSegments);

function compileOperation(template: string, method: string, operation: z.infer<typeof operationSchema>): Operation {
  const successEntry = Object.entries(operation.responses)[0];
  const multiSegment = new Set(operation.parameters.filter((p) => p["x-multi-segment"]).map((p) => p.name));
  const segments = template.split("/").filter(Boolean);
  const pattern = segments
    .map((segment) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (!name) return escapeRegExp(segment);
      return multiSegment.has(name) ? `(?<${name}>.+)` : `(?<${name}>[^/]+)`;
    })
    .join("/");
  return {
    id: operation.operationId,
    method: method.toUpperCase(),
    template,
    parameters: operation.parameters,
    requestBody: operation.requestBody && {
      required: operation.requestBody.required,
      schema: operation.requestBody.content["application/json"].schema,
    },
    successStatus: Number(successEntry?.[0] ?? 200),
    successSchema: successEntry?.[1].content["application/json"]?.schema,
    matcher: new RegExp(`^/${pattern}/?$`),
    literalSegments: segments.filter((segment) => !segment.startsWith("{")).length,
  };
}

/** Finds the operation for a request, or says whether the path exists under another method. */
export function matchOperation(
  method: string,
  path: string,
): { match: OperationMatch } | { match: undefined; allowedMethods: string[] } {
  const allowedMethods: string[] = [];
  for (const operation of OPERATIONS) {
    const groups = operation.matcher.exec(path)?.groups;
    if (!groups && !operation.matcher.test(path)) continue;
    if (operation.method !== method.toUpperCase()) {
      allowedMethods.push(operation.method);
      continue;
    }
    const params = Object.fromEntries(
      Object.entries(groups ?? {}).map(([name, value]) => [name, safeDecode(value)]),
    );
    return { match: { operation, params } };
  }
  return { match: undefined, allowedMethods };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
