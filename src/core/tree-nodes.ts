/** Questions about a syntax tree's nodes answered without a call into WebAssembly. */
import type { Node, Tree } from "web-tree-sitter";
import { treeCache } from "./tree-caches.js";

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
