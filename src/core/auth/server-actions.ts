/**
 * React/Next.js server actions: every function exported from a module that starts with `"use server"`, and every
 * function whose own body starts with it, is a POST endpoint anyone can call with any arguments (the form that
 * uses it is no gate: the action's id is in the page). The gate is a check in the action's first statements
 * (`auth()`, `getServerSession`, `currentUser()`) or an auth wrapper (`authAction(async (...) => ...)`,
 * next-safe-action's `authActionClient.action(...)`).
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { unwrapHandler } from "./nextjs-routes.js";
import type { Gate, Route } from "./route.js";
import { descendants, isJsFunction, namedChildren, parameterNames } from "./syntax.js";
import type { GateVocabulary } from "./vocabulary.js";

/** Parameter names that hold a record id the caller chooses (`projectId`, `id`). */
const ID_PARAMETER = /^(id|[A-Za-z]+Id|[a-z]+_id|uuid|slug)$/;

function startsWithUseServer(statements: Node[]): boolean {
  const first = statements.find((s) => s.type !== "comment");
  return first?.type === "expression_statement" && /^["']use server["'];?$/.test(first.text.trim());
}

interface Action {
  name: string;
  node: Node;
  value: Node;
}

function exportedActions(root: Node): Action[] {
  const actions: Action[] = [];
  for (const statement of namedChildren(root)) {
    if (statement.type !== "export_statement") continue;
    const declaration = statement.childForFieldName("declaration");
    if (declaration?.type === "function_declaration" || declaration?.type === "generator_function_declaration") {
      actions.push({ name: declaration.childForFieldName("name")?.text ?? "default", node: statement, value: declaration });
    } else if (declaration?.type === "lexical_declaration" || declaration?.type === "variable_declaration") {
      for (const declarator of namedChildren(declaration)) {
        const value = declarator.childForFieldName("value");
        if (value && (isJsFunction(value) || value.type === "call_expression")) actions.push({ name: declarator.childForFieldName("name")?.text ?? "action", node: statement, value });
      }
    } else {
      const value = statement.childForFieldName("value");
      if (value && statement.children.some((c) => c?.type === "default") && (isJsFunction(value) || value.type === "call_expression")) actions.push({ name: "default", node: statement, value });
    }
  }
  return actions;
}

/** Functions marked one by one: `async function save() { "use server"; ... }` inside a server component. */
function inlineActions(root: Node): Action[] {
  return descendants(root, ["function_declaration", "arrow_function", "function_expression"])
    .filter((fn) => {
      const body = fn.childForFieldName("body");
      return body?.type === "statement_block" && startsWithUseServer(namedChildren(body));
    })
    .map((fn) => {
      const declarator = fn.parent?.type === "variable_declarator" ? fn.parent : undefined;
      const name = fn.childForFieldName("name")?.text ?? declarator?.childForFieldName("name")?.text ?? "action";
      return { name, node: fn, value: fn };
    });
}

/** `deleteProjectAction` → `delete-project`: the action's name as a URL segment, for the public-on-purpose check. */
function actionSegment(name: string): string {
  return name
    .replace(/Action$/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase();
}

/** The folder's URL: `app/(auth)/login/actions.ts` → `/login`. */
function folderUrl(path: string): string {
  const dirs = path.split("/").slice(0, -1);
  const start = dirs.lastIndexOf("app");
  return `/${dirs
    .slice(start + 1)
    .filter((segment) => !/^\(.*\)$/.test(segment) && !segment.startsWith("@") && segment !== "src")
    .join("/")}`.replace(/\/$/, "");
}

export function discoverServerActions(root: Node, path: string, vocabulary: GateVocabulary): Route[] {
  if (!/["']use server["']/.test(root.text)) return [];
  const moduleLevel = startsWithUseServer(namedChildren(root));
  const actions = [...(moduleLevel ? exportedActions(root) : []), ...inlineActions(root)];
  const seen = new Set<number>();
  const routes: Route[] = [];
  for (const action of actions) {
    const { fn, wrappers } = unwrapHandler(action.value, root, vocabulary);
    if (!fn || seen.has(fn.startIndex)) continue;
    seen.add(fn.startIndex);
    const gates: Gate[] = [...wrappers];
    const check = leadingAuthCheck(fn, vocabulary);
    if (check) gates.push(check);
    const idNames = parameterNames(fn).filter((name) => ID_PARAMETER.test(name));
    routes.push({
      framework: "nextjs",
      method: "POST",
      path: `server action ${action.name}()`,
      publicPath: `${folderUrl(path)}/${actionSegment(action.name)}`,
      node: action.node,
      handlers: [fn],
      extraSpans: fn === action.node || (fn.startIndex >= action.node.startIndex && fn.endIndex <= action.node.endIndex) ? [] : [fn],
      gates,
      idNames,
      searched: ["no auth wrapper on the action", "no `auth()`/`getServerSession`/`currentUser()` check in its first statements (a `\"use server\"` function is a public POST endpoint: the page that renders its form is no gate)"],
      group: path,
    });
  }
  return routes;
}
