import { describe, expect, it } from "vitest";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import type { Finding } from "../../src/core/finding.js";
import { gate } from "../../src/core/gate.js";
import type { ScanResult } from "../../src/core/scan.js";

function finding(overrides: Partial<Finding>): Finding {
  return {
    id: "GH-00000001",
    ruleId: "sql/js-template-query",
    category: "sql",
    severity: "high",
    confidence: "high",
    path: "src/a.ts",
    line: 10,
    endLine: 10,
    message: "m",
    why: "w",
    evidence: "e",
    fix: { prompt: "p" },
    ...overrides,
  };
}

function result(findings: Finding[], extra: Partial<ScanResult> = {}): ScanResult {
  return { findings, notes: [], suppressions: [], stats: { files: 1, scannedFiles: 1, addedLines: 1, bytes: 1, durationMs: 0 }, ...extra };
}

describe("gate", () => {
  it("fails at the threshold and passes below it", () => {
    expect(gate(result([finding({ severity: "high" })]), DEFAULT_CONFIG).conclusion).toBe("failure");
    expect(gate(result([finding({ severity: "medium" })]), DEFAULT_CONFIG).conclusion).toBe("success");
    expect(gate(result([]), DEFAULT_CONFIG).title).toBe("No security findings in the added code");
  });

  it("fails closed when part of the change was not scanned", () => {
    const verdict = gate(result([], { notes: [{ path: "big.js", kind: "too-large", message: "big" }] }), DEFAULT_CONFIG);
    expect(verdict.conclusion).toBe("failure");
    expect(verdict.title).toContain("scan incomplete");
    expect(gate(result([], { notes: [{ path: "big.js", kind: "too-large", message: "big" }] }), { ...DEFAULT_CONFIG, incomplete: "warn" }).conclusion).toBe("success");
    expect(gate(result([], { notes: [{ path: "a.png", kind: "binary", message: "bin" }] }), DEFAULT_CONFIG).conclusion).toBe("success");
  });

  it("a suppression the PR adds itself suppresses nothing until approved", () => {
    const f = finding({});
    const added = { path: f.path, line: 9, target: f.ruleId, reason: "it is fine", addedByChange: true, nextLineAdded: true };
    const pending = gate(result([f], { suppressions: [added] }), DEFAULT_CONFIG);
    expect(pending.conclusion).toBe("failure");
    expect(pending.pendingSuppressions).toHaveLength(1);
    const approved = gate(result([f], { suppressions: [added] }), DEFAULT_CONFIG, { findingIds: new Set([f.id]) });
    expect(approved.conclusion).toBe("success");
    expect(approved.suppressed[0]?.by).toBe("allow");
  });

  it("a suppression already on the base branch counts, but only with a reason", () => {
    const f = finding({});
    const existing = { path: f.path, line: 10, target: f.ruleId, reason: "reviewed in #12", addedByChange: false, nextLineAdded: false };
    expect(gate(result([f], { suppressions: [existing] }), DEFAULT_CONFIG).conclusion).toBe("success");
    expect(gate(result([f], { suppressions: [{ ...existing, reason: "" }] }), DEFAULT_CONFIG).conclusion).toBe("failure");
  });

  it("an old suppression above a line the PR adds needs approval, unless it names that finding's own id", () => {
    const f = finding({});
    const old = { path: f.path, line: 9, target: f.ruleId, reason: "reviewed in #12", addedByChange: false, nextLineAdded: true };
    const slippedUnder = gate(result([f], { suppressions: [old] }), DEFAULT_CONFIG);
    expect(slippedUnder.conclusion).toBe("failure");
    expect(slippedUnder.pendingSuppressions.map((p) => p.finding.id)).toEqual([f.id]);
    expect(gate(result([f], { suppressions: [old] }), DEFAULT_CONFIG, { findingIds: new Set([f.id]) }).conclusion).toBe("success");
    expect(gate(result([f], { suppressions: [{ ...old, target: f.id }] }), DEFAULT_CONFIG).conclusion).toBe("success");
    expect(gate(result([f], { suppressions: [{ ...old, nextLineAdded: false }] }), DEFAULT_CONFIG).conclusion).toBe("success");
  });
});
