import { describe, expect, it } from "vitest";
import type { ExpectedFinding } from "../../src/eval/labels.js";
import { findingMatchesLabel, matchFindings, type ScoredFinding } from "../../src/eval/match.js";

const finding = (line: number, extra: Partial<ScoredFinding> = {}): ScoredFinding => ({ path: "src/a.ts", line, endLine: line, category: "sql", ruleId: "sql/x", ...extra });
const label = (line: number, extra: Partial<ExpectedFinding> = {}): ExpectedFinding => ({ path: "src/a.ts", line, category: "sql", ...extra });

describe("findingMatchesLabel", () => {
  it("matches when the finding's range contains the label line", () => {
    expect(findingMatchesLabel(finding(10, { endLine: 20 }), label(18))).toBe(true);
  });
  it("matches within two lines of the finding's start, either side", () => {
    expect(findingMatchesLabel(finding(10), label(12))).toBe(true);
    expect(findingMatchesLabel(finding(10), label(8))).toBe(true);
  });
  it("does not match three lines away", () => {
    expect(findingMatchesLabel(finding(10), label(13))).toBe(false);
    expect(findingMatchesLabel(finding(10), label(7))).toBe(false);
  });
  it("measures the tolerance from the start line, not the end line", () => {
    // range 10-12 does not contain 15, and 15 is 5 lines from the start
    expect(findingMatchesLabel(finding(10, { endLine: 12 }), label(15))).toBe(false);
  });
  it("needs the same category and path", () => {
    expect(findingMatchesLabel(finding(10, { category: "injection" }), label(10))).toBe(false);
    expect(findingMatchesLabel(finding(10, { path: "src/b.ts" }), label(10))).toBe(false);
  });
});

describe("matchFindings", () => {
  it("uses each finding and each label at most once", () => {
    const result = matchFindings([finding(10), finding(11)], [label(10)]);
    expect(result.matched).toHaveLength(1);
    expect(result.unmatchedFindings).toHaveLength(1);
    expect(result.unmatchedLabels).toHaveLength(0);
  });

  it("lets one finding account for only one of two nearby labels", () => {
    const result = matchFindings([finding(10)], [label(10), label(11)]);
    expect(result.matched).toHaveLength(1);
    expect(result.unmatchedLabels.map((l) => l.line)).toEqual([11]);
  });

  it("finds the largest pairing even when the closest pair would block it", () => {
    // Finding A (line 10) can take labels 8 or 11; finding B (line 13) can only take 11.
    // Greedy-closest would pair A with 11 and leave B and 8 unmatched; the maximum pairing matches both.
    const a = finding(10, { ruleId: "a" });
    const b = finding(13, { ruleId: "b" });
    for (const findings of [
      [a, b],
      [b, a],
    ]) {
      const result = matchFindings(findings, [label(11), label(8)]);
      expect(result.matched).toHaveLength(2);
      expect(result.unmatchedFindings).toEqual([]);
      expect(result.unmatchedLabels).toEqual([]);
    }
  });

  it("pairs two labels on one line with two findings of different categories", () => {
    const result = matchFindings([finding(16, { category: "ssrf" }), finding(16, { category: "tls" })], [label(16, { category: "ssrf" }), label(16, { category: "tls" })]);
    expect(result.matched).toHaveLength(2);
  });

  it("reports everything as unmatched on a clean PR", () => {
    const result = matchFindings([finding(3)], []);
    expect(result.unmatchedFindings).toHaveLength(1);
    expect(result.matched).toHaveLength(0);
  });
});
