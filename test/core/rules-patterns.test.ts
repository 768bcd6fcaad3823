/**
 * The engine runs each top-level pattern of a rule as its own query (so a file runs only the patterns it can
 * match): the split must agree with tree-sitter's own count of patterns for every bundled rule.
 */
import { Query } from "web-tree-sitter";
import { describe, expect, it } from "vitest";
import { grammarsForRule } from "../../src/core/rules/engine.js";
import { splitPatterns } from "../../src/core/rules/keywords.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { BUNDLED_RULES } from "../../src/rules.js";

const grammars = nodeGrammarLoader();

describe("splitPatterns", () => {
  it("splits top-level patterns with their trailing captures, ignoring brackets in strings and comments", () => {
    const source = `; a comment with ( and [
(call_expression function: (identifier) @f (#match? @f "^(exec|run)\\\\($")) @finding
[(string) (template_string)] @s
((identifier) @id (#eq? @id "x"))`;
    expect(splitPatterns(source)).toEqual([`(call_expression function: (identifier) @f (#match? @f "^(exec|run)\\\\($")) @finding`, "[(string) (template_string)] @s", `((identifier) @id (#eq? @id "x"))`]);
  });

  it("agrees with tree-sitter's pattern count for every bundled rule", async () => {
    for (const rule of BUNDLED_RULES) {
      const [language] = grammarsForRule(rule);
      if (!language) continue;
      const query = new Query(await grammars.load(language), rule.query);
      expect(splitPatterns(rule.query), rule.id).toHaveLength(query.patternCount());
    }
  });
});
