/**
 * The rules shipped in the bundle. scripts/build-rules.mjs validates each rule file against the rule schema and
 * fails the build naming the broken one, so the bundle carries them already parsed.
 */
import type { Rule } from "./core/rules/schema.js";
import { RULES } from "./rules.generated.js";

export const BUNDLED_RULES: readonly Rule[] = RULES;
