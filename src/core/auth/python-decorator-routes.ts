/**
 * FastAPI and Flask routes: functions under `@app.get('/x')`, `@router.post(...)`, `@bp.route(..., methods=[...])`.
 * FastAPI gates are dependencies: `Depends(get_current_user)` in a parameter (default or `Annotated`), a
 * `dependencies=[Depends(...)]` list on the route, the `APIRouter(...)` or the `include_router(...)` call.
 * Flask gates are decorators BELOW the route decorator (`@login_required` above `@app.route` wraps a function
 * Flask already registered, so it protects nothing) and `before_request` hooks on the app or blueprint.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { pathParamNames } from "./path-params.js";
import { lineOf, type Framework, type Gate, type Route } from "./route.js";
import { calleeText, descendants, namedChildren, stringValue } from "./syntax.js";
import { roleInArguments, type GateVocabulary } from "./vocabulary.js";
import { discoverFlaskClassViews } from "./flask-class-views.js";
import { pythonImportBindings, routerKey, type PythonRouterGate } from "./python-wiring.js";
import type { RepoWiring } from "./wiring.js";

const ROUTE_DECORATOR_METHODS = new Set(["get", "post", "put", "patch", "delete", "route", "api_route", "websocket", "options", "head"]);

function keywordArgument(call: Node, name: string): Node | undefined {
  for (const arg of namedChildren(call.childForFieldName("arguments"))) {
    if (arg.type === "keyword_argument" && arg.childForFieldName("name")?.text === name) return arg.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

/** Gates among `Depends(x)` / `Security(x)` calls under a node (a parameter, a `dependencies=[...]` list). */
export function dependencyGates(node: Node, vocabulary: GateVocabulary, ownerName?: string): Gate[] {
  const gates: Gate[] = [];
  for (const call of descendants(node, ["call"])) {
    const callee = calleeText(call);
    if (callee !== "Depends" && callee !== "Security" && !callee.endsWith(".Depends")) continue;
    const target = namedChildren(call.childForFieldName("arguments"))[0];
    const name = target ? calleeText(target) : "";
    if (vocabulary.isGate(name) || (callee === "Security" && name) || (ownerName !== undefined && vocabulary.isGate(ownerName) && name)) {
      gates.push({ name: `Depends(${name})`, kind: "dependency", line: lineOf(call), role: vocabulary.isRoleGate(name) || callee === "Security" && /scope/i.test(call.text) });
    }
  }
  return gates;
}

function parameterGates(fn: Node, vocabulary: GateVocabulary): Gate[] {
  const gates: Gate[] = [];
  for (const parameter of namedChildren(fn.childForFieldName("parameters"))) {
    const name = (parameter.childForFieldName("name") ?? namedChildren(parameter).find((c) => c.type === "identifier"))?.text;
    gates.push(...dependencyGates(parameter, vocabulary, name));
    // `user: CurrentUser` where `CurrentUser = Annotated[User, Depends(get_current_user)]` is defined elsewhere.
    const type = parameter.childForFieldName("type");
    if (type && !/Depends|Security/.test(type.text) && /^[A-Z]\w*$/.test(type.text) && vocabulary.isGate(type.text)) {
      gates.push({ name: type.text, kind: "dependency", line: lineOf(parameter), role: vocabulary.isRoleGate(type.text) });
    }
  }
  return gates;
}

/** FastAPI reads a plain parameter that is not in the path from the query string: `attachment_id: int` is caller-chosen. */
const QUERY_ID = /^(id|pk|uuid|[a-z]+_id|[a-z]+_pk|[a-z]+_uuid)$/;

