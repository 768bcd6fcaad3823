import { describe, expect, it } from "vitest";
import type { Detection } from "../../src/core/analyzers/analyzer.js";
import { collapseDuplicates } from "../../src/core/collapse.js";

function detection(overrides: Partial<Detection>): Detection {
  return { ruleId: "x/y", category: "secret", severity: "high", confidence: "high", path: "a", line: 1, endLine: 1, message: "m", why: "w", matchedText: "t", fix: "f", ...overrides };
}

describe("collapseDuplicates", () => {
  it("keeps different categories on one line, except IaC config that repeats a secret", () => {
    const result = collapseDuplicates([
      detection({ ruleId: "iac/compose-secret-in-environment", category: "iac" }),
      detection({ ruleId: "secret/postgres-url" }),
      detection({ ruleId: "sql/x", category: "sql" }),
    ]);
    expect(result.map((d) => d.ruleId).sort()).toEqual(["secret/postgres-url", "sql/x"]);
  });

  it("merges one IaC rule's consecutive lines into one finding, but not other categories' or distant lines", () => {
    const iac = (line: number, path = "main.tf") => detection({ ruleId: "iac/pab", category: "iac", path, line, endLine: line, matchedText: `flag${line}` });
    const result = collapseDuplicates([iac(20), iac(21), iac(22), iac(40), iac(7, "Dockerfile"), iac(8, "Dockerfile"), detection({ ruleId: "sql/q", category: "sql", line: 5, endLine: 5 }), detection({ ruleId: "sql/q", category: "sql", line: 6, endLine: 6 })]);
    expect(result.map((d) => [d.path, d.ruleId, d.line, d.endLine])).toEqual([
      // Paths in code-unit order (compareText): capitals before lower case.
      ["Dockerfile", "iac/pab", 7, 7],
      ["Dockerfile", "iac/pab", 8, 8],
      ["a", "sql/q", 5, 5],
      ["a", "sql/q", 6, 6],
      ["main.tf", "iac/pab", 20, 22],
      ["main.tf", "iac/pab", 40, 40],
    ]);
  });
});
