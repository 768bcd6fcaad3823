/**
 * Caches of answers per syntax tree (nodes by type, declared names, calls, bindings). They are WeakMaps keyed by
 * the tree, but a tree's JavaScript object outlives the tree itself while anything still holds one of its nodes
 * (the auth analyzer's repository wiring does, for the whole scan), so a cache entry would keep every node array
 * of every file of a large diff alive (75 MB more on the 10 MB bench diff). Whoever frees a tree forgets it here.
 */
import type { Tree } from "web-tree-sitter";

const caches = new Set<WeakMap<Tree, unknown>>();

/** Registers a per-tree cache so that `forgetTree` empties it; returns the cache. */
export function treeCache<T>(cache: WeakMap<Tree, T> = new WeakMap()): WeakMap<Tree, T> {
  caches.add(cache as WeakMap<Tree, unknown>);
  return cache;
}

/** Drops every cached answer about `tree`; call it when the tree is freed. */
export function forgetTree(tree: Tree): void {
  for (const cache of caches) cache.delete(tree);
}

/** Forgets, then frees. */
export function freeTree(tree: Tree): void {
  forgetTree(tree);
  tree.delete();
}
