/**
 * Next.js route handlers: `pages/api/**` default exports and `app/**\/route.ts` exported `GET`/`POST`/...
 * They have no middleware list, so the gate is a wrapper (`withAuth(handler)`, NextAuth's `auth(handler)`)
 * or a check in the handler's first statements (`getServerSession`, `auth()`, `currentUser()`, `getToken`,
 * a session check that returns 401). A root `middleware.ts` is outside what one file shows; list such
 * paths in `auth.public` or the middleware's gate in `auth.gates`.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { pathParamNames } from "./path-params.js";
import { lineOf, type Gate, type Route } from "./route.js";
import { calleeText, findFunctionByName, isJsFunction, namedChildren } from "./syntax.js";
import type { GateVocabulary } from "./vocabulary.js";
import { nextMiddlewareFor, type GlobalGates } from "./global-gates.js";

const HTTP_EXPORTS = new Set(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]);

export type NextRouteKind = "pages-api" | "app-route";

export function nextRouteKind(path: string): NextRouteKind | undefined {
  if (/(^|\/)pages\/api\/.+\.(ts|tsx|js|jsx|mjs)$/.test(path)) return "pages-api";
  if (/(^|\/)app\/(.+\/)?route\.(ts|tsx|js|jsx|mjs)$/.test(path)) return "app-route";
  return undefined;
}

/** The URL a file serves: `src/app/(shop)/api/orders/[id]/route.ts` serves `/api/orders/[id]`. */
export function nextUrlPath(path: string, kind: NextRouteKind): string {
  if (kind === "pages-api") {
    const tail = path.slice(path.search(/(^|\/)pages\/api\//)).replace(/^\/?pages/, "");
    return tail.replace(/\.(ts|tsx|js|jsx|mjs)$/, "").replace(/\/index$/, "");
  }
  const tail = path.slice(path.search(/(^|\/)app\//)).replace(/^\/?app/, "");
  const url = tail
    .replace(/\/route\.(ts|tsx|js|jsx|mjs)$/, "")
    .split("/")
    .filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@"))
    .join("/");
  return url === "" ? "/" : url;
}

interface Exported {
  name: string;
  node: Node;
  value: Node;
}

function exportedHandlers(root: Node, kind: NextRouteKind): Exported[] {
  const found: Exported[] = [];
  for (const statement of namedChildren(root)) {
    if (statement.type !== "export_statement") continue;
    const isDefault = statement.children.some((c) => c?.type === "default");
    const declaration = statement.childForFieldName("declaration");
    const value = statement.childForFieldName("value");
    if (kind === "pages-api" && isDefault) {
      const target = declaration ?? value;
      if (target) found.push({ name: "default", node: statement, value: target });
      continue;
    }
    if (kind !== "app-route" || !declaration) continue;
    if (declaration.type === "function_declaration") {
      const name = declaration.childForFieldName("name")?.text ?? "";
      if (HTTP_EXPORTS.has(name)) found.push({ name, node: statement, value: declaration });
    } else if (declaration.type === "lexical_declaration") {
      for (const declarator of namedChildren(declaration)) {
        const name = declarator.childForFieldName("name")?.text ?? "";
        const init = declarator.childForFieldName("value");
        if (HTTP_EXPORTS.has(name) && init) found.push({ name, node: statement, value: init });
      }
    }
  }
  return found;
}

/** Unwraps `withAuth(handler)` / `auth(async (req) => ...)`: the wrapper is the gate when its name says so. */
export function unwrapHandler(value: Node, root: Node, vocabulary: GateVocabulary): { fn?: Node; wrappers: Gate[] } {
  if (isJsFunction(value)) return { fn: value, wrappers: [] };
  if (value.type === "identifier") {
    const fn = findFunctionByName(root, value.text);
    if (fn) return { fn, wrappers: [] };
    return { wrappers: [] };
  }
  if (value.type === "call_expression") {
    const name = calleeText(value);
    const inner = namedChildren(value.childForFieldName("arguments")).find((a) => isJsFunction(a) || a.type === "identifier" || a.type === "call_expression");
    const unwrapped = inner ? unwrapHandler(inner, root, vocabulary) : { wrappers: [] };
    const wrappers = vocabulary.isGate(name) ? [{ name, kind: "wrapper" as const, line: lineOf(value), role: vocabulary.isRoleGate(name) }, ...unwrapped.wrappers] : unwrapped.wrappers;
    return { fn: unwrapped.fn, wrappers };
  }
  return { wrappers: [] };
}

export function discoverNextRoutes(root: Node, path: string, vocabulary: GateVocabulary, global: GlobalGates): Route[] {
  const kind = nextRouteKind(path);
  if (!kind) return [];
  const url = nextUrlPath(path, kind);
  const middleware = nextMiddlewareFor(global, url);
  return exportedHandlers(root, kind).map((exported) => {
    const { fn, wrappers } = unwrapHandler(exported.value, root, vocabulary);
    const gates: Gate[] = [...wrappers];
    if (middleware) gates.push({ name: `${middleware.name} in ${middleware.file}`, kind: "global", line: lineOf(exported.node), role: false });
    const check = fn ? leadingAuthCheck(fn, vocabulary) : undefined;
    if (check) gates.push(check);
    return {
      framework: "nextjs" as const,
      method: exported.name === "default" ? "ALL" : exported.name,
      path: url,
      node: exported.node,
      handlers: fn ? [fn] : [],
      extraSpans: fn && (fn.startIndex < exported.node.startIndex || fn.endIndex > exported.node.endIndex) ? [fn] : [],
      gates,
      idNames: pathParamNames(url),
      searched: ["no auth wrapper on the export", "no `getServerSession`/`auth()`/`currentUser()` check in the handler's first statements", ...(global.nextMiddleware.length > 0 ? ["not on a path the changed middleware.ts protects"] : [])],
      group: path,
    };
  });
}
