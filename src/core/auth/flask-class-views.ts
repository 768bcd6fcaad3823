/**
 * Flask class-based views: `MethodView` subclasses wired with `add_url_rule(path, view_func=View.as_view(...))`
 * and Flask-RESTful/Flask-RESTX `Resource` subclasses wired with `api.add_resource(Resource, path)`. Their gates
 * are the class's `decorators = [login_required]` (MethodView) or `method_decorators = [jwt_required()]` (a list,
 * or a dict per HTTP method) (Resource), decorators on every handler method, and a check in a handler's first
 * statements. The route is reported on the class, like a Django class view.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { pathParamNames } from "./path-params.js";
import type { RouterGatesFor } from "./python-decorator-routes.js";
import { lineOf, type Gate, type Route } from "./route.js";
import { calleeText, descendants, namedChildren, stringValue } from "./syntax.js";
import { roleInArguments, type GateVocabulary } from "./vocabulary.js";

const CLASS_VIEW_BASE = /^(MethodView|View|Resource)$/;
const HANDLER_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "dispatch_request"]);

/** Class name to where it is wired: `bp.add_url_rule("/x", view_func=X.as_view("x"))`, `api.add_resource(X, "/x")`. */
function wiredViews(root: Node): Map<string, { receiver: string; path: string }> {
  const wired = new Map<string, { receiver: string; path: string }>();
  for (const call of descendants(root, ["call"])) {
    const [receiver = "", method] = calleeText(call).split(".");
    const args = namedChildren(call.childForFieldName("arguments"));
    if (method === "add_resource" && args[0]) {
      const path = stringValue(args[1]);
      if (path !== undefined) wired.set(args[0].text, { receiver, path });
    }
    if (method === "add_url_rule") {
      const path = stringValue(args[0]);
      const viewFunc = args.find((a) => a.type === "keyword_argument" && a.childForFieldName("name")?.text === "view_func")?.childForFieldName("value");
      const view = viewFunc ? calleeText(viewFunc).replace(/\.as_view$/, "") : "";
      if (path !== undefined && view) wired.set(view, { receiver, path });
    }
  }
  return wired;
}

/** The class attribute `decorators`/`method_decorators`, by name, as written (`[login_required]`, `{"get": [...]}`). */
function classDecorators(body: Node | null): Node[] {
  for (const statement of namedChildren(body)) {
    const assignment = statement.type === "expression_statement" ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== "assignment" || !/^(decorators|method_decorators)$/.test(assignment.childForFieldName("left")?.text ?? "")) continue;
    const value = assignment.childForFieldName("right");
    if (value?.type === "dictionary") return [];
    return namedChildren(value).filter((item) => item.type !== "comment");
  }
  return [];
}

/** `method_decorators = {"delete": [jwt_required()]}`: the methods each decorator list covers. */
function perMethodDecorators(body: Node | null): Map<string, Node[]> {
  const perMethod = new Map<string, Node[]>();
  for (const statement of namedChildren(body)) {
    const assignment = statement.type === "expression_statement" ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.text !== "method_decorators") continue;
    const value = assignment.childForFieldName("right");
    if (value?.type !== "dictionary") continue;
    for (const pair of namedChildren(value).filter((p) => p.type === "pair")) {
      const method = stringValue(pair.childForFieldName("key"));
      if (method) perMethod.set(method, namedChildren(pair.childForFieldName("value")));
    }
  }
  return perMethod;
}

export function discoverFlaskClassViews(root: Node, vocabulary: GateVocabulary, gatesFor: RouterGatesFor): Route[] {
  const wired = wiredViews(root);
  const routes: Route[] = [];
  for (const definition of descendants(root, ["class_definition"])) {
    const bases = namedChildren(definition.childForFieldName("superclasses")).map((b) => b.text.split(".").pop() ?? "");
    if (!bases.some((b) => CLASS_VIEW_BASE.test(b))) continue;
    const name = definition.childForFieldName("name")?.text ?? "";
    const body = definition.childForFieldName("body");
    // Each handler method with the statement that holds it (the decorated definition, when decorated).
    const members = namedChildren(body).flatMap((statement) => {
      const fn = statement.type === "decorated_definition" ? statement.childForFieldName("definition") : statement;
      return fn?.type === "function_definition" && HANDLER_METHODS.has(fn.childForFieldName("name")?.text ?? "") ? [{ statement, fn }] : [];
    });
    if (members.length === 0) continue;
    const handlers = members.map((m) => m.fn);
    const isGate = (decorator: Node) => vocabulary.isGate(calleeText(decorator.type === "decorator" ? (namedChildren(decorator)[0] ?? decorator) : decorator));
    const gates: Gate[] = [];
    for (const decorator of classDecorators(body).filter(isGate)) gates.push({ name: calleeText(decorator), kind: "decorator", line: lineOf(decorator), role: vocabulary.isRoleGate(calleeText(decorator)) || roleInArguments(decorator) });
    // A decorator on every handler (per method in a dict, or on the method itself) gates the whole class.
    const perMethod = perMethodDecorators(body);
    const methodGate = ({ statement, fn }: { statement: Node; fn: Node }): Node | undefined =>
      (perMethod.get(fn.childForFieldName("name")?.text ?? "") ?? []).find(isGate) ?? namedChildren(statement).filter((d) => d.type === "decorator").find(isGate);
    const perHandler = members.map(methodGate);
    if (perHandler.every((d): d is Node => d !== undefined)) {
      for (const d of perHandler) {
        const name = calleeText(d.type === "decorator" ? (namedChildren(d)[0] ?? d) : d);
        gates.push({ name: `@${name}`, kind: "decorator", line: lineOf(d), role: vocabulary.isRoleGate(name) || roleInArguments(d) });
      }
    }
    for (const handler of handlers) {
      const check = leadingAuthCheck(handler, vocabulary);
      if (check) gates.push(check);
    }
    const wiring = wired.get(name);
    if (wiring) gates.push(...gatesFor(wiring.receiver, wiring.path, name.toLowerCase()).gates);
    routes.push({
      framework: "flask",
      method: handlers.map((h) => h.childForFieldName("name")?.text.toUpperCase()).join("|"),
      path: wiring?.path ?? `view \`${name}\``,
      node: definition.childForFieldName("name") ?? definition,
      handlers,
      extraSpans: [definition],
      gates,
      idNames: wiring ? pathParamNames(wiring.path) : [],
      searched: ["no `decorators = [login_required]` (MethodView) or `method_decorators = [...]` (Resource) on the class", "no auth decorator on every handler method", "no caller check in the handlers' first statements"],
      group: wiring?.receiver ?? name,
    });
  }
  return routes;
}
