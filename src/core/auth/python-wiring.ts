/**
 * What Flask and FastAPI modules tell each other about auth. A blueprint is often created in a package's
 * `__init__.py` with its `before_request` check while its routes live in `routes.py` (`from app.reports import
 * bp`); a FastAPI router is included, with its auth dependencies, by main.py (`app.include_router(items.router,
 * dependencies=[Depends(get_current_user)])`); an app-wide hook (`@app.before_request`, `@app.middleware("http")`,
 * `FastAPI(dependencies=[...])`) guards every route of the app. The wiring pass records these gates under the
 * router's `module#name` key, which the route discovery looks up through the route module's own imports.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { lineOf, type Gate } from "./route.js";
import { calleeText, descendants, namedChildren, stringValue } from "./syntax.js";
import { REFUSAL, type GateVocabulary } from "./vocabulary.js";

/** A gate another module attaches to a router, or the app attaches to every route. */
export interface PythonRouterGate extends Gate {
  /** Paths and endpoint names the hook lets through (`PUBLIC_ENDPOINTS = {"auth.login", ...}`). */
  exempt: string[];
  /** The module that attaches it; route discovery reads its own module's gates itself. */
  file: string;
}

export interface PythonWiring {
  /** `module/path.py#name` of a blueprint or router, to gates attached to it in any changed module. */
  routerGates: Map<string, PythonRouterGate[]>;
  /** Gates that run for every route of the app: app-level hooks, HTTP middleware, `FastAPI(dependencies=...)`. */
  appGates: PythonRouterGate[];
}

export function emptyPythonWiring(): PythonWiring {
  return { routerGates: new Map(), appGates: [] };
}

