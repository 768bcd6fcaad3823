/** `gatehouse check-rules`: every bundled rule compiles and agrees with its example (run by `npm run check:rules`). */
import { RuleCompileError, RuleEngine } from "../../core/rules/engine.js";
import { checkRuleExample } from "../../core/rules/examples.js";
import { nodeGrammarLoader } from "../../node/grammars.js";
import { BUNDLED_RULES } from "../../rules.js";
import { RULE_EXAMPLES } from "../../rules.examples.generated.js";
import { EXIT } from "../errors.js";
import { write } from "../io.js";

export async function runCheckRules(io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream }): Promise<number> {
  const grammars = nodeGrammarLoader();
  const problems: string[] = [];
  for (const rule of BUNDLED_RULES) {
    try {
      problems.push(...(await checkRuleExample(rule, rule.example ?? "", RULE_EXAMPLES[rule.example ?? ""] ?? "", new RuleEngine([rule], grammars))));
    } catch (error) {
      problems.push(error instanceof RuleCompileError ? error.message : `rule ${rule.id}: ${String(error)}`);
    }
  }
  if (problems.length > 0) {
    await write(io.stderr, `${problems.join("\n")}\n${problems.length} problem(s) in ${BUNDLED_RULES.length} rules\n`);
    return EXIT.findings;
  }
  await write(io.stdout, `${BUNDLED_RULES.length} rules compile and agree with their examples\n`);
  return EXIT.clean;
}
