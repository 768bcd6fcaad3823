/**
 * The nodes of a syntax tree by type, from as few walks as possible. A walk of the whole tree in WebAssembly
 * costs much the same whatever it collects, and two analyzers ask every JS/TS and Python tree for largely the
 * same types: the rule matcher (the root types of a file's patterns: calls, assignments, declarators) and the
 * auth analyzer (calls, declarations, imports, assignments). So the first walk of a tree also collects the
 * types the auth analyzer asks of nearly every tree, and a later ask that one walk covers is filtered from it.
 */
import type { Node, Tree } from "web-tree-sitter";
import { treeCache } from "./tree-caches.js";

/**
 * The types the auth analyzer asks of nearly every tree's root (calls, declarations, imports, assignments).
 * JavaScript and Python share no name here, so a tree only collects its own language's nodes.
 */
export const SHARED_NODE_TYPES: readonly string[] = [
  "variable_declarator", "call_expression", "assignment_expression", "function_declaration", "generator_function_declaration", "import_statement",
  "call", "assignment", "function_definition", "decorated_definition", "class_definition", "import_from_statement",
];

/** The nodes of some types in a tree, in document (pre-)order, each with its type id (read once). */
export interface TypedNodes {
  nodes: Node[];
  typeIds: number[];
}

interface Walk extends TypedNodes {
  types: ReadonlySet<string>;
}

const walksByTree = treeCache(new WeakMap<Tree, Walk[]>());

/**
 * Every node of `types` in `tree`, the root included when it is one, in document order: exactly what
 * `tree.rootNode.descendantsOfType(types)` returns. Not for "ERROR", which descendantsOfType does not find.
 * The arrays may be shared with other callers: do not modify them.
 */
export function nodesOfTypes(tree: Tree, types: readonly string[]): TypedNodes {
  let walks = walksByTree.get(tree);
  if (!walks) {
    walks = [];
    walksByTree.set(tree, walks);
  }
  let walk = walks.find((candidate) => types.every((type) => candidate.types.has(type)));
  if (!walk) {
    walk = walkTree(tree, walks.length === 0 ? [...new Set([...types, ...SHARED_NODE_TYPES])] : [...new Set(types)]);
    walks.push(walk);
  }
  const wanted = new Set(types);
  if (walk.types.size === wanted.size) return walk;
  const names = tree.language.types;
  const nodes: Node[] = [];
  const typeIds: number[] = [];
  for (let i = 0; i < walk.nodes.length; i++) {
    const typeId = walk.typeIds[i]!;
    if (!wanted.has(names[typeId] ?? "ERROR")) continue;
    nodes.push(walk.nodes[i]!);
    typeIds.push(typeId);
  }
  return { nodes, typeIds };
}

function walkTree(tree: Tree, types: string[]): Walk {
  const nodes = tree.rootNode.descendantsOfType(types).filter((node): node is Node => node !== null);
  return { types: new Set(types), nodes, typeIds: nodes.map((node) => node.typeId) };
}

const rootIds = treeCache(new WeakMap<Tree, number>());

/**
 * Whether `node` is its tree's root. The same answer as `node.parent === null`, without a call into WebAssembly
 * for each ask: the auth analyzer asks this of a file's root thousands of times per scan (~18 ms in all).
 */
export function isTreeRoot(node: Node): boolean {
  let rootId = rootIds.get(node.tree);
  if (rootId === undefined) {
    rootId = node.tree.rootNode.id;
    rootIds.set(node.tree, rootId);
  }
  return node.id === rootId;
}
