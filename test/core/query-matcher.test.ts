/**
 * Gatehouse's pattern matcher against web-tree-sitter's own Query, the reference it replaces at run time:
 * every pattern of every bundled rule, on every file of its languages among the rule examples and the labelled
 * corpus, must give the same matches (same captures on the same nodes, after the text predicates). Then the
 * query-language corners one by one, on small inputs where the expected answer is written out.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { Parser, Query, type Language, type Tree } from "web-tree-sitter";
import { parseUnifiedDiff, sparseText } from "../../src/core/diff.js";
import { grammarsForRule } from "../../src/core/rules/engine.js";
import { examplePath } from "../../src/core/rules/examples.js";
import { compilePattern, matchPattern, PatternCompileError, TreeIndex } from "../../src/core/rules/query-matcher.js";
import { parseQuery, QuerySyntaxError } from "../../src/core/rules/query-syntax.js";
import { splitPatterns } from "../../src/core/rules/keywords.js";
import { isGrammarLanguage, languageForPath, type GrammarLanguage } from "../../src/core/languages.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { BUNDLED_RULES } from "../../src/rules.js";
import { RULE_EXAMPLES } from "../../src/rules.examples.generated.js";

const grammars = nodeGrammarLoader();
const root = join(import.meta.dirname, "../..");

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...filesUnder(full));
    else out.push(full);
  }
  return out;
}

/** Every example and corpus file a grammar parses, with its text. */
function inputsByGrammar(): Map<GrammarLanguage, Array<{ name: string; text: string }>> {
  const inputs = new Map<GrammarLanguage, Array<{ name: string; text: string }>>();
  const add = (path: string, name: string, text: string) => {
    const language = languageForPath(path);
    if (!language || !isGrammarLanguage(language)) return;
    if (!inputs.has(language)) inputs.set(language, []);
    inputs.get(language)!.push({ name, text });
  };
  for (const [file, text] of Object.entries(RULE_EXAMPLES)) add(examplePath(file, text), `rules/${file}`, text);
  for (const full of filesUnder(join(root, "fixtures/corpus"))) {
    const path = relative(root, full);
    if (path.includes("/files/")) add(path, path, readFileSync(full, "utf8"));
    // The diff's own hunks too, as a scan without the full files reads them: cut-off code gives ERROR nodes.
    if (path.endsWith("/pr.diff")) for (const file of parseUnifiedDiff(readFileSync(full, "utf8")).files) add(file.path, `${path}: ${file.path}`, sparseText(file));
  }
  return inputs;
}

function describeMatch(captures: Array<{ name: string; node: { startIndex: number; endIndex: number; type: string } }>): string {
  return captures.map((c) => `@${c.name}=${c.node.type}[${c.node.startIndex},${c.node.endIndex}]`).join(" ");
}

const parsers = new Map<GrammarLanguage, Parser>();
async function parse(language: GrammarLanguage, text: string): Promise<{ tree: Tree; grammar: Language }> {
  const grammar = await grammars.load(language);
  let parser = parsers.get(language);
  if (!parser) {
    parser = new Parser();
    parser.setLanguage(grammar);
    parsers.set(language, parser);
  }
  const tree = parser.parse(text);
  if (!tree) throw new Error("no tree");
  return { tree, grammar };
}

describe("the matcher agrees with web-tree-sitter's Query", () => {
  const inputs = inputsByGrammar();
  it("has inputs for every grammar the rules use", () => {
    const used = new Set(BUNDLED_RULES.flatMap((rule) => grammarsForRule(rule)));
    for (const language of used) expect(inputs.get(language)?.length ?? 0, language).toBeGreaterThan(0);
  });
  for (const rule of BUNDLED_RULES) {
    it(`${rule.id}: same matches on every example and corpus file`, { timeout: 120_000 }, async () => {
      const sources = splitPatterns(rule.query);
      const parsed = parseQuery(rule.query);
      expect(parsed.length, "one parsed pattern per top-level pattern").toBe(sources.length);
      let compared = 0;
      for (const language of grammarsForRule(rule)) {
        const grammar = await grammars.load(language);
        const references = sources.map((source) => new Query(grammar, source));
        const ours = parsed.map((pattern) => compilePattern(pattern, grammar));
        for (const input of inputs.get(language) ?? []) {
          const { tree } = await parse(language, input.text);
          const index = new TreeIndex(tree);
          try {
            for (const [i, reference] of references.entries()) {
              const expected = [...new Set(reference.matches(tree.rootNode).map((m) => describeMatch(m.captures)))].sort();
              const actual = [...new Set(matchPattern(ours[i]!, index).map((m) => describeMatch(m.captures)))].sort();
              expect(actual, `${rule.id} pattern ${i} on ${input.name} (${language})`).toEqual(expected);
              compared += expected.length;
            }
          } finally {
            tree.delete();
          }
        }
        for (const reference of references) reference.delete();
      }
      // Every rule's example has a line it must report, so some pattern matched somewhere.
      expect(compared).toBeGreaterThan(0);
    });
  }
});

