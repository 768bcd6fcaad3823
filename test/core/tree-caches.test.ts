/** Per-tree caches must let go of a tree when it is freed, even while its JavaScript object is still held. */
import { describe, expect, it } from "vitest";
import { Parser } from "web-tree-sitter";
import { forgetTree, freeTree, treeCache } from "../../src/core/tree-caches.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

describe("tree caches", () => {
  it("forget a freed tree in every registered cache, and only that tree", async () => {
    const language = await nodeGrammarLoader().load("javascript"); // initializes web-tree-sitter first
    const parser = new Parser();
    parser.setLanguage(language);
    const kept = parser.parse("const a = 1;")!;
    const freed = parser.parse("const b = 2;")!;
    const first = treeCache<string>();
    const second = treeCache(new WeakMap<typeof kept, number>());
    first.set(kept, "kept").set(freed, "freed");
    second.set(freed, 2);
    const heldNode = freed.rootNode; // something still holds a node of the freed tree, as the auth wiring does
    freeTree(freed);
    expect(first.has(freed)).toBe(false);
    expect(second.has(freed)).toBe(false);
    expect(first.get(kept)).toBe("kept");
    expect(heldNode.tree).toBe(freed);
    forgetTree(kept);
    expect(first.has(kept)).toBe(false);
    kept.delete();
  });
});
