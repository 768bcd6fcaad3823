/**
 * Routes with no gate that are nonetheless no finding, judged by what the handler does or declares rather than
 * by its path alone: a catch-all that only answers 404 (calling nothing but the request, the response and pure
 * helpers), a response the handler itself marks cacheable by any shared cache (`Cache-Control: public`), and read-only catalogue or image routes whose neighbours carry no
 * gate either. A route whose siblings are gated never counts as public by its looks: that is the "four routes
 * guarded and the fifth not" shape, and it is reported.
 */
import type { Node } from "web-tree-sitter";
import { isAdminPath, isSensitivePath, pathSegments } from "./public-routes.js";
import type { Route } from "./route.js";
import { bodyStatements, calleeText, descendants, parameterNames } from "./syntax.js";

const READ_METHOD = /^(GET|HEAD|GET\|HEAD)$/;

/** Read-only pages a shop or a site shows anonymous visitors. */
const CATALOGUE_SEGMENT = /^(products?|catalog|catalogue|categories|category|collections|pricing|plans|blog|articles|faq|changelog|menu)$/i;

/** Images a page embeds with `<img src>`, which sends no Authorization header: public by how they are used. */
const IMAGE_SEGMENT = /^(img|image|images|thumbnail|thumbnails|thumb|thumbs|avatar|avatars|icon|icons|og|og-image|emoji|fonts?)$/i;

/** `Cache-Control: public`: the handler lets any shared cache (a CDN) keep the response and serve it to anyone. */
const PUBLIC_CACHE = /cache-control['"`]?\s*[,:=]\s*['"`][^'"`]*\bpublic\b/i;

/** Names that hold the request or the response in the frameworks' handlers. */
const REQUEST_RESPONSE = new Set(["req", "request", "res", "response", "resp", "reply", "ctx", "c", "context", "event"]);

/** Globals and modules that compute without reading or writing any stored data. */
const PURE = new Set([
  "JSON", "Math", "Number", "String", "Boolean", "Object", "Array", "Date", "Promise", "encodeURIComponent", "decodeURIComponent", "parseInt", "parseFloat",
  "URL", "URLSearchParams", "Buffer", "atob", "btoa", "structuredClone", "NextResponse", "Response", "Headers",
  "jsonify", "make_response", "abort", "url_for", "render_template", "redirect", "str", "int", "float", "bool", "dict", "list", "len", "min", "max", "sorted",
  "base64", "json", "pickle", "marshal", "datetime", "HTTPException", "JSONResponse", "PlainTextResponse", "HTMLResponse", "RedirectResponse", "HttpResponse", "JsonResponse",
]);

/** Reaching shared state through the request or the platform (`c.env.DB`, `res.locals`, `process.env`) is not stateless. */
const SHARED_STATE = /\benv\b|environ|getenv|\.locals\b|\.state\b|\.app\b|\.services?\b|\.db\b|\.store\b|\.cache\b|\bthis\./;

/** The identifier a callee starts from: `base64` in `base64.b64encode(x).decode`, `res` in `res.status(404).json`. */
function calleeRoot(call: Node): string {
  return calleeText(call).replace(/\(.*$/s, "").split(/[.?[]/)[0] ?? "";
}

/**
 * Does the handler only compute from the request and answer it: every call is on the request, the response or a
 * pure helper? Alone this proves little (a stub handler an agent will fill in looks the same), so it only
 * qualifies other evidence, such as a handler that answers 404.
 */
export function onlyTouchesTheRequest(fn: Node): boolean {
  if (SHARED_STATE.test(fn.text)) return false;
  const allowed = new Set([...REQUEST_RESPONSE, ...PURE, ...parameterNames(fn)]);
  // Locals computed from allowed names only (`response = make_response(...)`) stay allowed.
  for (const binding of descendants(fn, ["variable_declarator", "assignment"])) {
    const name = binding.childForFieldName("name") ?? binding.childForFieldName("left");
    const value = binding.childForFieldName("value") ?? binding.childForFieldName("right");
    if (name?.type !== "identifier" || !value) continue;
    const calls = descendants(value, ["call_expression", "call"]);
    if (calls.every((call) => allowed.has(calleeRoot(call)))) allowed.add(name.text);
  }
  const calls = descendants(fn, ["call_expression", "call"]);
  return calls.every((call) => allowed.has(calleeRoot(call)));
}

/** A catch-all or fallback whose handler only answers 404/405 serves nothing. */
export function answersNotFoundOnly(fn: Node): boolean {
  const statements = bodyStatements(fn);
  return statements.length <= 2 && /\b40[45]\b|notFound|NotFound|not.found/i.test(fn.text) && onlyTouchesTheRequest(fn);
}

/** Why a route with no gate is no finding, or undefined when it should be reported. */
export function harmlessWithoutGate(route: Route): string | undefined {
  const handlers = route.handlers;
  if (handlers.length > 0 && handlers.every(answersNotFoundOnly)) return "it only answers 404";
  if (!READ_METHOD.test(route.method)) return undefined;
  if (handlers.some((fn) => PUBLIC_CACHE.test(fn.text))) return "it marks its response `Cache-Control: public`";
  const path = route.publicPath ?? route.path;
  if (route.siblingGated || isSensitivePath(path) || isAdminPath(path)) return undefined;
  const segment = pathSegments(path).find((s) => CATALOGUE_SEGMENT.test(s) || IMAGE_SEGMENT.test(s));
  return segment ? `a read-only \`${segment}\` route, like its neighbours without a gate` : undefined;
}