describe("query language corners", () => {
  const cases: Array<{ name: string; query: string; code: string; expected: string[] }> = [
    { name: "fields and captures", query: "(call_expression function: (identifier) @f arguments: (arguments (string) @s))", code: "f('a', 'b'); g(1)", expected: ["@f=f @s='a'", "@f=f @s='b'"] },
    { name: "anchor: first named child", query: "(arguments . (identifier) @first)", code: "f(a, b)", expected: ["@first=a"] },
    { name: "anchor: last named child", query: "(arguments (identifier) @last .)", code: "f(a, b)", expected: ["@last=b"] },
    { name: "anchor: immediate siblings", query: "(arguments (identifier) @x . (number) @n)", code: "f(a, 1, b, c, 2)", expected: ["@x=a @n=1", "@x=c @n=2"] },
    { name: "anonymous node", query: '(binary_expression operator: "+" right: (identifier) @r)', code: "a + b; c - d", expected: ["@r=b"] },
    { name: "negated field", query: "(lexical_declaration (variable_declarator name: (identifier) @n !value))", code: "let a; let b = 1;", expected: ["@n=a"] },
    { name: "alternation with a field", query: "(pair key: [(property_identifier) (string)] @k)", code: "x = { a: 1, 'b': 2, [c]: 3 }", expected: ["@k=a", "@k='b'"] },
    { name: "optional child", query: "(new_expression constructor: (identifier) @c arguments: (arguments (string)? @s .))", code: "new A(); new B('x')", expected: ["@c=A", "@c=B @s='x'"] },
    { name: "#eq? and #not-match?", query: '(call_expression function: (identifier) @f (#eq? @f "eval"))', code: "eval(x); evaluate(y)", expected: ["@f=eval"] },
    { name: "#any-of? in a group", query: '((identifier) @i (#any-of? @i "a" "c"))', code: "a; b; c", expected: ["@i=a", "@i=c"] },
    { name: "wildcards", query: "(call_expression arguments: (arguments _ @any))", code: "f(a)", expected: ["@any=(", "@any=a", "@any=)"] },
  ];
  for (const testCase of cases) {
    it(testCase.name, async () => {
      const [pattern] = parseQuery(testCase.query);
      const { tree, grammar } = await parse("javascript", testCase.code);
      try {
        const matches = matchPattern(compilePattern(pattern!, grammar), new TreeIndex(tree));
        expect(matches.map((m) => m.captures.map((c) => `@${c.name}=${c.node.text}`).join(" "))).toEqual(testCase.expected);
        // And tree-sitter agrees with what is written here.
        const reference = new Query(grammar, testCase.query);
        expect(reference.matches(tree.rootNode).map((m) => m.captures.map((c) => `@${c.name}=${c.node.text}`).join(" "))).toEqual(testCase.expected);
        reference.delete();
      } finally {
        tree.delete();
      }
    });
  }

  it("keeps children in order: a pattern listing them backwards matches nothing (tree-sitter refuses it)", async () => {
    const query = "(call_expression arguments: (arguments) @a function: (identifier) @f)";
    const { tree, grammar } = await parse("javascript", "f(1)");
    try {
      expect(matchPattern(compilePattern(parseQuery(query)[0]!, grammar), new TreeIndex(tree))).toEqual([]);
      expect(matchPattern(compilePattern(parseQuery("(call_expression function: (identifier) @f arguments: (arguments) @a)")[0]!, grammar), new TreeIndex(tree))).toHaveLength(1);
      expect(() => new Query(grammar, query)).toThrow(/pattern structure/);
    } finally {
      tree.delete();
    }
  });

  it("finds patterns rooted at ERROR nodes, and other types asked for with them, as tree-sitter does", async () => {
    const query = "(ERROR (identifier) @name . (string) @title)";
    // A diff hunk cut off inside a call: tree-sitter holds the callee and its first argument in an ERROR node.
    const { tree, grammar } = await parse("javascript", 'f(1);\nfit("applies a coupon", () => {\n  expect(total()).toBe(1);\n');
    try {
      const index = new TreeIndex(tree);
      index.prepare(["ERROR", "call_expression"]);
      expect(index.nodesOfType("call_expression").length).toBeGreaterThan(0);
      const ours = matchPattern(compilePattern(parseQuery(query)[0]!, grammar), index).map((m) => describeMatch(m.captures));
      const reference = new Query(grammar, query);
      const expected = reference.matches(tree.rootNode).map((m) => describeMatch(m.captures));
      reference.delete();
      expect(expected.length).toBeGreaterThan(0);
      expect(ours).toEqual(expected);
    } finally {
      tree.delete();
    }
  });

  it("rejects unknown node types and fields, as tree-sitter does, naming them", async () => {
    const grammar = await grammars.load("javascript");
    expect(() => compilePattern(parseQuery("(no_such_node)")[0]!, grammar)).toThrow(/Bad node name 'no_such_node'/);
    expect(() => compilePattern(parseQuery("(call_expression nope: (identifier))")[0]!, grammar)).toThrow(/Bad field name 'nope'/);
    expect(() => compilePattern(parseQuery('((identifier) @a (#eq? @b "x"))')[0]!, grammar)).toThrow(PatternCompileError);
  });

  it("rejects syntax it does not support instead of guessing", () => {
    expect(() => parseQuery("((identifier) (identifier))")).toThrow(QuerySyntaxError);
    expect(() => parseQuery("(expression/identifier)")).toThrow(/supertype/);
    expect(() => parseQuery("(call_expression")).toThrow(QuerySyntaxError);
    expect(() => parseQuery('(string "unterminated)')).toThrow(/unterminated/);
  });
});
