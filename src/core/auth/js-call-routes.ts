/**
 * Routes registered by calls on an app or router object: Express, Hono, Koa (@koa/router) and Fastify share
 * the shape `receiver.method(path, ...middleware, handler)`. Gates come from the middleware arguments,
 * Fastify's `preHandler`/`onRequest` options and hooks, `use()` calls on the same receiver registered BEFORE
 * the route (Express, Hono and Koa run middleware in registration order, so a `use` after the route does not
 * protect it; see use-exemptions.ts for the paths a `use` covers), the `use()`/`route()` call that mounts the
 * router, Fastify plugin scopes (fastify-scopes.ts), and the handler's first statements. How a call registers a
 * route is read in js-registrations.ts.
 */
import type { Node, Tree } from "web-tree-sitter";
import { fastifyPluginParameters, fastifyScopeGates, pluginRegistrations, type FastifyFile } from "./fastify-scopes.js";
import { leadingAuthCheck } from "./handler-checks.js";
import { memberCalls, objectProperty, registrationOf, type MemberCall, type Registration } from "./js-registrations.js";
import { joinPaths, pathParamNames } from "./path-params.js";
import { lineOf, type Framework, type Gate, type Route } from "./route.js";
import { calleeText, descendants, findCallValueByName, findFunctionByName, isJsFunction, namedChildren, stringValue } from "./syntax.js";
import { unlessPaths, unlessTarget, useCovers, type PathPattern } from "./use-exemptions.js";
import { roleInArguments, type GateVocabulary } from "./vocabulary.js";
import type { ExternalMount, FileWiring } from "./wiring.js";
import { treeCache } from "../tree-caches.js";
import { remembered } from "../remembered.js";

const FASTIFY_GATE_OPTIONS = new Set(["preHandler", "onRequest", "preValidation", "preParsing"]);
const ROUTER_FACTORY = /^(express|express\.Router|Router|Hono|OpenAPIHono|Fastify|fastify|Koa|KoaRouter|Router\.Router|new Router|createRouter)$/;
/** Names that hold an app or router by convention, when the file does not construct it (a Fastify plugin's `fastify`). */
const CONVENTIONAL_RECEIVER = /^(app|router|server|fastify|instance|routes|api[A-Z]\w*|\w*(Router|Routes|App|Api)|\w*(router|app))$/;

/** Addresses of loopback interfaces: an app that listens only there is reachable from this machine alone. */
const LOOPBACK_HOST = /^(127\.0\.0\.1|localhost|::1|\[::1\])$/;

interface UseCall {
  receiver: string;
  node: Node;
  prefix: string | undefined;
  /** Every path the call names when it names several (`app.use(['/billing', '/settings'], gate)`). */
  paths?: string[];
  /** Paths the gate skips (`expressjwt(...).unless({ path: ['/auth/login', /^\/public/] })`). */
  exempt?: PathPattern[];
  gates: Gate[];
  /** Routers this call mounts (`app.use('/api', apiRouter)`, Hono `app.route('/admin', admin)`, Koa `router.routes()`). */
  mounts: string[];
  /** Fastify hooks apply to the whole plugin scope whatever their order; `use` only to routes after it. */
  orderless: boolean;
  scope: Node | null;
  /** Arguments that are middleware imported from another changed file, resolved against the repository. */
  importedMiddleware: Array<{ local: string; line: number }>;
}

