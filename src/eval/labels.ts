/**
 * `fixtures/corpus/<pr-id>/labels.json`: what a security reviewer would flag in one corpus PR. Validated with zod
 * so a typo in a category or a missing line number fails the evaluation with the file named, not a silent miss.
 */
import { z } from "../core/zod.js";
import { categorySchema } from "../core/finding.js";

export const expectedFindingSchema = z.strictObject({
  path: z.string().check(z.minLength(1)),
  /** The new-file line of the call, route registration, secret or key a reviewer would point at. */
  line: z.int().check(z.minimum(1)),
  category: categorySchema,
  note: z.optional(z.string()),
});

export const labelsSchema = z.strictObject({
  title: z.string().check(z.minLength(1)),
  description: z.string().check(z.minLength(1)),
  expected: z.array(expectedFindingSchema),
  /**
   * `holdout`: written after the rules were tuned, by someone who did not read the rules, and never used to tune
   * them since; scored on its own so the corpus numbers can be checked for overfitting.
   */
  split: z._default(z.enum(["tuning", "holdout"]), "tuning"),
});

export type ExpectedFinding = z.output<typeof expectedFindingSchema>;
export type Labels = z.output<typeof labelsSchema>;
