/** The rules shipped in the bundle, validated once at load; a broken rule file names itself. */
import { ruleSchema, type Rule } from "./core/rules/schema.js";
import { RULE_SOURCES } from "./rules.generated.js";

function validate(): Rule[] {
  return RULE_SOURCES.map((source) => {
    const parsed = ruleSchema.safeParse(source);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`rule ${source.id ?? "(no id)"} (rules/${source.example ?? "?"}): \`${issue?.path.join(".")}\` ${issue?.message}`);
    }
    return parsed.data;
  });
}

export const BUNDLED_RULES: readonly Rule[] = validate();
