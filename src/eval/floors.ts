/**
 * `eval/floors.json`: the minimum precision and recall per category that Gatehouse must keep on the corpus.
 * Raise a floor when the scanner improves; lowering one needs a reason in the commit. Pure: parsing and checking.
 */
import { z } from "../core/zod.js";
import { categorySchema, type Category } from "../core/finding.js";
import type { ToolScore } from "./score.js";

const unit = z.number().check(z.minimum(0), z.maximum(1));

const categoryFloors = z.partialRecord(categorySchema, z.strictObject({ precision: unit, recall: unit }));

export const floorsSchema = z.strictObject({
  $comment: z.optional(z.string()),
  /** Floors on the tuning corpus: the PRs the rules were developed against. */
  categories: categoryFloors,
  /** Floors on the held-out PRs (labels `split: holdout`), scored apart. */
  holdout: z.optional(z.strictObject({ $comment: z.optional(z.string()), categories: categoryFloors })),
});

export type Floors = z.output<typeof floorsSchema>;

export interface FloorBreach {
  category: Category;
  metric: "precision" | "recall";
  floor: number;
  measured: number;
}

/**
 * A metric with nothing to measure counts as perfect: no findings means no false alarms, no labels means
 * nothing to miss. A category the floors name but the corpus lost entirely is still caught by recall (labels
 * gone means the floor test's own corpus check fails, see test/eval/floors.test.ts).
 */
export function checkFloors(score: ToolScore, floors: Pick<Floors, "categories">): FloorBreach[] {
  const breaches: FloorBreach[] = [];
  for (const [category, floor] of Object.entries(floors.categories) as Array<[Category, { precision: number; recall: number }]>) {
    const measured = score.categories.find((c) => c.category === category);
    const precision = measured?.precision ?? 1;
    const recall = measured?.recall ?? 1;
    // Rounded like the printed table, so a floor copied from the table never fails on the fourth decimal.
    if (round(precision) < floor.precision) breaches.push({ category, metric: "precision", floor: floor.precision, measured: precision });
    if (round(recall) < floor.recall) breaches.push({ category, metric: "recall", floor: floor.recall, measured: recall });
  }
  return breaches;
}

export function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
