/**
 * Routes registered by calls on an app or router object: Express, Hono, Koa (@koa/router) and Fastify share
 * the shape `receiver.method(path, ...middleware, handler)`. Gates come from the middleware arguments,
 * Fastify's `preHandler`/`onRequest` options and hooks, `use()` calls on the same receiver registered BEFORE
 * the route (Express, Hono and Koa run middleware in registration order, so a `use` after the route does not
 * protect it), the `use()`/`route()` call that mounts the router, and the handler's first statements.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { joinPaths, pathParamNames, prefixCovers } from "./path-params.js";
import { lineOf, type Framework, type Gate, type Route } from "./route.js";
import { calleeText, descendants, findFunctionByName, isJsFunction, namedChildren, stringValue } from "./syntax.js";
import type { GateVocabulary } from "./vocabulary.js";

const ROUTE_METHODS = new Set(["get", "post", "put", "patch", "delete", "del", "all", "options", "head"]);
const FASTIFY_GATE_OPTIONS = new Set(["preHandler", "onRequest", "preValidation", "preParsing"]);
const ROUTER_FACTORY = /^(express|express\.Router|Router|Hono|OpenAPIHono|Fastify|fastify|Koa|KoaRouter|Router\.Router|new Router|createRouter)$/;
/** Names that hold an app or router by convention, when the file does not construct it (a Fastify plugin's `fastify`). */
const CONVENTIONAL_RECEIVER = /^(app|router|server|fastify|instance|routes|api[A-Z]\w*|\w*(Router|Routes|App|Api)|\w*(router|app))$/;

interface UseCall {
  receiver: string;
  node: Node;
  prefix: string | undefined;
  gates: Gate[];
  /** Routers this call mounts (`app.use('/api', apiRouter)`, Hono `app.route('/admin', admin)`, Koa `router.routes()`). */
  mounts: string[];
  /** Fastify hooks apply to the whole plugin scope whatever their order; `use` only to routes after it. */
  orderless: boolean;
  scope: Node | null;
}

