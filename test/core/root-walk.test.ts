/**
 * One walk of a root for the rule matcher and the auth analyzer (src/core/root-walk.ts): what it returns for the
 * types asked is what web-tree-sitter's own walk returns, and what it keeps is what the auth analyzer's own walk
 * would return, without walking again.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Parser, type Node, type Tree } from "web-tree-sitter";
import { KEPT_ROOT_TYPES, keptRootNodes, walkRoot } from "../../src/core/root-walk.js";
import { freeTree } from "../../src/core/tree-caches.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const SOURCE = `import { Router } from "express";
import { requireAuth } from "./auth";
const router = Router();
function list(req, res) { res.json(db.all()); }
router.get("/orders", requireAuth, list);
router.post("/orders", async (req, res) => { const order = await db.insert(req.body); res.status(201).json(order); });
export default router;
`;

const trees: Tree[] = [];
afterEach(() => {
  for (const tree of trees.splice(0)) freeTree(tree);
  vi.restoreAllMocks();
});

async function parse(): Promise<Tree> {
  const grammar = await nodeGrammarLoader().load("typescript"); // starts web-tree-sitter, which a Parser needs first
  const parser = new Parser();
  parser.setLanguage(grammar);
  const tree = parser.parse(SOURCE)!;
  parser.delete();
  trees.push(tree);
  return tree;
}

const ids = (nodes: Array<Node | null>) => nodes.map((node) => node!.id);

describe("walkRoot", () => {
  it("returns what descendantsOfType returns for the types asked, and keeps the auth analyzer's types when asked", async () => {
    const tree = await parse();
    const asked = ["arrow_function", "call_expression", "string"];
    const walk = walkRoot(tree, asked, { keep: true });
    expect(ids(walk.nodes)).toEqual(ids(tree.rootNode.descendantsOfType(asked)));
    expect(walk.types).toEqual(walk.nodes.map((node) => node.type));
    expect(walk.typeIds).toEqual(walk.nodes.map((node) => node.typeId));

    const walks = vi.spyOn(tree.rootNode.constructor.prototype as Node, "descendantsOfType");
    const kept = keptRootNodes(tree);
    expect(walks).not.toHaveBeenCalled();
    walks.mockRestore();
    expect(kept.nodes.length).toBeGreaterThan(5);
    expect(ids(kept.nodes)).toEqual(ids(tree.rootNode.descendantsOfType([...KEPT_ROOT_TYPES])));
    expect(kept.types).toEqual(kept.nodes.map((node) => node.type));
  });

  it("keeps nothing unless asked: the auth analyzer then walks for its own types", async () => {
    const tree = await parse();
    walkRoot(tree, ["call_expression"], { keep: false });
    const walks = vi.spyOn(tree.rootNode.constructor.prototype as Node, "descendantsOfType");
    const kept = keptRootNodes(tree);
    expect(walks).toHaveBeenCalledTimes(1);
    walks.mockRestore();
    expect(ids(kept.nodes)).toEqual(ids(tree.rootNode.descendantsOfType([...KEPT_ROOT_TYPES])));
  });
});
