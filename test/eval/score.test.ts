import { describe, expect, it } from "vitest";
import { checkFloors } from "../../src/eval/floors.js";
import type { ExpectedFinding } from "../../src/eval/labels.js";
import { matchFindings, type ScoredFinding } from "../../src/eval/match.js";
import { scoreTool } from "../../src/eval/score.js";

const finding = (path: string, line: number, category: ScoredFinding["category"]): ScoredFinding => ({ path, line, endLine: line, category, ruleId: `${category}/rule` });
const label = (path: string, line: number, category: ExpectedFinding["category"]): ExpectedFinding => ({ path, line, category });

// Two PRs: one with a hit, a miss and a false alarm in sql; one clean PR with a tls false alarm.
const matches = [
  { prId: "pr-1", match: matchFindings([finding("a.ts", 5, "sql"), finding("a.ts", 40, "sql")], [label("a.ts", 6, "sql"), label("b.py", 3, "sql")]) },
  { prId: "pr-2", match: matchFindings([finding("c.sh", 2, "tls")], []) },
];

describe("scoreTool", () => {
  const score = scoreTool(matches);
  const sql = score.categories.find((c) => c.category === "sql");
  const tls = score.categories.find((c) => c.category === "tls");

  it("counts true positives, false positives and misses per category", () => {
    expect(sql).toMatchObject({ tp: 1, fp: 1, fn: 1, precision: 0.5, recall: 0.5, f1: 0.5 });
    expect(tls).toMatchObject({ tp: 0, fp: 1, fn: 0, precision: 0, recall: null, f1: 0 });
  });

  it("sums every category into the total", () => {
    expect(score.total).toMatchObject({ tp: 1, fp: 2, fn: 1 });
    expect(score.total.precision).toBeCloseTo(1 / 3);
  });

  it("lists each miss and false alarm with its PR, path and line", () => {
    expect(score.misses).toEqual([{ prId: "pr-1", path: "b.py", line: 3, category: "sql" }]);
    expect(score.falseAlarms.map((f) => `${f.prId} ${f.path}:${f.line} ${f.category}`)).toEqual(["pr-1 a.ts:40 sql", "pr-2 c.sh:2 tls"]);
  });

  it("scores a peer only in the categories it plays", () => {
    const peer = scoreTool(matches, new Set(["tls"]));
    expect(peer.categories.map((c) => c.category)).toEqual(["tls"]);
    expect(peer.misses).toEqual([]);
  });

  it("shows a played category with nothing in it, so a silent peer scores zero recall where labels exist", () => {
    const silent = scoreTool([{ prId: "pr-1", match: matchFindings([], [label("a.ts", 6, "sql")]) }], new Set(["sql", "injection"]));
    expect(silent.categories.find((c) => c.category === "sql")).toMatchObject({ tp: 0, fn: 1, recall: 0, precision: null, f1: 0 });
    expect(silent.categories.find((c) => c.category === "injection")).toMatchObject({ tp: 0, fp: 0, fn: 0, f1: null });
  });
});

describe("checkFloors", () => {
  const score = scoreTool(matches);
  it("names the category and metric below its floor", () => {
    expect(checkFloors(score, { categories: { sql: { precision: 0.6, recall: 0.5 } } })).toEqual([{ category: "sql", metric: "precision", floor: 0.6, measured: 0.5 }]);
  });
  it("passes at exactly the floor", () => {
    expect(checkFloors(score, { categories: { sql: { precision: 0.5, recall: 0.5 } } })).toEqual([]);
  });
  it("treats a category without findings as perfectly precise and without labels as fully recalled", () => {
    expect(checkFloors(score, { categories: { injection: { precision: 1, recall: 1 } } })).toEqual([]);
  });
});
