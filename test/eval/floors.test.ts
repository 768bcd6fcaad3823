/**
 * The corpus floors, enforced: Gatehouse is scored on fixtures/corpus/ and every category must stay at or above
 * eval/floors.json. A failure names the category and lists its misses and false alarms, so the regression can be
 * read without rerunning `npm run eval`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCorpus, type CorpusPr } from "../../src/eval/corpus.js";
import { evaluate, type EvalReport } from "../../src/eval/evaluate.js";
import { checkFloors, floorsSchema } from "../../src/eval/floors.js";

const ROOT = join(import.meta.dirname, "../..");
const CORPUS = join(ROOT, "fixtures/corpus");
const floors = floorsSchema.parse(JSON.parse(readFileSync(join(ROOT, "eval/floors.json"), "utf8")));

let corpus: CorpusPr[];
let report: EvalReport;
let holdout: EvalReport;

beforeAll(async () => {
  corpus = await loadCorpus(CORPUS);
  const options = { corpusDir: CORPUS, registryRecordings: join(ROOT, "fixtures/registry/npm") };
  report = await evaluate(corpus.filter((pr) => pr.labels.split === "tuning"), options);
  holdout = await evaluate(corpus.filter((pr) => pr.labels.split === "holdout"), options);
}, 120_000);

function explainBreaches(evaluated: EvalReport, categoryFloors: Parameters<typeof checkFloors>[1]): string {
  const ours = evaluated.tools[0]!;
  return checkFloors(ours.score, categoryFloors)
    .map((b) => {
      const misses = ours.score.misses.filter((m) => m.category === b.category).map((m) => `    miss  ${m.prId}  ${m.path}:${m.line}${m.note ? `  (${m.note})` : ""}`);
      const alarms = ours.score.falseAlarms.filter((f) => f.category === b.category).map((f) => `    false alarm  ${f.prId}  ${f.path}:${f.line}  ${f.ruleId}`);
      return [`${b.category}: ${b.metric} ${b.measured.toFixed(3)} is below its floor ${b.floor}`, ...misses, ...alarms].join("\n");
    })
    .join("\n");
}

describe("Gatehouse on the labelled corpus", () => {
  it("stays at or above every floor of the held-out PRs (written blind, never used to tune rules)", () => {
    expect(floors.holdout, "eval/floors.json needs a holdout section once held-out PRs exist").toBeDefined();
    expect(holdout.corpus.prs).toBeGreaterThanOrEqual(40);
    expect(explainBreaches(holdout, floors.holdout!), "held-out categories below their floor").toBe("");
  });

  it("stays at or above every floor in eval/floors.json", () => {
    const ours = report.tools[0]!;
    const breaches = checkFloors(ours.score, floors);
    const explain = breaches.map((b) => {
      const misses = ours.score.misses.filter((m) => m.category === b.category).map((m) => `    miss  ${m.prId}  ${m.path}:${m.line}${m.note ? `  (${m.note})` : ""}`);
      const alarms = ours.score.falseAlarms.filter((f) => f.category === b.category).map((f) => `    false alarm  ${f.prId}  ${f.path}:${f.line}  ${f.ruleId}`);
      return [`${b.category}: ${b.metric} ${b.measured.toFixed(3)} is below its floor ${b.floor}`, ...misses, ...alarms].join("\n");
    });
    expect(explain.join("\n"), "categories below their floor").toBe("");
  });

  it("has a floor for every category the corpus labels", () => {
    const labelled = Object.keys(report.corpus.expectedByCategory).sort();
    expect(labelled.filter((c) => !(c in floors.categories))).toEqual([]);
  });

  it("scans a PR offline only when a registry look-up it needs has no recording", () => {
    // Offline is the fallback for unrecorded names, never the norm: package PRs built on recordings get the full checks.
    expect(report.offlinePrs.every((id) => corpus.some((pr) => pr.id === id))).toBe(true);
    expect(report.offlinePrs.length === 0).toBe(report.unrecordedRegistryRequests.length === 0);
    expect(report.offlinePrs.filter((id) => id.startsWith("a-"))).toEqual([]);
  });
});

describe("the corpus", () => {
  const MINE = ["sql", "path-traversal", "injection", "ssrf", "tls", "error-leak", "tests-disabled"];

  it("keeps at least 80 PRs in the a- half, at least 40% of them clean", () => {
    const mine = corpus.filter((pr) => pr.id.startsWith("a-"));
    expect(mine.length).toBeGreaterThanOrEqual(80);
    expect(mine.filter((pr) => pr.labels.expected.length === 0).length / mine.length).toBeGreaterThanOrEqual(0.4);
  });

  it("labels every a- category with findings on lines the PR adds", () => {
    const mine = corpus.filter((pr) => pr.id.startsWith("a-"));
    const categories = new Set(mine.flatMap((pr) => pr.labels.expected.map((l) => l.category)));
    expect([...categories].sort()).toEqual([...MINE].sort());
    expect(mine.flatMap((pr) => pr.warnings)).toEqual([]);
  });
});
