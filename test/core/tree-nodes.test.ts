/**
 * The shared walks (tree-nodes.ts) must answer exactly what a walk of its own would: the same nodes, in the same
 * order, with their types, whichever analyzer asked first and whatever it asked for.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Parser, type Node, type Tree } from "web-tree-sitter";
import { isGrammarLanguage, languageForPath } from "../../src/core/languages.js";
import { freeTree } from "../../src/core/tree-caches.js";
import { isTreeRoot, nodesOfTypes, SHARED_NODE_TYPES } from "../../src/core/tree-nodes.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const rulesDir = join(import.meta.dirname, "../../rules");
const authFixtures = join(import.meta.dirname, "../../fixtures/auth");

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)]));
}

/** Rule examples and auth fixtures in JavaScript, TypeScript and Python: the trees both analyzers read. */
const sources = [...filesUnder(rulesDir).filter((path) => path.includes(".example.")), ...filesUnder(authFixtures)].flatMap((path) => {
  const language = languageForPath(path);
  return language && isGrammarLanguage(language) && ["javascript", "typescript", "tsx", "python"].includes(language) ? [{ path, language }] : [];
});

/** The asks, in the order the analyzers make them: the rule matcher's root types first, then the auth analyzer's. */
const ASKS: readonly string[][] = [
  ["call_expression", "new_expression", "assignment_expression", "catch_clause", "call"],
  ["call_expression"],
  ["variable_declarator"],
  ["function_declaration", "function_definition", "generator_function_declaration"],
  ["import_statement", "import_from_statement"],
  ["formal_parameters"],
  ["arrow_function", "function", "function_declaration", "function_expression"],
  [...SHARED_NODE_TYPES].reverse(),
  ["call_expression", "call_expression"],
];

function described(nodes: Node[]): string[] {
  return nodes.map((node) => `${node.id}:${node.typeId}:${node.startIndex}-${node.endIndex}`);
}

describe("nodesOfTypes", () => {
  it("finds the test's sources", () => {
    expect(sources.length).toBeGreaterThan(40);
  });

  it("answers every ask as descendantsOfType does, in order, with each node's type id", async () => {
    const loader = nodeGrammarLoader();
    await loader.load("javascript"); // initializes web-tree-sitter before the first Parser
    const parser = new Parser();
    let compared = 0;
    for (const { path, language } of sources) {
      parser.setLanguage(await loader.load(language));
      const tree: Tree = parser.parse(readFileSync(path, "utf8"))!;
      try {
        for (const types of ASKS) {
          const shared = nodesOfTypes(tree, types);
          const own = tree.rootNode.descendantsOfType(types).filter((node): node is Node => node !== null);
          expect(described(shared.nodes), `${path}: ${types.join(", ")}`).toEqual(described(own));
          expect(shared.typeIds).toEqual(own.map((node) => node.typeId));
          compared += own.length;
        }
      } finally {
        freeTree(tree);
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("tells the root from every other node", async () => {
    const typescript = await nodeGrammarLoader().load("typescript");
    const parser = new Parser();
    parser.setLanguage(typescript);
    const tree = parser.parse("export const a = (b: number) => { if (b) return f(b); };\n")!;
    try {
      const all = tree.rootNode.descendantsOfType([...new Set(tree.language.types)].filter(Boolean)).filter((node): node is Node => node !== null);
      expect(all.length).toBeGreaterThan(10);
      for (const node of all) expect(isTreeRoot(node), `${node.type} at ${node.startIndex}`).toBe(node.parent === null);
      expect(isTreeRoot(tree.rootNode)).toBe(true);
    } finally {
      freeTree(tree);
    }
  });
});
