/** The one generic rule test: every rule in rules/ against its own annotated example. */
import { describe, expect, it } from "vitest";
import { RuleEngine } from "../src/core/rules/engine.js";
import { checkRuleExample, examplePath } from "../src/core/rules/examples.js";
import { isGrammarLanguage, languageForPath } from "../src/core/languages.js";
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

describe("all rules in one engine, with the keyword prefilter", () => {
  // The engine skips a rule's query when the file lacks the words its predicates need, and shares parse trees
  // and caches between rules: neither may lose or invent a match.
  const combined = new RuleEngine(BUNDLED_RULES, grammars);
  for (const rule of BUNDLED_RULES) {
    it(`${rule.id} reports the same lines alone without prefilter and combined with it`, async () => {
      const exampleFile = rule.example ?? "";
      const text = RULE_EXAMPLES[exampleFile] ?? "";
      const path = examplePath(exampleFile, text);
      const language = languageForPath(path);
      if (!language || !isGrammarLanguage(language)) return;
      const lines = (matches: Awaited<ReturnType<RuleEngine["run"]>>) => matches.filter((m) => m.rule.id === rule.id).map((m) => `${m.startRow}:${m.startColumn}`).sort();
      const alone = lines(await new RuleEngine([rule], grammars, { prefilter: false }).run(language, path, text));
      expect(lines(await combined.run(language, path, text))).toEqual(alone);
    });
  }
});
