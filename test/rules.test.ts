/** The one generic rule test: every rule in rules/ against its own annotated example. */
import { describe, expect, it } from "vitest";
import { RuleEngine } from "../src/core/rules/engine.js";
import { checkRuleExample } from "../src/core/rules/examples.js";
import { nodeGrammarLoader } from "../src/node/grammars.js";
import { BUNDLED_RULES } from "../src/rules.js";
import { RULE_EXAMPLES } from "../src/rules.examples.generated.js";

const grammars = nodeGrammarLoader();

describe("rules agree with their examples", () => {
  it("there are rules to test", () => {
    expect(BUNDLED_RULES.length).toBeGreaterThan(0);
  });
  for (const rule of BUNDLED_RULES) {
    it(rule.id, async () => {
      const exampleFile = rule.example;
      expect(exampleFile, `${rule.id} has no example file`).toBeTruthy();
      const text = RULE_EXAMPLES[exampleFile ?? ""];
      expect(text, `${exampleFile} was not bundled`).toBeTypeOf("string");
      const problems = await checkRuleExample(rule, exampleFile ?? "", text ?? "", new RuleEngine([rule], grammars));
      expect(problems).toEqual([]);
    });
  }
});
