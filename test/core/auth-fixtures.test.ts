/**
 * Runs the auth analyzer over every labelled case in fixtures/auth/<framework>/<case>/ and scores it:
 * precision and recall must each be at least 0.9, and a failure lists every miss and false alarm.
 * The loader and the scoring are src/eval/auth-fixtures.ts, the same code `npm run eval` reports with.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { evaluateAuthFixtures, formatAuthFixtures, loadAuthFixtureCases } from "../../src/eval/auth-fixtures.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/auth");
const grammars = nodeGrammarLoader();

describe("auth analyzer on the labelled fixtures", () => {
  it("has at least 80 labelled cases, at least half of them hard negatives, in every framework", () => {
    const cases = loadAuthFixtureCases(FIXTURES);
    const negatives = cases.filter((c) => c.files.every((f) => f.expected.length === 0));
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(negatives.length * 2).toBeGreaterThanOrEqual(cases.length);
    for (const framework of new Set(cases.map((c) => c.framework))) {
      const own = cases.filter((c) => c.framework === framework);
      expect(own.some((c) => c.files.some((f) => f.expected.length > 0)), `${framework} has a positive case`).toBe(true);
      expect(own.some((c) => c.files.every((f) => f.expected.length === 0)), `${framework} has a negative case`).toBe(true);
    }
  });

  it("reaches precision and recall of at least 0.9", async () => {
    const report = await evaluateAuthFixtures(FIXTURES, grammars);
    const summary = formatAuthFixtures(report).join("\n");
    console.log(summary);
    expect(report.score.precision, summary).toBeGreaterThanOrEqual(0.9);
    expect(report.score.recall, summary).toBeGreaterThanOrEqual(0.9);
  });
});
