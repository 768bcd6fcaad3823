/**
 * Walks from a tree's root for nodes of some types. Two readers ask a route file's root: the rule matcher for
 * its patterns' candidate types, then the auth analyzer for calls, declarations and imports (KEPT_ROOT_TYPES). A
 * walk of the whole tree in WebAssembly costs about the same whatever it collects (~170 µs per corpus file), and
 * the two used to walk most corpus trees twice. So the matcher's walk of a file the auth analyzer will read also
 * collects the auth analyzer's types, and those nodes are kept for the tree (as the auth analyzer kept them
 * already). The rules analyzer asks for that only in a change scanned as one batch (analyzers/rules.ts says why).
 */
import type { Node, Tree } from "web-tree-sitter";
import { remembered } from "./remembered.js";
import { treeCache } from "./tree-caches.js";

/**
 * What the auth analyzer asks nearly every JS/TS or Python root for (auth/syntax.ts). JavaScript and Python
 * share no name here, so a tree only collects its own language's nodes.
 */
export const KEPT_ROOT_TYPES: readonly string[] = [
  "variable_declarator", "call_expression", "assignment_expression", "function_declaration", "generator_function_declaration", "import_statement",
  "call", "assignment", "function_definition", "decorated_definition", "class_definition", "import_from_statement",
];
const KEPT = new Set(KEPT_ROOT_TYPES);

/** Descendants of a root in source order (preorder), each with its type, read once. */
export interface RootNodes {
  nodes: Node[];
  typeIds: number[];
  types: string[];
}

const keptByTree = treeCache(new WeakMap<Tree, RootNodes>());

function ofTypes(all: RootNodes, wanted: ReadonlySet<string>): RootNodes {
  const picked: RootNodes = { nodes: [], typeIds: [], types: [] };
  for (const [index, type] of all.types.entries()) {
    if (!wanted.has(type)) continue;
    picked.nodes.push(all.nodes[index]!);
    picked.typeIds.push(all.typeIds[index]!);
    picked.types.push(type);
  }
  return picked;
}

/** One walk of the root for `types`, each node's type read once (node.type would make the same call into WebAssembly). */
function walk(tree: Tree, types: readonly string[]): RootNodes {
  const nodes = tree.rootNode.descendantsOfType([...types]).filter((node): node is Node => !!node);
  const typeIds = nodes.map((node) => node.typeId);
  return { nodes, typeIds, types: typeIds.map((id) => tree.language.types[id] || "ERROR") }; // as node.type reads it
}

/**
 * The root's descendants of `types`, in one walk that also keeps the tree's nodes of KEPT_ROOT_TYPES when asked
 * and not kept yet. Preorder filtered by type is what descendantsOfType returns for any subset of the types walked.
 */
export function walkRoot(tree: Tree, types: readonly string[], options: { keep: boolean }): RootNodes {
  if (!options.keep || keptByTree.has(tree)) return walk(tree, types);
  const all = walk(tree, [...new Set([...types, ...KEPT_ROOT_TYPES])]);
  keptByTree.set(tree, ofTypes(all, KEPT));
  return ofTypes(all, new Set(types));
}

/** The tree's nodes of KEPT_ROOT_TYPES, from the first walk of its root that kept them (a walk of its own if none did). */
export function keptRootNodes(tree: Tree): RootNodes {
  return remembered(keptByTree, tree, () => walk(tree, KEPT_ROOT_TYPES));
}

export function isKeptRootType(type: string): boolean {
  return KEPT.has(type);
}
