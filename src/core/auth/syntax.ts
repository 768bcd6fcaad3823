/** Small tree-sitter helpers shared by the route discoveries (JavaScript/TypeScript and Python trees). */
import type { Node, Tree } from "web-tree-sitter";
import { treeCache } from "../tree-caches.js";
import { remembered } from "../remembered.js";
import { isKeptRootType, keptRootNodes } from "../root-walk.js";

export function namedChildren(node: Node | null | undefined): Node[] {
  if (!node) return [];
  const children: Node[] = [];
  for (const child of node.namedChildren) if (child) children.push(child);
  return children;
}

/** The literal value of a string node (JS `string`/`template_string` without substitutions, Python `string`). */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === "string") {
    const parts = namedChildren(node).filter((c) => c.type === "string_fragment" || c.type === "string_content" || c.type === "escape_sequence");
    if (parts.length === 0 && /^[rbuf]*(['"])\1$|^[rbuf]*('''|""")\2$/i.test(node.text)) return "";
    return parts.map((p) => p.text).join("");
  }
  if (node.type === "template_string" && namedChildren(node).every((c) => c.type !== "template_substitution")) {
    return node.text.slice(1, -1);
  }
  return undefined;
}

/** `requireAuth`, `passport.authenticate` for `passport.authenticate('jwt')`, `AuthGuard` for `AuthGuard('jwt')`. */
export function calleeText(node: Node): string {
  let current = node;
  while (current.type === "call_expression" || current.type === "call" || current.type === "new_expression" || current.type === "await_expression") {
    const next = current.childForFieldName("function") ?? current.childForFieldName("constructor") ?? namedChildren(current)[0];
    if (!next) break;
    current = next;
  }
  return current.text.replace(/\s+/g, "");
}

/** The last dotted segment: `authenticate` for `fastify.authenticate`. */
export function lastSegment(name: string): string {
  const parts = name.split(/[.?!]+/).filter(Boolean);
  return parts[parts.length - 1] ?? name;
}

export const JS_FUNCTION_TYPES = new Set(["arrow_function", "function_expression", "function", "function_declaration", "method_definition", "generator_function_declaration"]);

export function isJsFunction(node: Node | null | undefined): boolean {
  return !!node && JS_FUNCTION_TYPES.has(node.type);
}

/**
 * The route discoveries ask a file's root for the same node types again and again (every call, every function
 * declaration); each ask walks the whole tree, so the answers for a root are kept for the life of its tree.
 */
const fromRoot = treeCache(new WeakMap<Tree, Map<string, Node[]>>());

/**
 * A root's descendants of `types`: filtered from the tree's one walk of its root (root-walk.ts, shared with the
 * rule matcher) when that walk kept them all, else a walk of their own.
 */
function rootDescendants(root: Node, types: readonly string[]): Node[] {
  if (!types.every(isKeptRootType)) return root.descendantsOfType([...types]).filter((n): n is Node => !!n);
  const wanted = new Set(types);
  const { nodes, types: nodeTypes } = keptRootNodes(root.tree);
  // Preorder filtered by type is exactly what descendantsOfType returns for the subset (the root is never one of them).
  return nodes.filter((_, index) => wanted.has(nodeTypes[index]!));
}

const rootIds = treeCache(new WeakMap<Tree, number>());

/**
 * Whether `node` is its tree's root. The same answer as `node.parent === null`, without a call into WebAssembly
 * for each ask: `descendants` and `perTree` ask this of a file's root thousands of times per scan (~10 ms in all).
 */
export function isTreeRoot(node: Node): boolean {
  return node.id === remembered(rootIds, node.tree, () => node.tree.rootNode.id);
}

/** Every descendant (and the node itself) of the given types, in source order. Do not modify the array. */
export function descendants(node: Node, types: readonly string[]): Node[] {
  if (!isTreeRoot(node)) return node.descendantsOfType([...types]).filter((n): n is Node => !!n);
  const byTypes = remembered(fromRoot, node.tree, () => new Map<string, Node[]>());
  return remembered(byTypes, types.join(" "), () => rootDescendants(node, types));
}

/**
 * A value computed once per tree from its root, for lookups the discoveries and both wiring passes repeat.
 * Asked with a node below the root, it is computed for that subtree and not kept (it would answer for the file).
 */
export function perTree<T>(cache: WeakMap<Tree, T>, root: Node, compute: () => T): T {
  if (!isTreeRoot(root)) return compute();
  return remembered(cache, root.tree, compute);
}

/** The first declaration of each name in a file, as the name lookups below would find it by walking in order. */
interface NamedFunctions {
  /** `function handler() {}`, Python `def handler():`. */
  declarations: Map<string, Node>;
  /** `const handler = async () => {}`: the function value. */
  functionValues: Map<string, Node>;
  /** `const internalOnly = createMiddleware(async (c, next) => ...)`: the call value. */
  callValues: Map<string, Node>;
}

const namedFunctionsByTree = treeCache(new WeakMap<Tree, NamedFunctions>());

/**
 * Every route argument that names a middleware or handler looks it up, often the same one for every route: the
 * names are read once per tree rather than once per lookup.
 */
function namedFunctions(root: Node): NamedFunctions {
  return perTree(namedFunctionsByTree, root, () => {
    const index: NamedFunctions = { declarations: new Map(), functionValues: new Map(), callValues: new Map() };
    for (const declaration of descendants(root, ["function_declaration", "function_definition", "generator_function_declaration"])) {
      const name = declaration.childForFieldName("name")?.text;
      if (name !== undefined && !index.declarations.has(name)) index.declarations.set(name, declaration);
    }
    for (const declarator of descendants(root, ["variable_declarator"])) {
      const name = declarator.childForFieldName("name")?.text;
      if (name === undefined || (index.functionValues.has(name) && index.callValues.has(name))) continue;
      const value = declarator.childForFieldName("value");
      if (value && isJsFunction(value) && !index.functionValues.has(name)) index.functionValues.set(name, value);
      if (value?.type === "call_expression" && !index.callValues.has(name)) index.callValues.set(name, value);
    }
    return index;
  });
}

/**
 * A function the file defines by name at any depth: `function handler() {}`, `const handler = async () => {}`,
 * Python `def handler():`. Resolves a handler passed by name to its body. `root` is the file's root node.
 */
export function findFunctionByName(root: Node, name: string): Node | undefined {
  const index = namedFunctions(root);
  return index.declarations.get(name) ?? index.functionValues.get(name);
}

/** The call a variable of this name is first declared with (`const gate = createMiddleware(fn)`), if any. */
export function findCallValueByName(root: Node, name: string): Node | undefined {
  return namedFunctions(root).callValues.get(name);
}

/** The statements of a function body, in order; an expression-bodied arrow function is its own one statement. */
export function bodyStatements(fn: Node): Node[] {
  const body = fn.childForFieldName("body");
  if (!body) return [];
  if (body.type === "statement_block" || body.type === "block") return namedChildren(body).filter((s) => s.type !== "comment");
  return [body];
}

/** The parameter names of a function (JS or Python), including names destructured from an object pattern. */
export function parameterNames(fn: Node): string[] {
  const parameters = fn.childForFieldName("parameters") ?? fn.childForFieldName("parameter");
  if (!parameters) return [];
  if (parameters.type === "identifier") return [parameters.text];
  const names: string[] = [];
  for (const parameter of namedChildren(parameters)) {
    const pattern = parameter.childForFieldName("pattern") ?? parameter.childForFieldName("name") ?? parameter;
    if (pattern.type === "identifier") names.push(pattern.text);
    else if (parameter.type === "typed_parameter" || parameter.type === "list_splat_pattern" || parameter.type === "dictionary_splat_pattern") {
      const identifier = namedChildren(parameter).find((c) => c.type === "identifier");
      if (identifier) names.push(identifier.text);
    } else for (const identifier of descendants(pattern, ["identifier", "shorthand_property_identifier_pattern"])) names.push(identifier.text);
  }
  return names;
}

export function isBefore(a: Node, b: Node): boolean {
  return a.startIndex < b.startIndex;
}