function queryIdParameters(fn: Node): string[] {
  const names: string[] = [];
  for (const parameter of namedChildren(fn.childForFieldName("parameters"))) {
    if (/Depends|Security|Body\s*\(|Header\s*\(|Cookie\s*\(/.test(parameter.text)) continue;
    const name = parameter.type === "identifier" ? parameter : (parameter.childForFieldName("name") ?? namedChildren(parameter).find((c) => c.type === "identifier"));
    if (name && QUERY_ID.test(name.text)) names.push(name.text);
  }
  return names;
}

interface RouterInfo {
  gates: Gate[];
  prefix?: string;
}

/** `router = APIRouter(prefix=..., dependencies=[...])`, `app.include_router(router, dependencies=[...])`, `before_request` hooks. */
function routerGates(root: Node, vocabulary: GateVocabulary): Map<string, RouterInfo> {
  const routers = new Map<string, RouterInfo>();
  const info = (name: string) => {
    let entry = routers.get(name);
    if (!entry) routers.set(name, (entry = { gates: [] }));
    return entry;
  };
  for (const assignment of descendants(root, ["assignment"])) {
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type !== "identifier" || right?.type !== "call" || !/^(APIRouter|FastAPI|Blueprint|Flask)$/.test(calleeText(right))) continue;
    const entry = info(left.text);
    const dependencies = keywordArgument(right, "dependencies");
    if (dependencies) entry.gates.push(...dependencyGates(dependencies, vocabulary));
    const prefix = stringValue(keywordArgument(right, "prefix") ?? keywordArgument(right, "url_prefix"));
    if (prefix) entry.prefix = prefix;
  }
  for (const call of descendants(root, ["call"])) {
    const callee = calleeText(call);
    const [receiver, method] = callee.split(".");
    if (!receiver || !method) continue;
    const args = namedChildren(call.childForFieldName("arguments"));
    if (method === "include_router" && args[0]) {
      const dependencies = keywordArgument(call, "dependencies");
      if (dependencies) info(calleeText(args[0])).gates.push(...dependencyGates(dependencies, vocabulary).map((g) => ({ ...g, kind: "mount" as const })));
    }
    if (method === "before_request" && args[0]?.type === "identifier") {
      const fn = descendants(root, ["function_definition"]).find((f) => f.childForFieldName("name")?.text === args[0]?.text);
      const check = fn ? leadingAuthCheck(fn, vocabulary) : undefined;
      if (check) info(receiver).gates.push({ ...check, name: `${receiver}.before_request(${args[0].text})`, kind: "hook" });
    }
  }
  for (const decorated of descendants(root, ["decorated_definition"])) {
    const fn = decorated.childForFieldName("definition");
    if (fn?.type !== "function_definition") continue;
    for (const decorator of namedChildren(decorated).filter((d) => d.type === "decorator")) {
      const name = calleeText(namedChildren(decorator)[0] ?? decorator);
      const [receiver, method] = name.split(".");
      if (!receiver || !/^(before_request|before_app_request)$/.test(method ?? "")) continue;
      const check = leadingAuthCheck(fn, vocabulary);
      if (check) info(receiver).gates.push({ ...check, name: `@${name} ${fn.childForFieldName("name")?.text ?? ""}`.trim(), kind: "hook" });
    }
  }
  return routers;
}

export function detectPythonFramework(text: string): Framework | undefined {
  if (/\bfrom\s+fastapi\b|\bimport\s+fastapi\b|\bAPIRouter\s*\(/.test(text)) return "fastapi";
  if (/\bfrom\s+flask\b|\bimport\s+flask\b|\bBlueprint\s*\(/.test(text)) return "flask";
  return undefined;
}

/** Does an app-wide hook let this route through: its path or endpoint name is on the hook's allow list? */
function exemptFrom(gate: PythonRouterGate, path: string, endpoint: string): boolean {
  return gate.exempt.some((e) => e === path || e === endpoint || e.endsWith(`.${endpoint}`) || (e.length > 1 && e.endsWith("/") && path.startsWith(e)));
}

/**
 * The gates a router carries for one route: this module's own `APIRouter(dependencies=...)` and hooks, what other
 * changed modules attach to it (see python-wiring.ts), and the app-wide hooks that do not exempt the route.
 */
export type RouterGatesFor = (receiver: string, routePath: string, endpoint: string) => { gates: Gate[]; prefix?: string };

function routerGatesFor(root: Node, path: string, vocabulary: GateVocabulary, repo: RepoWiring): RouterGatesFor {
  const routers = routerGates(root, vocabulary);
  const appWide = [...routers.entries()].filter(([name]) => /^(app|application)$/.test(name)).flatMap(([, entry]) => entry.gates.filter((g) => g.kind === "hook"));
  const bindings = pythonImportBindings(root, path, repo.paths);
  return (receiver, routePath, endpoint) => {
    const router = routers.get(receiver);
    const gates: Gate[] = [...(router?.gates ?? []), ...(receiver !== "app" ? appWide : [])];
    const attached = repo.python.routerGates.get(routerKey(receiver, path, bindings)) ?? [];
    for (const gate of [...attached, ...repo.python.appGates]) {
      if (gate.file === path && gate.kind !== "global") continue;
      if (exemptFrom(gate, routePath, endpoint)) continue;
      gates.push({ name: gate.name, kind: gate.kind, line: gate.line, role: gate.role });
    }
    return { gates, ...(router?.prefix ? { prefix: router.prefix } : {}) };
  };
}

export function discoverPythonDecoratorRoutes(root: Node, path: string, vocabulary: GateVocabulary, repo: RepoWiring): Route[] {
  const framework = detectPythonFramework(root.text);
  if (!framework) return [];
  const gatesFor = routerGatesFor(root, path, vocabulary, repo);
  const routes: Route[] = framework === "flask" ? discoverFlaskClassViews(root, vocabulary, gatesFor) : [];
  for (const decorated of descendants(root, ["decorated_definition"])) {
    const fn = decorated.childForFieldName("definition");
    if (fn?.type !== "function_definition") continue;
    const decorators = namedChildren(decorated).filter((d) => d.type === "decorator");
    const routeIndex = decorators.findIndex((d) => {
      const expression = namedChildren(d)[0];
      if (expression?.type !== "call") return false;
      const [receiver, method, extra] = calleeText(expression).split(".");
      return !!receiver && !extra && ROUTE_DECORATOR_METHODS.has(method ?? "") && stringValue(namedChildren(expression.childForFieldName("arguments"))[0]) !== undefined;
    });
    const routeDecorator = decorators[routeIndex];
    const routeCall = routeDecorator ? namedChildren(routeDecorator)[0] : undefined;
    if (!routeDecorator || !routeCall) continue;
    const [receiver = "", method = ""] = calleeText(routeCall).split(".");
    const routePath = stringValue(namedChildren(routeCall.childForFieldName("arguments"))[0]) ?? "/";
    const methodsList = keywordArgument(routeCall, "methods");
    const httpMethod = method === "route" || method === "api_route" ? (methodsList ? namedChildren(methodsList).map((m) => stringValue(m) ?? "?").join("|").toUpperCase() : "GET") : method.toUpperCase();
    const gates: Gate[] = [];
    const dependencies = keywordArgument(routeCall, "dependencies");
    if (dependencies) gates.push(...dependencyGates(dependencies, vocabulary));
    gates.push(...parameterGates(fn, vocabulary));
    // Flask applies decorators bottom-up: only those under the route decorator wrap the function it registers.
    const effective = framework === "flask" ? decorators.slice(routeIndex + 1) : decorators.filter((_, i) => i !== routeIndex);
    for (const decorator of effective) {
      const name = calleeText(namedChildren(decorator)[0] ?? decorator);
      if (vocabulary.isGate(name)) gates.push({ name: `@${name}`, kind: "decorator", line: lineOf(decorator), role: vocabulary.isRoleGate(name) || roleInArguments(decorator) });
    }
    const router = gatesFor(receiver, routePath, fn.childForFieldName("name")?.text ?? "");
    gates.push(...router.gates);
    const check = leadingAuthCheck(fn, vocabulary);
    if (check) gates.push(check);
    const misplaced = framework === "flask" ? decorators.slice(0, routeIndex).find((d) => vocabulary.isGate(calleeText(namedChildren(d)[0] ?? d))) : undefined;
    const searched =
      framework === "fastapi"
        ? ["no `Depends(...)` auth dependency in the parameters", `no \`dependencies=[...]\` on the route or on \`${receiver}\``, "no caller check in the handler's first statements"]
        : [
            misplaced ? `\`${misplaced.text}\` sits above \`@${receiver}.${method}\`, so it wraps a function Flask already registered and never runs` : "no `@login_required`-style decorator under the route decorator",
            `no \`before_request\` check on \`${receiver}\``,
            "no caller check in the handler's first statements",
          ];
    routes.push({
      framework,
      method: httpMethod,
      path: router.prefix ? `${router.prefix.replace(/\/$/, "")}${routePath}` : routePath,
      node: routeDecorator,
      handlers: [fn],
      extraSpans: [decorated],
      gates,
      idNames: [...new Set([...pathParamNames(routePath), ...(framework === "fastapi" ? queryIdParameters(fn) : [])])],
      searched,
      group: receiver,
    });
  }
  return routes;
}
