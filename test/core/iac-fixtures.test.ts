/**
 * Every file under fixtures/iac/ is an annotated example for the IaC analyzers (src/core/iac/,
 * src/core/analyzers/dockerfile.ts), in the same `expect:` / `ok:` notation as the rule examples. Each fixture
 * is scanned as a newly added file at the path in its `gatehouse-example-path:` header.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChangeSet } from "../../src/core/changes.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { IAC_ANALYZERS } from "../../src/core/iac/index.js";
import { examplePath, parseAnnotations } from "../../src/core/rules/examples.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const root = join(import.meta.dirname, "..", "..", "fixtures", "iac");
const grammars = nodeGrammarLoader();

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]));
}

export function addedFile(path: string, text: string): ChangeSet {
  const lines = text.split("\n");
  return {
    files: [{ path, status: "added", addedLines: lines.map((_, i) => i + 1), hunks: [{ newStart: 1, lines }], newText: text }],
    notes: [],
  };
}

/** Problems in the same words as the rule-example check, so a failure names the fixture line. */
async function checkFixture(file: string): Promise<string[]> {
  const text = readFileSync(file, "utf8");
  const name = relative(root, file);
  const path = examplePath(name, text);
  const result = await scan(addedFile(path, text), DEFAULT_CONFIG, { grammars }, { rules: [], analyzers: IAC_ANALYZERS });
  const problems = result.notes.filter((n) => n.kind === "unparseable").map((n) => `${name}: ${n.message}`);
  const ruleIds = new Set([...text.matchAll(/(?:expect|ok):\s*(iac\/[a-z0-9-]+)/g)].map((m) => m[1] ?? ""));
  for (const finding of result.findings) ruleIds.add(finding.ruleId);
  for (const ruleId of ruleIds) {
    const annotations = parseAnnotations(text, ruleId);
    const findings = result.findings.filter((f) => f.ruleId === ruleId);
    const reported = (line: number) => findings.some((f) => f.line <= line && line <= f.endLine);
    for (const { line, expectation } of annotations) {
      if (expectation === "expect" && !reported(line)) problems.push(`${name}:${line}: expected ${ruleId}, not reported`);
      if (expectation === "ok" && reported(line)) problems.push(`${name}:${line}: ${ruleId} reported a line marked ok`);
      if (expectation === "todo-expect" && reported(line)) problems.push(`${name}:${line}: a todo-expect now passes; change it to expect`);
    }
    const expected = new Set(annotations.filter((a) => a.expectation === "expect").map((a) => a.line));
    for (const finding of findings) {
      const span = Array.from({ length: finding.endLine - finding.line + 1 }, (_, i) => finding.line + i);
      if (!span.some((line) => expected.has(line))) problems.push(`${name}:${finding.line}: ${ruleId} reported a line not marked expect (${finding.message})`);
    }
  }
  return problems;
}

const fixtures = walk(root).sort();

describe("IaC analyzers agree with their fixtures", () => {
  it("there are fixtures with both kinds of annotation", () => {
    const all = fixtures.map((f) => readFileSync(f, "utf8")).join("\n");
    expect(all).toMatch(/expect: iac\//);
    expect(all).toMatch(/ok: iac\//);
  });
  for (const file of fixtures) {
    it(relative(root, file), async () => {
      expect(await checkFixture(file)).toEqual([]);
    });
  }
});

/**
 * The whole IaC suite at once: every IaC rule and analyzer over every IaC example and fixture. A finding on a
 * line its rule's annotations do not mark `expect` counts against precision (another rule's example included);
 * an `expect` line nobody reports counts against recall. The bar is 0.9 for both.
 */
describe("IaC precision and recall over all examples and fixtures", () => {
  it("stays at or above 0.9 for both", async () => {
    const { BUNDLED_RULES } = await import("../../src/rules.js");
    const { RULE_EXAMPLES } = await import("../../src/rules.examples.generated.js");
    const rules = BUNDLED_RULES.filter((rule) => rule.category === "iac");
    const documents: Array<[string, string]> = [
      ...Object.entries(RULE_EXAMPLES).filter(([name]) => name.startsWith("iac/")),
      ...fixtures.map((file): [string, string] => [relative(root, file), readFileSync(file, "utf8")]),
    ];
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    const misses: string[] = [];
    for (const [name, text] of documents) {
      const result = await scan(addedFile(examplePath(name, text), text), DEFAULT_CONFIG, { grammars }, { rules, analyzers: [...IAC_ANALYZERS, (await import("../../src/core/analyzers/rules.js")).rulesAnalyzer] });
      const iacFindings = result.findings.filter((f) => f.category === "iac");
      const ruleIds = new Set([...text.matchAll(/expect:\s*(iac\/[a-z0-9-]+)/g)].map((m) => m[1] ?? ""));
      for (const finding of iacFindings) ruleIds.add(finding.ruleId);
      for (const ruleId of ruleIds) {
        const expected = parseAnnotations(text, ruleId).filter((a) => a.expectation === "expect").map((a) => a.line);
        const findings = iacFindings.filter((f) => f.ruleId === ruleId);
        for (const line of expected) {
          if (findings.some((f) => f.line <= line && line <= f.endLine)) truePositives++;
          else {
            falseNegatives++;
            misses.push(`missed ${ruleId} at ${name}:${line}`);
          }
        }
        for (const f of findings) {
          if (!expected.some((line) => f.line <= line && line <= f.endLine)) {
            falsePositives++;
            misses.push(`extra ${ruleId} at ${name}:${f.line}`);
          }
        }
      }
    }
    const precision = truePositives / (truePositives + falsePositives);
    const recall = truePositives / (truePositives + falseNegatives);
    console.log(`IaC suite: ${documents.length} files, ${rules.length} rules + ${IAC_ANALYZERS.length} analyzers, TP ${truePositives} FP ${falsePositives} FN ${falseNegatives}, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}\n${misses.join("\n")}`);
    expect(precision).toBeGreaterThanOrEqual(0.9);
    expect(recall).toBeGreaterThanOrEqual(0.9);
  });
});