export function detectJsFramework(text: string): Framework {
  if (/from\s+['"]hono(\/[\w-]+)?['"]|require\(\s*['"]hono/.test(text)) return "hono";
  if (/from\s+['"]fastify['"]|require\(\s*['"]fastify|FastifyInstance|FastifyPluginAsync|\bfastify\.(get|post|route|addHook|register)\b/.test(text)) return "fastify";
  if (/['"](@koa\/router|koa-router|koa)['"]/.test(text)) return "koa";
  return "express";
}

/**
 * Every callee ROUTER_FACTORY accepts, and every `.basePath`/`.route` callee, spells one of these words (callee
 * texts lose only whitespace, which cannot split a word): a file with none constructs no router, and its
 * declarations need no walk through WebAssembly.
 */
const ROUTER_FACTORY_WORDS = /express|Router|Hono|[Ff]astify|Koa|basePath|route/;

function constructedReceivers(root: Node): Set<string> {
  const names = new Set<string>();
  if (!ROUTER_FACTORY_WORDS.test(root.text)) return names;
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

/**
 * A middleware the file defines by name: a function, or a function wrapped by a factory
 * (`const internalOnly = createMiddleware(async (c, next) => ...)`).
 */
export function findMiddlewareByName(root: Node, name: string): Node | undefined {
  const fn = findFunctionByName(root, name);
  if (fn) return fn;
  const factory = findCallValueByName(root, name);
  return factory ? namedChildren(factory.childForFieldName("arguments")).find(isJsFunction) : undefined;
}

/** Is this middleware argument an auth gate: by its name, or an inline or named function that checks the caller? */
function gateOf(arg: Node, root: Node, vocabulary: GateVocabulary, kind: Gate["kind"], wiring?: FileWiring): Gate | undefined {
  const gated = unlessTarget(arg);
  if (gated) return gateOf(gated, root, vocabulary, kind, wiring);
  if (isJsFunction(arg)) {
    const check = leadingAuthCheck(arg, vocabulary, { middleware: true });
    return check ? { ...check, kind } : undefined;
  }
  if (!["identifier", "shorthand_property_identifier", "member_expression", "call_expression", "await_expression"].includes(arg.type)) return undefined;
  const name = calleeText(arg);
  if (vocabulary.isGate(name)) return { name, kind, line: lineOf(arg), role: vocabulary.isRoleGate(name) || roleInArguments(arg) };
  if (arg.type === "identifier" || arg.type === "shorthand_property_identifier") {
    const fn = findMiddlewareByName(root, name);
    const check = fn ? leadingAuthCheck(fn, vocabulary, { middleware: true }) : undefined;
    if (check) return { name, kind, line: lineOf(arg), role: check.role || vocabulary.isRoleGate(name) };
    const imported = wiring?.importedGate(name);
    if (imported) return { name, kind, line: lineOf(arg), role: imported.role || vocabulary.isRoleGate(name) };
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

/** Methods whose calls add middleware or mount a router (`useCallOf`); any other call is skipped unread. */
const USE_METHODS = new Set(["addHook", "use", "route", "all"]);

function useCallOf({ call, object, method }: MemberCall, root: Node, vocabulary: GateVocabulary, routers: Set<string>, wiring?: FileWiring): UseCall | undefined {
  if (!USE_METHODS.has(method)) return undefined;
  const objectType = object.type;
  if (objectType !== "identifier" && objectType !== "this") return undefined;
  const args = namedChildren(call.childForFieldName("arguments"));
  const receiver = object.text;
  const scope = enclosingScope(call);
  if (method === "addHook") {
    const hook = stringValue(args[0]);
    if (!hook || !FASTIFY_GATE_OPTIONS.has(hook) || !args[1]) return undefined;
    const gate = gateOf(args[1], root, vocabulary, "hook", wiring);
    return { receiver, node: call, prefix: undefined, gates: gate ? [gate] : [], mounts: [], orderless: true, scope, importedMiddleware: [] };
  }
  const isUse = method === "use";
  const isHonoMount = method === "route" && args.length === 2 && stringValue(args[0]) !== undefined;
  // `app.all('*', requireAuth)` with no handler after it works like `use`.
  const isCatchAll = method === "all" && args.length === 2 && /^\/?\*$/.test(stringValue(args[0]) ?? "") && args[1]?.type !== "arrow_function";
  if (!isUse && !isHonoMount && !isCatchAll) return undefined;
  const pathList = args[0]?.type === "array" ? namedChildren(args[0]).map(stringValue) : [];
  const paths = pathList.length > 0 && pathList.every((p): p is string => p !== undefined) ? pathList : undefined;
  const prefix = stringValue(args[0]) ?? paths?.[0];
  const rest = flattenArguments(prefix !== undefined ? args.slice(1) : args);
  const exempt = rest.flatMap(unlessPaths);
  const gates: Gate[] = [];
  const mounts: string[] = [];
  const importedMiddleware: UseCall["importedMiddleware"] = [];
  for (const arg of rest) {
    const mounted = mountedRouter(arg, routers);
    if (mounted) {
      mounts.push(mounted);
      continue;
    }
    const gate = gateOf(arg, root, vocabulary, isUse || isCatchAll ? "use" : "mount", wiring);
    if (gate) gates.push(gate);
    else if (arg.type === "identifier" && wiring?.importKey(arg.text)) importedMiddleware.push({ local: arg.text, line: lineOf(arg) });
  }
  return { receiver, node: call, prefix, ...(paths ? { paths } : {}), ...(exempt.length > 0 ? { exempt } : {}), gates, mounts, orderless: false, scope, importedMiddleware };
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

interface FileCalls {
  framework: Framework;
  registrations: Registration[];
  uses: UseCall[];
  /** Receivers that `listen()` on a loopback address only. */
  loopbackOnly: Set<string>;
  /** Fastify plugin scopes and their hooks (see fastify-scopes.ts). */
  fastify?: FastifyFile;
}

/** Names passed to any call that the file imports from another changed file (a router it may mount). */
function importedArguments(root: Node, wiring: FileWiring | undefined): string[] {
  // A file that imports nothing from the change has no such name: its calls' arguments need no reading.
  if (!wiring || wiring.imports.size === 0) return [];
  return descendants(root, ["call_expression"])
    .flatMap((call) => namedChildren(call.childForFieldName("arguments")))
    .filter((arg) => arg.type === "identifier" && !!wiring.importKey(arg.text))
    .map((arg) => arg.text);
}

/** What `fileCalls` reads from a file, before the Fastify part is bound to the caller's wiring. */
interface CallsRead extends Omit<FileCalls, "fastify"> {
  fastify?: Pick<FastifyFile, "registrations" | "hooks">;
}

/**
 * A file's calls, read once per (vocabulary, repository, imports): the mounts pass and the route discovery read
 * a linked file alike. Besides the imports, a read depends on the repository's exported gates, which the
 * exports pass completes before any read with a wiring (that pass itself reads without one).
 */
const callsByTree = treeCache(new WeakMap<Tree, Array<{ vocabulary: GateVocabulary; wiring: Pick<FileWiring, "repo" | "imports"> | undefined; read: CallsRead }>>());

/**
 * The route registrations, `use` calls and listeners of a file. `root` is the file's root node; the arrays are
 * shared by every caller for the tree, so do not modify them.
 */
export function fileCalls(root: Node, vocabulary: GateVocabulary, wiring?: FileWiring): FileCalls {
  const reads = remembered(callsByTree, root.tree, () => []);
  const sameView = (seen: Pick<FileWiring, "repo" | "imports"> | undefined) => (seen && wiring ? seen.repo === wiring.repo && seen.imports === wiring.imports : seen === wiring);
  let read = reads.find((entry) => entry.vocabulary === vocabulary && sameView(entry.wiring))?.read;
  if (!read) {
    read = readFileCalls(root, vocabulary, wiring);
    reads.push({ vocabulary, wiring: wiring && { repo: wiring.repo, imports: wiring.imports }, read });
  }
  const { fastify, ...calls } = read;
  if (!fastify) return calls;
  return { ...calls, fastify: { ...fastify, importedHookPlugin: (local) => wiring?.importedHookPlugin(local), ...(wiring ? { wiring } : {}) } };
}

function readFileCalls(root: Node, vocabulary: GateVocabulary, wiring?: FileWiring): CallsRead {
  const framework = detectJsFramework(root.text);
  const constructed = constructedReceivers(root);
  const members = memberCalls(root);
  // A Fastify plugin's instance is its first parameter, whatever it is called (`async (f) => f.get(...)`).
  const pluginCalls = framework === "fastify" ? pluginRegistrations(root, wiring) : [];
  if (framework === "fastify") for (const name of fastifyPluginParameters(root, pluginCalls)) constructed.add(name);
  const isReceiver = (name: string) => constructed.has(name) || CONVENTIONAL_RECEIVER.test(name) || name === "this";
  const registrations = members.map((member) => registrationOf(member, isReceiver)).filter((r): r is Registration => !!r);
  const routers = new Set([...constructed, ...registrations.map((r) => r.receiver)]);
  // A router imported from another changed file is mounted like a local one; the wiring pass links the two.
  const mountable = new Set([...routers, ...importedArguments(root, wiring).filter((name) => !wiring?.importedGate(name))]);
  const uses = members.map((member) => useCallOf(member, root, vocabulary, mountable, wiring)).filter((u): u is UseCall => !!u);
  const loopbackOnly = new Set<string>();
  for (const { call, object, method } of members) {
    if (method !== "listen") continue;
    const host = namedChildren(call.childForFieldName("arguments")).map(stringValue).find((value) => value !== undefined);
    if (host !== undefined && LOOPBACK_HOST.test(host) && object.type === "identifier") loopbackOnly.add(object.text);
  }
  if (framework !== "fastify") return { framework, registrations, uses, loopbackOnly };
  const hooks = uses.filter((use) => use.orderless && use.gates.length > 0).map((use) => ({ scope: use.scope, gates: use.gates }));
  return { framework, registrations, uses, loopbackOnly, fastify: { registrations: pluginCalls, hooks } };
}

export function discoverJsCallRoutes(root: Node, vocabulary: GateVocabulary, wiring?: FileWiring): Route[] {
  const calls = fileCalls(root, vocabulary, wiring);
  return calls.registrations.map((registration) => toRoute(registration, calls, root, vocabulary, wiring));
}

/** Gates a `use` registered before `node` on `receiver` adds for `path`, in registration order. */
export function gatesBefore(uses: UseCall[], receiver: string, node: Node, path: string): Gate[] {
  return uses
    .filter((use) => use.receiver === receiver && (use.orderless ? sameScope(use, node) : use.node.startIndex < node.startIndex) && useCovers(use, path))
    .flatMap((use) => use.gates);
}

function toRoute(registration: Registration, calls: FileCalls, root: Node, vocabulary: GateVocabulary, wiring?: FileWiring): Route {
  const { framework, uses } = calls;
  const gates: Gate[] = [];
  for (const arg of flattenArguments(registration.args)) {
    const gate = gateOf(arg, root, vocabulary, "middleware", wiring);
    if (gate) gates.push(gate);
  }
  for (const options of registration.options) {
    for (const key of FASTIFY_GATE_OPTIONS) {
      const value = objectProperty(options, key);
      if (!value) continue;
      const values = value.type === "array" ? namedChildren(value) : [value];
      for (const item of values) {
        const gate = gateOf(item, root, vocabulary, "middleware", wiring);
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
  const { receiver } = registration;
  let path = registration.path;
  let mountPrefix: string | undefined;
  let fastifyMounts: ExternalMount[] = [];
  if (calls.fastify) {
    // Fastify hooks follow plugin scopes, not receivers and registration order (see fastify-scopes.ts).
    gates.push(...gatesBefore(uses.filter((use) => !use.orderless), receiver, registration.node, path));
    const scoped = fastifyScopeGates(calls.fastify, enclosingScope(registration.node), registration.node.startIndex);
    gates.push(...scoped.gates);
    for (const mount of scoped.external) gates.push(...mount.gates);
    fastifyMounts = scoped.external;
    path = joinPaths(scoped.prefixes.reduce<string | undefined>((acc, p) => joinPaths(acc, p), undefined), path);
  } else gates.push(...gatesBefore(uses, receiver, registration.node, path));
  for (const mount of uses.filter((use) => use.mounts.includes(receiver))) {
    mountPrefix ??= mount.prefix;
    gates.push(...mount.gates);
    // Gates the parent registered before mounting this router run first for every request that reaches it.
    const parentGates = uses.filter((use) => use.receiver === mount.receiver && use !== mount && use.node.startIndex < mount.node.startIndex && useCovers(use, joinPaths(mount.prefix, path)));
    for (const use of parentGates) gates.push(...use.gates.map((g) => ({ ...g, kind: "mount" as const })));
  }
  const external = [...(wiring?.mountsOf(receiver) ?? []), ...fastifyMounts];
  for (const mount of external) {
    mountPrefix ??= mount.prefix;
    if (!fastifyMounts.includes(mount)) gates.push(...mount.gates);
  }
  for (const handler of handlers) {
    const check = leadingAuthCheck(handler, vocabulary);
    if (check) gates.push(check);
  }
  const line = lineOf(registration.node);
  const exempting = uses.find((use) => use.receiver === receiver && use.gates.length > 0 && use.exempt && use.node.startIndex < registration.node.startIndex && !useCovers(use, path) && useCovers({ ...use, exempt: [] }, path));
  const useWord = exempting
    ? `\`${exempting.gates[0]?.name}\` registered at line ${lineOf(exempting.node)} skips this path: its \`.unless()\` list names it`
    : framework === "fastify" ? "no `preHandler`/`onRequest` option and no `addHook('onRequest')`" : `no \`${receiver}.use()\` gate registered before line ${line}`;
  const mountWords = external.map((mount) => `no gate where ${mount.file} line ${mount.line} mounts it`);
  const servers = [receiver, ...uses.filter((use) => use.mounts.includes(receiver)).map((use) => use.receiver)];
  const loopback = servers.find((name) => calls.loopbackOnly.has(name));
  return {
    framework,
    method: registration.method,
    path: joinPaths(mountPrefix, path),
    node: registration.node,
    handlers,
    extraSpans,
    gates,
    ...(loopback ? { declaredPublic: `\`${loopback}\` listens on a loopback address only` } : {}),
    idNames: pathParamNames(path),
    searched: ["no auth middleware on the route", useWord, ...mountWords, "no session or token check in the handler's first statements"],
    group: receiver,
  };
}

function sameScope(use: UseCall, node: Node): boolean {
  return use.scope === null ? true : isWithin(node, use.scope);
}

function isWithin(node: Node, container: Node): boolean {
  return node.startIndex >= container.startIndex && node.endIndex <= container.endIndex;
}
