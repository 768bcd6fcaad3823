/** Small tree-sitter helpers shared by the route discoveries (JavaScript/TypeScript and Python trees). */
import type { Node, Tree } from "web-tree-sitter";

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
const fromRoot = new WeakMap<Tree, Map<string, Node[]>>();

/** Every descendant (and the node itself) of the given types, in source order. Do not modify the array. */
export function descendants(node: Node, types: readonly string[]): Node[] {
  if (node.parent) return node.descendantsOfType([...types]).filter((n): n is Node => !!n);
  let byTypes = fromRoot.get(node.tree);
  if (!byTypes) {
    byTypes = new Map();
    fromRoot.set(node.tree, byTypes);
  }
  const key = types.join(" ");
  let found = byTypes.get(key);
  if (!found) {
    found = node.descendantsOfType([...types]).filter((n): n is Node => !!n);
    byTypes.set(key, found);
  }
  return found;
}

/**
 * A function the file defines by name at any depth: `function handler() {}`, `const handler = async () => {}`,
 * Python `def handler():`. Resolves a handler passed by name to its body.
 */
export function findFunctionByName(root: Node, name: string): Node | undefined {
  for (const declaration of descendants(root, ["function_declaration", "function_definition", "generator_function_declaration"])) {
    if (declaration.childForFieldName("name")?.text === name) return declaration;
  }
  for (const declarator of descendants(root, ["variable_declarator"])) {
    if (declarator.childForFieldName("name")?.text !== name) continue;
    const value = declarator.childForFieldName("value");
    if (value && isJsFunction(value)) return value;
  }
  return undefined;
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