/** Does the wiring pass need this Python module: it attaches hooks, includes routers or holds an app-wide gate. */
export function pythonWiringReads(text: string): boolean {
  return /\bbefore_(app_)?request\b|\binclude_router\s*\(|\.middleware\s*\(\s*["']http["']|\bFastAPI\s*\([^)]*dependencies/.test(text);
}

/** `app/reports/__init__.py` or `app/reports.py` among the changed paths, for the dotted module `app.reports`. */
function moduleFile(dotted: string, paths: ReadonlySet<string>): string | undefined {
  const tail = dotted.split(".").join("/");
  const candidates = [`${tail}.py`, `${tail}/__init__.py`];
  for (const path of paths) if (candidates.some((c) => path === c || path.endsWith(`/${c}`))) return path;
  return undefined;
}

/** `from .b import c` in `pkg/a.py` names `pkg.b`; `from .. import c` names the parent package. */
function absoluteModule(from: string, module: string): string {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  if (dots === 0) return module;
  const packageParts = from.split("/").slice(0, -1);
  const base = packageParts.slice(0, packageParts.length - (dots - 1));
  const rest = module.slice(dots);
  return [...base, ...(rest ? rest.split(".") : [])].join(".");
}

interface Binding {
  module: string;
  name?: string;
}

/** Local names bound by `from x import y [as z]` and `import x.y as z` to modules among the changed files. */
export function pythonImportBindings(root: Node, path: string, paths: ReadonlySet<string>): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const statement of descendants(root, ["import_from_statement"])) {
    const moduleNode = statement.childForFieldName("module_name");
    if (!moduleNode) continue;
    const dotted = absoluteModule(path, moduleNode.text);
    for (const nameNode of statement.childrenForFieldName("name")) {
      if (!nameNode) continue;
      const imported = nameNode.type === "aliased_import" ? nameNode.childForFieldName("name")?.text : nameNode.text;
      const local = nameNode.type === "aliased_import" ? nameNode.childForFieldName("alias")?.text : nameNode.text;
      if (!imported || !local) continue;
      const asModule = moduleFile(dotted ? `${dotted}.${imported}` : imported, paths);
      const parent = moduleFile(dotted, paths);
      if (asModule) bindings.set(local, { module: asModule });
      else if (parent) bindings.set(local, { module: parent, name: imported });
    }
  }
  for (const statement of descendants(root, ["import_statement"])) {
    for (const nameNode of namedChildren(statement)) {
      if (nameNode.type !== "aliased_import") continue;
      const target = moduleFile(nameNode.childForFieldName("name")?.text ?? "", paths);
      const local = nameNode.childForFieldName("alias")?.text;
      if (target && local) bindings.set(local, { module: target });
    }
  }
  return bindings;
}

/** The `module#name` key of a router expression (`bp`, `items.router`) as seen from `path`. */
export function routerKey(expression: string, path: string, bindings: Map<string, Binding>): string {
  const [head = "", ...rest] = expression.split(".");
  const binding = bindings.get(head);
  if (binding && rest.length > 0 && !binding.name) return `${binding.module}#${rest.join(".")}`;
  if (binding?.name && rest.length === 0) return `${binding.module}#${binding.name}`;
  return `${path}#${expression}`;
}

/** Strings a hook compares the request against before letting it through: the names in `if request.endpoint in PUBLIC:`. */
function exemptions(fn: Node, root: Node): string[] {
  const constants = new Map<string, Node>();
  for (const statement of namedChildren(root)) {
    const assignment = statement.type === "expression_statement" ? namedChildren(statement)[0] : undefined;
    const left = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
    const right = assignment?.childForFieldName("right");
    if (left?.type === "identifier" && right) constants.set(left.text, right);
  }
  const exempt: string[] = [];
  for (const statement of descendants(fn, ["if_statement"])) {
    const condition = statement.childForFieldName("condition");
    if (!condition || !/\b(path|endpoint|url|route)\b/.test(condition.text)) continue;
    // `if request.endpoint in PUBLIC: return` lets the listed ones through; `if request.path not in OPEN: <refuse>`
    // refuses all but the listed ones. Either way the strings are exempt; any other shape exempts nothing.
    const refuses = REFUSAL.test(statement.childForFieldName("consequence")?.text ?? "");
    const membership = /\bnot in\b|!=/.test(condition.text) ? "outside" : /\bin\b|==/.test(condition.text) ? "inside" : undefined;
    if (!(membership === "inside" && !refuses) && !(membership === "outside" && refuses)) continue;
    const sources = [condition, ...descendants(condition, ["identifier"]).flatMap((id) => constants.get(id.text) ?? [])];
    for (const source of sources) for (const s of descendants(source, ["string"])) {
      const value = stringValue(s);
      if (value) exempt.push(value);
    }
  }
  return exempt;
}

/** The app object of a Flask or FastAPI module: `app = Flask(__name__)`, `app = FastAPI(...)`, or the conventional name. */
function isAppReceiver(name: string, root: Node): boolean {
  if (/^(app|application)$/.test(name)) return true;
  return descendants(root, ["assignment"]).some((a) => a.childForFieldName("left")?.text === name && /^(Flask|FastAPI)$/.test(calleeText(a.childForFieldName("right") ?? a)));
}

function keywordArgument(call: Node, name: string): Node | undefined {
  for (const arg of namedChildren(call.childForFieldName("arguments"))) {
    if (arg.type === "keyword_argument" && arg.childForFieldName("name")?.text === name) return arg.childForFieldName("value") ?? undefined;
  }
  return undefined;
}

/**
 * One module's part of the Python wiring. `dependencyGates` reads `Depends(...)` lists the way route discovery
 * does (passed in, so the two read dependencies alike).
 */
export function collectPythonWiring(
  wiring: PythonWiring,
  root: Node,
  path: string,
  paths: ReadonlySet<string>,
  vocabulary: GateVocabulary,
  dependencyGates: (node: Node) => Gate[],
): void {
  const bindings = pythonImportBindings(root, path, paths);
  const attach = (receiver: string, gate: PythonRouterGate, appWide: boolean) => {
    if (appWide) {
      wiring.appGates.push(gate);
      return;
    }
    const key = routerKey(receiver, path, bindings);
    wiring.routerGates.set(key, [...(wiring.routerGates.get(key) ?? []), gate]);
  };
  const hook = (receiver: string, fn: Node, kind: string) => {
    // Read like a handler, not a middleware: a hook that answers 403 to a blocklisted IP authenticates nobody.
    const check = leadingAuthCheck(fn, vocabulary);
    if (!check) return;
    const name = `@${receiver}.${kind} ${fn.childForFieldName("name")?.text ?? ""}`.trim();
    // An HTTP middleware is read nowhere else, so it is "global" even for routes of its own module.
    attach(receiver, { ...check, name, kind: kind === "middleware" ? "global" : "hook", exempt: exemptions(fn, root), file: path }, kind === "before_app_request" || kind === "middleware" || isAppReceiver(receiver, root));
  };
  for (const decorated of descendants(root, ["decorated_definition"])) {
    const fn = decorated.childForFieldName("definition");
    if (fn?.type !== "function_definition") continue;
    for (const decorator of namedChildren(decorated).filter((d) => d.type === "decorator")) {
      const expression = namedChildren(decorator)[0];
      const name = expression ? calleeText(expression) : "";
      const match = /^(.+)\.(before_request|before_app_request|middleware)$/.exec(name);
      if (!match?.[1] || !match[2]) continue;
      if (match[2] === "middleware" && stringValue(namedChildren(expression?.childForFieldName("arguments"))[0]) !== "http") continue;
      hook(match[1], fn, match[2]);
    }
  }
  // `private_router = APIRouter(dependencies=[...])`: a router including another passes its dependencies down.
  const constructorGates = new Map<string, Gate[]>();
  for (const assignment of descendants(root, ["assignment"])) {
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    const dependencies = right?.type === "call" && calleeText(right) === "APIRouter" ? keywordArgument(right, "dependencies") : undefined;
    if (left?.type === "identifier" && dependencies) constructorGates.set(left.text, dependencyGates(dependencies));
  }
  for (const call of descendants(root, ["call"])) {
    const callee = calleeText(call);
    const args = namedChildren(call.childForFieldName("arguments"));
    const hookCall = /^(.+)\.(before_request|before_app_request)$/.exec(callee);
    if (hookCall?.[1] && hookCall[2] && args[0]?.type === "identifier") {
      const fn = descendants(root, ["function_definition"]).find((f) => f.childForFieldName("name")?.text === args[0]?.text);
      if (fn) hook(hookCall[1], fn, hookCall[2]);
    }
    const include = /^(.+)\.include_router$/.exec(callee);
    if (include?.[1] && args[0] && args[0].type !== "keyword_argument") {
      const dependencies = keywordArgument(call, "dependencies");
      const gates = [...(dependencies ? dependencyGates(dependencies) : []), ...(constructorGates.get(include[1]) ?? [])];
      for (const gate of gates) attach(args[0].text, { ...gate, kind: "mount", name: `${gate.name} where ${path} line ${lineOf(call)} includes it`, exempt: [], file: path }, false);
    }
    if (calleeText(call) === "FastAPI") {
      const dependencies = keywordArgument(call, "dependencies");
      for (const gate of dependencies ? dependencyGates(dependencies) : []) wiring.appGates.push({ ...gate, name: `FastAPI(dependencies=[${gate.name}]) in ${path}`, kind: "dependency", exempt: [], file: path });
    }
  }
}
