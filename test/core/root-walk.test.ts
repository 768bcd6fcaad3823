/**
 * One walk of a root for the rule matcher and the auth analyzer (src/core/root-walk.ts): what it returns for the
 * types asked is what web-tree-sitter's own walk returns, and what it keeps is what the auth analyzer's own walk
 * would return, without walking again.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { Parser, type Node, type Tree } from "web-tree-sitter";
import type { ChangedFile } from "../../src/core/changes.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { KEPT_ROOT_TYPES, keptRootNodes, walkRoot } from "../../src/core/root-walk.js";
import { scan } from "../../src/core/scan.js";
import { freeTree } from "../../src/core/tree-caches.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { BUNDLED_RULES } from "../../src/rules.js";

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

describe("a scan of one batch", () => {
  const changed = (path: string, text: string): ChangedFile => ({ path, status: "added", addedLines: text.split("\n").map((_, i) => i + 1), hunks: [], newText: text });
  // Middleware with no route in it, which the wiring reads because app.ts imports it; a rule reads its catch block.
  const middleware = `import jwt from "jsonwebtoken";
export function requireAuth(req, res, next) {
  try {
    req.user = jwt.verify(String(req.headers.authorization), process.env.JWT_SECRET);
    next();
  } catch (err) {
    res.status(401).json({ error: "unauthorized" });
  }
}
`;
  const app = `import express from "express";
import { requireAuth } from "./auth.js";
import router from "./routes/orders.js";
const app = express();
app.use("/orders", requireAuth, router);
`;

  it("walks each file's root once, for the rules and the auth analyzer together (routes or wiring)", async () => {
    const walks = new Map<Tree, number>();
    const prototype = (await parse()).rootNode.constructor.prototype as Node;
    const original = prototype.descendantsOfType;
    vi.spyOn(prototype, "descendantsOfType").mockImplementation(function (this: Node, ...args: Parameters<Node["descendantsOfType"]>) {
      if (this.id === this.tree.rootNode.id) walks.set(this.tree, (walks.get(this.tree) ?? 0) + 1);
      return original.apply(this, args);
    });
    const files = [changed("src/auth.ts", middleware), changed("src/routes/orders.ts", SOURCE), changed("src/app.ts", app)];
    const result = await scan({ files, notes: [] }, DEFAULT_CONFIG, { grammars: nodeGrammarLoader() }, { rules: BUNDLED_RULES });
    expect(result.notes).toEqual([]);
    expect(walks.size).toBe(3);
    expect([...walks.values()]).toEqual([1, 1, 1]);
  });
});
