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
      // In a FastAPI/Flask route every plain argument is a path, query or body value, unless its type or URL
      // converter makes it a number or UUID (`item_id: int`, `<int:item_id>`), which cannot carry `../` or a host.
      else if (isPythonRoute && isPythonParameterName(identifier) && !NOT_REQUEST_PYTHON_ARGS.has(name) && !isNumericArgument(identifier, fn.parent?.text ?? "")) tainted.add(name);
    }
    for (const name of djangoViewArguments(fn, parameters)) tainted.add(name);
    for (const name of nestRequestArguments(parameters)) tainted.add(name);
  }
  const body = fn.text;
  const assignment = /(?:^|[;{\s])(?:const|let|var)?\s*([\w$]+|\{[^}=]*\}|\[[^\]=]*\]|[\w$]+(?:\s*,\s*[\w$]+)+)\s*(?::\s*[\w<>[\]| ]+)?=(?!=)\s*([^\n;]+)/g;
  // Two passes follow a chain of two assignments (`const q = req.query; const file = q.name`).
  for (let pass = 0; pass < 2; pass++) {
    for (const match of body.matchAll(assignment)) {
      const [, target, value] = match;
      if (!target || !value || NUMERIC_CAST.test(value)) continue;
      const read = withoutConstantLookups(value);
      if (REQUEST_SOURCE.test(read) || mentionsAny(read, tainted)) {
        for (const name of target.match(/[A-Za-z_$][\w$]*/g) ?? []) tainted.add(name);
      }
    }
  }
  return tainted;
}

export function mentionsAny(text: string, names: Set<string>): boolean {
  if (names.size === 0) return false;
  for (const word of withoutConstantLookups(text).match(/[A-Za-z_$][\w$]*/g) ?? []) if (names.has(word)) return true;
  return false;
}

/**
 * A request value used only as a key into an UPPER_CASE table (`BADGES[req.params.status]`,
 * `TEMPLATES.get(kind, "default.html")`) selects one of the table's values, so the key is dropped from the text.
 */
const CONSTANT_LOOKUP = /\b([A-Z][A-Z0-9_]*)\s*(?:\[[^[\]\n]*\]|\.get\([^()\n]*\))/g;
function withoutConstantLookups(text: string): string {
  return text.replace(CONSTANT_LOOKUP, "$1");
}

/** A value that is only a number or UUID conversion (`Number(req.params.id)`, `int(request.args["page"])`). */
const NUMERIC_CAST = /^\s*(?:Number|parseInt|parseFloat|Math\.\w+|int|float|uuid\.UUID|UUID)\s*\((?:[^()]|\([^()]*\))*\)\s*(?:(?:\|\||\?\?|or)\s*-?\d+\s*)?$/;

/** Arguments of a Python route that are framework objects, not request values. */
const NOT_REQUEST_PYTHON_ARGS = new Set(["self", "cls", "request", "db", "session", "current_user", "user"]);
const NUMERIC_TYPE = /^(?:int|float|bool|UUID|uuid\.UUID|UUID4|datetime|date|Decimal|PositiveInt|NonNegativeInt)$/;

/** The name a Python parameter binds, not its type annotation or a name in its default (`Depends(get_db)`). */
function isPythonParameterName(identifier: Node): boolean {
  const parent = identifier.parent;
  if (!parent) return false;
  if (parent.type === "parameters" || parent.type === "list_splat_pattern" || parent.type === "dictionary_splat_pattern") return true;
  if (parent.type === "typed_parameter") return parent.namedChildren[0]?.id === identifier.id;
  if (parent.type === "default_parameter" || parent.type === "typed_default_parameter") return parent.childForFieldName("name")?.id === identifier.id;
  return false;
}

/** `item_id: int` / `item_id: UUID = Path(...)`, or a Flask converter `<int:item_id>` in the route decorator. */
function isNumericArgument(identifier: Node, decorated: string): boolean {
  const parameter = identifier.parent;
  const type = parameter && /typed/.test(parameter.type) ? parameter.childForFieldName("type")?.text : undefined;
  if (type && NUMERIC_TYPE.test(type)) return true;
  return new RegExp(`<(?:int|float|uuid):${identifier.text}>`).test(decorated.slice(0, decorated.indexOf("def ")));
}

/**
 * A Django view, `def view(request, slug)` or `def get(self, request, pk)`: the arguments after `request` are
 * captured from the URL. Arguments with a default are left out: those come from `path(..., kwargs={...})` or
 * callers, not the URL.
 */
function djangoViewArguments(fn: Node, parameters: Node): string[] {
  if (fn.type !== "function_definition") return [];
  const plain = parameters.namedChildren.filter((p): p is Node => p !== null);
  const names = plain.map((p) => (p.type === "identifier" ? p.text : p.type === "typed_parameter" ? (p.namedChildren[0]?.text ?? "") : null));
  const start = names[0] === "self" || names[0] === "cls" ? 1 : 0;
  if (names[start] !== "request") return [];
  const result: string[] = [];
  for (let index = start + 1; index < plain.length; index++) {
    const name = names[index];
    const parameter = plain[index]!;
    if (!name) continue;
    if (parameter.type === "typed_parameter" && NUMERIC_TYPE.test(parameter.childForFieldName("type")?.text ?? "")) continue;
    result.push(name);
  }
  return result;
}

/**
 * NestJS handler parameters bound by `@Param()`, `@Query()`, `@Body()`, `@Headers()` or `@UploadedFile()`, unless a
 * parse pipe or a `number`/`boolean` type turns them into something other than text.
 */
const NEST_REQUEST_DECORATOR = /^@(?:Param|Query|Body|Headers|UploadedFiles?)\s*\(/;
const NEST_NON_TEXT = /\b(?:ParseIntPipe|ParseFloatPipe|ParseBoolPipe|ParseUUIDPipe|ParseEnumPipe)\b|:\s*(?:number|boolean)\s*$/;
function nestRequestArguments(parameters: Node): string[] {
  const result: string[] = [];
  for (const parameter of parameters.namedChildren) {
    if (!parameter || !NEST_REQUEST_DECORATOR.test(parameter.text) || NEST_NON_TEXT.test(parameter.text)) continue;
    const pattern = parameter.childForFieldName("pattern");
    for (const name of pattern?.text.match(/[A-Za-z_$][\w$]*/g) ?? []) result.push(name);
  }
  return result;
}
