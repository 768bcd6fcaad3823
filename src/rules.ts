/**
 * The rules shipped in the bundle: validated against the rule schema, and their queries parsed, when the
 * bundle was built (scripts/build-rules.mjs), where a broken rule file names itself and stops the build.
 */
import type { Rule } from "./core/rules/schema.js";
import { RULES } from "./rules.generated.js";

export const BUNDLED_RULES: readonly Rule[] = RULES;
