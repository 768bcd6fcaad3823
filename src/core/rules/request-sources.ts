/**
 * Where HTTP request data enters a handler, for rules that only fire on request-derived input
 * (`where: [{ capture: x, fromRequest: true }]`). Deliberately one hop deep and name-based: it follows
 * assignments inside the enclosing function, not across functions, which is where agent code keeps them.
 */
import type { Node } from "web-tree-sitter";

/** Expressions that read the request directly, across Express, Koa, Hono, Next.js, Fastify, Flask, Django, FastAPI. */
export const REQUEST_SOURCE =
  /\b(?:req|request|ctx\.request|ctx|c\.req|event|evt)\s*\.\s*(?:params|query|body|headers|cookies|url|originalUrl|path|param|json|formData|header|files?|args|form|values|GET|POST|FILES|data|query_params|path_params|get_json|get_data|queryStringParameters|pathParameters|nextUrl|text|valid)\b|\bsearchParams\s*\.\s*get(?:All)?\s*\(|\bformData\s*\.\s*get\s*\(|\bnextUrl\b|\buseSearchParams\s*\(|\bURLSearchParams\s*\(\s*(?:req|request|location)/;

/** Handler parameters that carry request data themselves (Next.js `{ params }`, Python route arguments). */
const REQUEST_PARAM_NAMES = new Set(["params", "query", "body", "searchParams", "input", "payload", "data"]);

const FUNCTION_TYPES = new Set([
  "function_declaration",
  "function_expression",
  "arrow_function",
  "method_definition",
  "generator_function_declaration",
  "function_definition",
  "lambda",
  "function",
]);

export function enclosingFunction(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current;
  }
  return null;
}

const ROUTE_DECORATOR = /@\s*[\w.]*\.(?:get|post|put|patch|delete|route|api_route|websocket)\s*\(/;

/** Names bound to request data inside one function; cached per function by the caller. */
export function requestDerivedNames(fn: Node): Set<string> {
  const tainted = new Set<string>();
  const parameters = fn.childForFieldName("parameters") ?? fn.childForFieldName("parameter");
  const isPythonRoute =
    fn.type === "function_definition" && fn.parent?.type === "decorated_definition" && ROUTE_DECORATOR.test(fn.parent.text.slice(0, fn.parent.text.indexOf("def ")));
  if (parameters) {
    for (const identifier of parameters.descendantsOfType(["identifier", "shorthand_property_identifier_pattern"])) {
      if (!identifier) continue;
      const name = identifier.text;
      if (REQUEST_PARAM_NAMES.has(name)) tainted.add(name);
      // In a FastAPI/Flask route every plain argument is a path, query or body value.
      else if (isPythonRoute && !["self", "request", "db", "session", "current_user", "user"].includes(name)) tainted.add(name);
    }
  }
  const body = fn.text;
  const assignment = /(?:^|[;{\s])(?:const|let|var)?\s*([\w$]+|\{[^}=]*\}|\[[^\]=]*\]|[\w$]+(?:\s*,\s*[\w$]+)+)\s*(?::\s*[\w<>[\]| ]+)?=(?!=)\s*([^\n;]+)/g;
  // Two passes follow a chain of two assignments (`const q = req.query; const file = q.name`).
  for (let pass = 0; pass < 2; pass++) {
    for (const match of body.matchAll(assignment)) {
      const [, target, value] = match;
      if (!target || !value) continue;
      if (REQUEST_SOURCE.test(value) || mentionsAny(value, tainted)) {
        for (const name of target.match(/[A-Za-z_$][\w$]*/g) ?? []) tainted.add(name);
      }
    }
  }
  return tainted;
}

export function mentionsAny(text: string, names: Set<string>): boolean {
  if (names.size === 0) return false;
  for (const word of text.match(/[A-Za-z_$][\w$]*/g) ?? []) if (names.has(word)) return true;
  return false;
}
