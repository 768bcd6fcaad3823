/**
 * Fastify's encapsulation: every `register(plugin, { prefix })` opens a child scope, and a hook added with
 * `addHook('onRequest' | 'preHandler' | ..., gate)` runs for the routes of its own scope and of every scope
 * registered inside it, never for a sibling plugin's routes. A plugin wrapped in `fastify-plugin` (`fp(...)`)
 * opens no scope: its hooks land in the scope that registers it and run for what is registered after it. A
 * route's gates are therefore found by walking from its plugin up to the file's top level (and, when the plugin
 * is exported, to where another changed file registers it), collecting the hooks on the way.
 */
import type { Node } from "web-tree-sitter";
import { memberCalls } from "./js-registrations.js";
import type { Gate } from "./route.js";
import { calleeText, descendants, isJsFunction, namedChildren, stringValue } from "./syntax.js";
import type { ExternalMount, FileWiring } from "./wiring.js";

/** `fp(plugin)`, `fastifyPlugin(plugin)`: the wrapper that makes a plugin share its parent's scope. */
const SCOPE_SHARING_WRAPPER = /^(fp|fastifyPlugin|fastify_plugin|plugin)$/;

export interface PluginRegistration {
  /** The `register(...)` call. */
  node: Node;
  /** The function the call is in, or null at the top level. */
  scope: Node | null;
  /** The plugin function when this file defines it (inline, or by name). */
  plugin?: Node;
  /** The plugin's local name when another changed file defines it. */
  imported?: string;
  prefix?: string;
  /** Wrapped in `fp(...)`: its hooks apply to the registering scope. */
  sharesScope: boolean;
}

/** A hook with its gate and the function it is added in (null: the file's top level). */
export interface ScopedHook {
  scope: Node | null;
  gates: Gate[];
}

/** Tree-sitter hands out a fresh wrapper on every visit, so nodes are compared by position, never by identity. */
export function sameNode(a: Node | null | undefined, b: Node | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;
}

function enclosingFunction(node: Node): Node | null {
  for (let current = node.parent; current; current = current.parent) if (isJsFunction(current)) return current;
  return null;
}

/** The function a plugin argument names: inline, `fp(fn)`, or a local `const x = fp(async (f) => ...)` / `function x(f)`. */
export function pluginFunction(arg: Node, root: Node): { fn?: Node; sharesScope: boolean } {
  if (isJsFunction(arg)) return { fn: arg, sharesScope: false };
  if (arg.type === "call_expression" && SCOPE_SHARING_WRAPPER.test(calleeText(arg))) {
    const inner = namedChildren(arg.childForFieldName("arguments"))[0];
    return { ...(inner ? pluginFunction(inner, root) : {}), sharesScope: true };
  }
  if (arg.type !== "identifier") return { sharesScope: false };
  for (const declaration of descendants(root, ["function_declaration"])) {
    if (declaration.childForFieldName("name")?.text === arg.text) return { fn: declaration, sharesScope: false };
  }
  for (const declarator of descendants(root, ["variable_declarator"])) {
    if (declarator.childForFieldName("name")?.text !== arg.text) continue;
    const value = declarator.childForFieldName("value");
    if (value && (isJsFunction(value) || value.type === "call_expression")) return pluginFunction(value, root);
  }
  return { sharesScope: false };
}