export function detectJsFramework(text: string): Framework {
  if (/from\s+['"]hono(\/[\w-]+)?['"]|require\(\s*['"]hono/.test(text)) return "hono";
  if (/from\s+['"]fastify['"]|require\(\s*['"]fastify|FastifyInstance|FastifyPluginAsync|\bfastify\.(get|post|route|addHook|register)\b/.test(text)) return "fastify";
  if (/['"](@koa\/router|koa-router|koa)['"]/.test(text)) return "koa";
  return "express";
}

function constructedReceivers(root: Node): Set<string> {
  const names = new Set<string>();
  for (const declarator of descendants(root, ["variable_declarator"])) {
    const value = declarator.childForFieldName("value");
    const name = declarator.childForFieldName("name");
    if (!value || !name || name.type !== "identifier") continue;
    const callee = value.type === "new_expression" || value.type === "call_expression" ? calleeText(value) : "";
    if (ROUTER_FACTORY.test(callee) || /\.(basePath|route)$/.test(callee)) names.add(name.text);
  }
  return names;
}

function enclosingScope(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) if (isJsFunction(current)) return current;
  return null;
}

function flattenArguments(args: Node[]): Node[] {
  return args.flatMap((arg) => (arg.type === "array" ? namedChildren(arg) : [arg]));
}

/** Is this middleware argument an auth gate: by its name, or an inline or named function that checks the caller? */
function gateOf(arg: Node, root: Node, vocabulary: GateVocabulary, kind: Gate["kind"]): Gate | undefined {
  if (isJsFunction(arg)) {
    const check = leadingAuthCheck(arg, vocabulary);
    return check ? { ...check, kind } : undefined;
  }
  if (!["identifier", "shorthand_property_identifier", "member_expression", "call_expression", "await_expression"].includes(arg.type)) return undefined;
  const name = calleeText(arg);
  if (vocabulary.isGate(name)) return { name, kind, line: lineOf(arg), role: vocabulary.isRoleGate(name) };
  if (arg.type === "identifier" || arg.type === "shorthand_property_identifier") {
    const fn = findFunctionByName(root, name);
    const check = fn ? leadingAuthCheck(fn, vocabulary) : undefined;
    if (check) return { name, kind, line: lineOf(arg), role: check.role || vocabulary.isRoleGate(name) };
  }
  return undefined;
}

/** The handler's function: inline, defined by name in this file, or wrapped (`asyncHandler(fn)`, `withAuth(fn)`). */
function resolveHandler(arg: Node, root: Node, vocabulary: GateVocabulary): { fn?: Node; wrapper?: Gate } {
  if (isJsFunction(arg)) return { fn: arg };
  if (arg.type === "identifier") return { fn: findFunctionByName(root, arg.text) };
  if (arg.type === "call_expression") {
    const inner = namedChildren(arg.childForFieldName("arguments")).find((a) => isJsFunction(a) || a.type === "identifier");
    const resolved = inner ? resolveHandler(inner, root, vocabulary) : {};
    const name = calleeText(arg);
    const wrapper = vocabulary.isGate(name) ? { name, kind: "wrapper" as const, line: lineOf(arg), role: vocabulary.isRoleGate(name) } : resolved.wrapper;
    return { fn: resolved.fn, wrapper };
  }
  return {};
}

interface Registration {
  receiver: string;
  method: string;
  path: string;
  node: Node;
  args: Node[];
  /** Fastify options objects (`{ preHandler: [...] }`) and `route({...})` definitions. */
  options: Node[];
  handler?: Node;
}

function objectProperty(object: Node, key: string): Node | undefined {
  for (const pair of namedChildren(object)) {
    if (pair.type === "pair" && pair.childForFieldName("key")?.text.replace(/['"]/g, "") === key) return pair.childForFieldName("value") ?? undefined;
    if (pair.type === "shorthand_property_identifier" && pair.text === key) return pair;
  }
  return undefined;
}

/** `router.route('/x').get(h).post(h2)`: walks down a chain to the `route(path)` call and its receiver. */
function chainedRoute(object: Node): { receiver: string; path: string } | undefined {
  let current: Node | null = object;
  while (current?.type === "call_expression") {
    const fn = current.childForFieldName("function");
    if (fn?.type !== "member_expression") return undefined;
    const property = fn.childForFieldName("property")?.text;
    const args = namedChildren(current.childForFieldName("arguments"));
    if (property === "route" && args.length === 1) {
      const path = stringValue(args[0]);
      const receiver = fn.childForFieldName("object");
      return path !== undefined && receiver?.type === "identifier" ? { receiver: receiver.text, path } : undefined;
    }
    if (!property || !ROUTE_METHODS.has(property)) return undefined;
    current = fn.childForFieldName("object");
  }
  return undefined;
}

function registrationOf(call: Node, isReceiver: (name: string) => boolean): Registration | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "member_expression") return undefined;
  const object = fn.childForFieldName("object");
  const property = fn.childForFieldName("property");
  if (!object || !property) return undefined;
  const args = namedChildren(call.childForFieldName("arguments")).filter((a) => a.type !== "comment");
  const method = property.text;
  if (object.type === "call_expression" && ROUTE_METHODS.has(method)) {
    const chained = chainedRoute(object);
    if (chained) return { receiver: chained.receiver, method: method.toUpperCase(), path: chained.path, node: property, args, options: [], handler: args[args.length - 1] };
    return undefined;
  }
  if (object.type !== "identifier" && object.type !== "this") return undefined;
  const receiver = object.text;
  if (!isReceiver(receiver)) return undefined;
  if (ROUTE_METHODS.has(method) && args.length >= 2) {
    const path = stringValue(args[0]);
    if (path === undefined || !/^[/*]/.test(path)) return undefined;
    const rest = args.slice(1);
    const handler = rest[rest.length - 1];
    if (!handler || handler.type === "string" || handler.type === "object" || handler.type === "number") return undefined;
    const options = rest.slice(0, -1).filter((a) => a.type === "object");
    return { receiver, method: method === "del" ? "DELETE" : method.toUpperCase(), path, node: call, args: rest.slice(0, -1).filter((a) => a.type !== "object"), options, handler };
  }
  if (method === "on" && args.length >= 3) {
    const path = stringValue(args[1]);
    const methods = args[0]?.type === "array" ? namedChildren(args[0]).map((m) => stringValue(m) ?? "?").join("|") : stringValue(args[0]);
    if (path === undefined || !methods) return undefined;
    const rest = args.slice(2);
    return { receiver, method: methods.toUpperCase(), path, node: call, args: rest.slice(0, -1), options: [], handler: rest[rest.length - 1] };
  }
  if (method === "route" && args.length === 1 && args[0]?.type === "object") {
    const definition = args[0];
    const path = stringValue(objectProperty(definition, "url") ?? objectProperty(definition, "path"));
    const methodNode = objectProperty(definition, "method");
    const methods = methodNode?.type === "array" ? namedChildren(methodNode).map((m) => stringValue(m) ?? "?").join("|") : stringValue(methodNode);
    if (path === undefined || !methods) return undefined;
    return { receiver, method: methods.toUpperCase(), path, node: call, args: [], options: [definition], handler: objectProperty(definition, "handler") };
  }
  return undefined;
}

function useCallOf(call: Node, root: Node, vocabulary: GateVocabulary, routers: Set<string>): UseCall | undefined {
  const fn = call.childForFieldName("function");
  if (fn?.type !== "member_expression") return undefined;
  const object = fn.childForFieldName("object");
  const method = fn.childForFieldName("property")?.text;
  if (!object || (object.type !== "identifier" && object.type !== "this")) return undefined;
  const args = namedChildren(call.childForFieldName("arguments"));
  const receiver = object.text;
  const scope = enclosingScope(call);
  if (method === "addHook") {
    const hook = stringValue(args[0]);
    if (!hook || !FASTIFY_GATE_OPTIONS.has(hook) || !args[1]) return undefined;
    const gate = gateOf(args[1], root, vocabulary, "hook");
    return { receiver, node: call, prefix: undefined, gates: gate ? [gate] : [], mounts: [], orderless: true, scope };
  }
  const isUse = method === "use";
  const isHonoMount = method === "route" && args.length === 2 && stringValue(args[0]) !== undefined;
  // `app.all('*', requireAuth)` with no handler after it works like `use`.
  const isCatchAll = method === "all" && args.length === 2 && /^\/?\*$/.test(stringValue(args[0]) ?? "") && args[1]?.type !== "arrow_function";
  if (!isUse && !isHonoMount && !isCatchAll) return undefined;
  const prefix = stringValue(args[0]);
  const rest = flattenArguments(prefix !== undefined ? args.slice(1) : args);
  const gates: Gate[] = [];
  const mounts: string[] = [];
  for (const arg of rest) {
    const mounted = mountedRouter(arg, routers);
    if (mounted) {
      mounts.push(mounted);
      continue;
    }
    const gate = gateOf(arg, root, vocabulary, isUse || isCatchAll ? "use" : "mount");
    if (gate) gates.push(gate);
  }
  return { receiver, node: call, prefix, gates, mounts, orderless: false, scope };
}

/** `apiRouter`, `router.routes()` (Koa), `adminApp` (Hono): the router a `use`/`route` call mounts. */
function mountedRouter(arg: Node, routers: Set<string>): string | undefined {
  if (arg.type === "identifier" && routers.has(arg.text)) return arg.text;
  if (arg.type === "call_expression") {
    const fn = arg.childForFieldName("function");
    const object = fn?.type === "member_expression" ? fn.childForFieldName("object") : null;
    if (object?.type === "identifier" && /^(routes|middleware|allowedMethods)$/.test(fn?.childForFieldName("property")?.text ?? "")) return object.text;
  }
  return undefined;
}

export function discoverJsCallRoutes(root: Node, vocabulary: GateVocabulary): Route[] {
  const framework = detectJsFramework(root.text);
  const constructed = constructedReceivers(root);
  const isReceiver = (name: string) => constructed.has(name) || CONVENTIONAL_RECEIVER.test(name) || name === "this";
  const calls = descendants(root, ["call_expression"]);
  const registrations = calls.map((call) => registrationOf(call, isReceiver)).filter((r): r is Registration => !!r);
  const routers = new Set([...constructed, ...registrations.map((r) => r.receiver)]);
  const uses = calls.map((call) => useCallOf(call, root, vocabulary, routers)).filter((u): u is UseCall => !!u);
  return registrations.map((registration) => toRoute(registration, framework, root, vocabulary, uses));
}

function toRoute(registration: Registration, framework: Framework, root: Node, vocabulary: GateVocabulary, uses: UseCall[]): Route {
  const gates: Gate[] = [];
  for (const arg of flattenArguments(registration.args)) {
    const gate = gateOf(arg, root, vocabulary, "middleware");
    if (gate) gates.push(gate);
  }
  for (const options of registration.options) {
    for (const key of FASTIFY_GATE_OPTIONS) {
      const value = objectProperty(options, key);
      if (!value) continue;
      const values = value.type === "array" ? namedChildren(value) : [value];
      for (const item of values) {
        const gate = gateOf(item, root, vocabulary, "middleware");
        if (gate) gates.push(gate);
      }
    }
  }
  const handlers: Node[] = [];
  const extraSpans: Node[] = [];
  if (registration.handler) {
    const { fn, wrapper } = resolveHandler(registration.handler, root, vocabulary);
    if (wrapper) gates.push(wrapper);
    if (fn) {
      handlers.push(fn);
      if (!isWithin(fn, registration.node)) extraSpans.push(fn);
    }
  }
  for (const arg of flattenArguments(registration.args)) if (isJsFunction(arg)) handlers.push(arg);
  if (registration.node.type === "property_identifier") {
    const args = registration.node.parent?.parent?.childForFieldName("arguments");
    if (args) extraSpans.push(args);
  }
  const { receiver, path } = registration;
  const before = uses.filter((use) => use.receiver === receiver && (use.orderless ? sameScope(use, registration.node) : use.node.startIndex < registration.node.startIndex));
  for (const use of before) if (prefixCovers(use.prefix, path)) gates.push(...use.gates);
  let mountPrefix: string | undefined;
  for (const mount of uses.filter((use) => use.mounts.includes(receiver))) {
    mountPrefix ??= mount.prefix;
    gates.push(...mount.gates);
    // Gates the parent registered before mounting this router run first for every request that reaches it.
    const parentGates = uses.filter((use) => use.receiver === mount.receiver && use !== mount && use.node.startIndex < mount.node.startIndex && prefixCovers(use.prefix, joinPaths(mount.prefix, path)));
    for (const use of parentGates) gates.push(...use.gates.map((g) => ({ ...g, kind: "mount" as const })));
  }
  for (const handler of handlers) {
    const check = leadingAuthCheck(handler, vocabulary);
    if (check) gates.push(check);
  }
  const line = lineOf(registration.node);
  const useWord = framework === "fastify" ? "no `preHandler`/`onRequest` option and no `addHook('onRequest')`" : `no \`${receiver}.use()\` gate registered before line ${line}`;
  return {
    framework,
    method: registration.method,
    path: joinPaths(mountPrefix, path),
    node: registration.node,
    handlers,
    extraSpans,
    gates,
    idNames: pathParamNames(path),
    searched: ["no auth middleware on the route", useWord, "no session or token check in the handler's first statements"],
    group: receiver,
  };
}

function sameScope(use: UseCall, node: Node): boolean {
  return use.scope === null ? true : isWithin(node, use.scope);
}

function isWithin(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}
