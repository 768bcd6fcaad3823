/**
 * The rule file format (`rules/<category>/<name>.yaml`), as the one zod schema that both the build and the
 * engine read. See README "Writing a rule".
 */
import { z } from "../zod.js";
import { categorySchema, severitySchema } from "../finding.js";

/** A condition on one capture of a match; all conditions of a rule must hold for a match to count. */
const captureCondition = z.strictObject({
  capture: z.string().check(z.minLength(1)),
  /** The capture's text must match this regular expression. */
  matches: z.optional(z.string()),
  /** The capture's text must not match this regular expression. */
  notMatches: z.optional(z.string()),
  /**
   * The capture's value must come from the HTTP request: named directly (`req.query.file`) or through a
   * variable the enclosing function assigned from the request, or a parameter of a route handler.
   */
  fromRequest: z.optional(z.boolean()),
  /**
   * The capture must contain something not constant: an identifier, call or substitution, unless the file binds
   * every name in it only to literals (a constant, a lookup in a constant table, a loop over a constant list).
   */
  dynamic: z.optional(z.boolean()),
  /**
   * Also test the values assigned to the captured variable in the same function or at module level: the
   * condition holds when the capture itself or one of those values passes all its tests (`q = f"…"; execute(q)`).
   */
  followAssignments: z.optional(z.boolean()),
});

/** Suppresses a match when the enclosing scope's text shows the safe pattern (a base-dir check, a timeout). */
const unlessCondition = z.strictObject({
  scope: z.enum(["function", "call", "file", "statement"]),
  matches: z.string(),
});

export const ruleSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, "id must look like <category>/<name>")),
  category: categorySchema,
  severity: severitySchema,
  confidence: z._default(z.enum(["high", "medium", "low"]), "medium"),
  languages: z.array(z.string()).check(z.minLength(1)),
  /** Paths this rule applies to (picomatch globs); default every file of its languages. */
  paths: z.optional(z.array(z.string())),
  query: z.string().check(z.minLength(1)),
  /** The capture whose node is reported; default `finding`, else the span of all captures. */
  report: z.optional(z.string()),
  where: z._default(z.array(captureCondition), []),
  unless: z._default(z.array(unlessCondition), []),
  message: z.string().check(z.minLength(1)),
  why: z.string().check(z.minLength(1)),
  fix: z.strictObject({
  prompt: z.string().check(z.minLength(1)),
  suggestion: z.optional(z.string()),
  }),
  cwe: z.optional(z.string().check(z.regex(/^CWE-\d+$/))),
  references: z._default(z.array(z.string()), []),
  /** Written by the build: the example file beside the rule, relative to rules/. */
  example: z.optional(z.string()),
  /**
   * Written by the build: the words each top-level pattern of `query` needs, in order (`requirementsOf` in
   * keywords.ts), so a scan indexes the rules without parsing every query; a query is parsed when one of its
   * patterns first runs.
   */
  patternNeeds: z.optional(z.array(z.array(z.array(z.string())))),
});

export type Rule = z.output<typeof ruleSchema>;
export type RuleInput = z.input<typeof ruleSchema>;