/** Every `x.register(plugin, { prefix })` call in the file. */
export function pluginRegistrations(root: Node, wiring?: FileWiring): PluginRegistration[] {
  const registrations: PluginRegistration[] = [];
  for (const { call, method } of memberCalls(root)) {
    if (method !== "register") continue;
    const [arg, options] = namedChildren(call.childForFieldName("arguments"));
    if (!arg) continue;
    const { fn: plugin, sharesScope } = pluginFunction(arg, root);
    const prefixPair = options?.type === "object" ? namedChildren(options).find((p) => p.type === "pair" && p.childForFieldName("key")?.text.replace(/['"]/g, "") === "prefix") : undefined;
    const prefix = stringValue(prefixPair?.childForFieldName("value"));
    const imported = !plugin && arg.type === "identifier" && wiring?.importKey(arg.text) ? arg.text : undefined;
    registrations.push({ node: call, scope: enclosingFunction(call), ...(plugin ? { plugin } : {}), ...(imported ? { imported } : {}), ...(prefix !== undefined ? { prefix } : {}), sharesScope });
  }
  return registrations;
}

/** First parameters of the file's plugins: functions it registers, and functions typed or exported as plugins. */
export function fastifyPluginParameters(root: Node, registrations: readonly PluginRegistration[]): Set<string> {
  const plugins = registrations.flatMap((r) => (r.plugin ? [r.plugin] : []));
  for (const fn of descendants(root, ["arrow_function", "function_expression", "function_declaration", "function"])) {
    const typed = /^(FastifyPluginAsync|FastifyPluginCallback|FastifyInstance)\b/.test(fn.parent?.type === "variable_declarator" ? (fn.parent.childForFieldName("type")?.text.replace(/^:\s*/, "") ?? "") : "");
    const firstParameter = namedChildren(fn.childForFieldName("parameters"))[0];
    const annotated = /:\s*FastifyInstance\b/.test(firstParameter?.text ?? "");
    const exportedDefault = fn.parent?.type === "export_statement";
    if (typed || annotated || exportedDefault) plugins.push(fn);
  }
  const names = new Set<string>();
  for (const fn of plugins) {
    const first = namedChildren(fn.childForFieldName("parameters"))[0];
    const name = first?.type === "identifier" ? first.text : (first?.childForFieldName("pattern") ?? first)?.text;
    if (name && /^\w+$/.test(name)) names.add(name);
  }
  return names;
}

export interface ScopeGates {
  gates: Gate[];
  /** Prefixes from the registrations walked through, outermost first. */
  prefixes: string[];
  /** Mounts in other changed files, when the walk reached an exported plugin. */
  external: ExternalMount[];
}

/** Where other changed files register this plugin function: by its local name, or as the file's anonymous default export. */
function externalMountsOf(fn: Node, wiring: FileWiring | undefined): ExternalMount[] {
  if (!wiring) return [];
  const parent = fn.parent;
  const local = parent?.type === "variable_declarator" ? parent.childForFieldName("name")?.text : fn.childForFieldName("name")?.text;
  const anonymousDefault = parent?.type === "export_statement" && !local && parent.children.some((c) => c?.type === "default");
  return [...(local ? wiring.mountsOf(local) : []), ...(anonymousDefault ? wiring.mountsOfExport("default") : [])];
}

export interface FastifyFile {
  registrations: PluginRegistration[];
  hooks: ScopedHook[];
  /** Gates of an fp plugin another changed file exports (`repo.hookPlugins`), by local name. */
  importedHookPlugin(local: string): Gate[] | undefined;
  wiring?: FileWiring;
}

/**
 * The gates and prefixes that apply at `position` inside `scope` (null: top level): the scope's hooks whatever
 * their order, fp plugins registered in it before `position`, then the same for the scope that registers it.
 */
export function fastifyScopeGates(file: FastifyFile, scope: Node | null, position: number): ScopeGates {
  const result: ScopeGates = { gates: [], prefixes: [], external: [] };
  const seen = new Set<number>();
  let current = scope;
  let at = position;
  for (;;) {
    for (const hook of file.hooks) if (sameNode(hook.scope, current)) result.gates.push(...hook.gates);
    for (const registration of file.registrations) {
      if (!sameNode(registration.scope, current) || registration.node.startIndex >= at) continue;
      if (registration.plugin && registration.sharesScope) for (const hook of file.hooks) if (sameNode(hook.scope, registration.plugin)) result.gates.push(...hook.gates);
      const imported = registration.imported ? file.importedHookPlugin(registration.imported) : undefined;
      if (imported) result.gates.push(...imported);
    }
    if (!current || seen.has(current.startIndex)) break;
    seen.add(current.startIndex);
    const scope = current;
    const entry = file.registrations.find((r) => sameNode(r.plugin, scope));
    if (entry) {
      if (entry.prefix !== undefined && !entry.sharesScope) result.prefixes.unshift(entry.prefix);
      current = entry.scope;
      at = entry.node.startIndex;
      continue;
    }
    const mounts = externalMountsOf(current, file.wiring);
    if (mounts.length > 0) {
      result.external.push(...mounts);
      break;
    }
    at = current.startIndex;
    current = enclosingFunction(current);
  }
  return result;
}
