/** isTreeRoot (auth/syntax.ts) must answer what `node.parent === null` does, for every node of a tree. */
import { describe, expect, it } from "vitest";
import { Parser, type Node } from "web-tree-sitter";
import { freeTree } from "../../src/core/tree-caches.js";
import { isTreeRoot } from "../../src/core/auth/syntax.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

describe("isTreeRoot", () => {
  it("tells the root from every other node, and each tree's root from another's", async () => {
    const typescript = await nodeGrammarLoader().load("typescript");
    const parser = new Parser();
    parser.setLanguage(typescript);
    const tree = parser.parse("export const a = (b: number) => { if (b) return f(b); };\n")!;
    const other = parser.parse("f();\n")!;
    try {
      const all = tree.rootNode.descendantsOfType([...new Set(tree.language.types)].filter(Boolean)).filter((node): node is Node => node !== null);
      expect(all.length).toBeGreaterThan(10);
      for (const node of all) expect(isTreeRoot(node), `${node.type} at ${node.startIndex}`).toBe(node.parent === null);
      expect(isTreeRoot(tree.rootNode)).toBe(true);
      expect(isTreeRoot(other.rootNode)).toBe(true);
      expect(isTreeRoot(other.rootNode.firstChild!)).toBe(false);
    } finally {
      freeTree(tree);
      freeTree(other);
    }
  });
});
