/**
 * Runs the auth analyzer over every labelled case in fixtures/auth/<framework>/<case>/ and scores it:
 * precision and recall must each be at least 0.9, and a failure lists every miss and false alarm.
 * Each case directory is a small repository: its files are the PR's changed files (all lines added unless
 * a `fixture: added=` header says otherwise), and an optional `.github/gatehouse.yml` is its config.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { authAnalyzer } from "../../src/core/analyzers/auth.js";
import { labelFixture, score, type ExpectedFinding, type LabelledFile } from "../../src/core/auth/evaluation.js";
import type { ChangedFile } from "../../src/core/changes.js";
import { CONFIG_PATH, DEFAULT_CONFIG, parseConfig, type Config } from "../../src/core/config.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const FIXTURES = join(import.meta.dirname, "../../fixtures/auth");
const grammars = nodeGrammarLoader();

interface Case {
  name: string;
  framework: string;
  files: LabelledFile[];
  config: Config;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = join(dir, entry);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

function loadCases(): Case[] {
  const cases: Case[] = [];
  for (const framework of readdirSync(FIXTURES).filter((f) => statSync(join(FIXTURES, f)).isDirectory())) {
    for (const name of readdirSync(join(FIXTURES, framework))) {
      const dir = join(FIXTURES, framework, name);
      let config = DEFAULT_CONFIG;
      const files: LabelledFile[] = [];
      for (const full of filesUnder(dir)) {
        const path = relative(dir, full);
        const text = readFileSync(full, "utf8");
        if (path === CONFIG_PATH) {
          const parsed = parseConfig(text);
          if (!parsed.ok) throw new Error(`${dir}: broken fixture config: ${JSON.stringify(parsed.problems)}`);
          config = parsed.config;
        } else files.push(labelFixture(path, text));
      }
      cases.push({ name: `${framework}/${name}`, framework, files, config });
    }
  }
  return cases;
}

async function runCase(testCase: Case): Promise<ExpectedFinding[]> {
  const files: ChangedFile[] = testCase.files.map((f) => ({ path: f.path, status: "modified", addedLines: f.addedLines, hunks: [], newText: f.text }));
  const result = await scan({ files, notes: [] }, testCase.config, { grammars }, { rules: [], analyzers: [authAnalyzer] });
  const problems = result.notes.filter((n) => n.kind === "unparseable");
  if (problems.length > 0) throw new Error(`${testCase.name}: ${problems.map((p) => p.message).join("; ")}`);
  return result.findings.map((f) => ({ path: `${testCase.name}/${f.path}`, line: f.line, ruleId: f.ruleId }));
}

describe("auth analyzer on the labelled fixtures", () => {
  const cases = loadCases();

  it("has at least 80 labelled cases, at least half of them hard negatives", () => {
    const negatives = cases.filter((c) => c.files.every((f) => f.expected.length === 0));
    expect(cases.length).toBeGreaterThanOrEqual(80);
    expect(negatives.length * 2).toBeGreaterThanOrEqual(cases.length);
  });

  it("reaches precision and recall of at least 0.9", async () => {
    const expected: ExpectedFinding[] = [];
    const reported: ExpectedFinding[] = [];
    for (const testCase of cases) {
      expected.push(...testCase.files.flatMap((f) => f.expected.map((e) => ({ ...e, path: `${testCase.name}/${e.path}` }))));
      reported.push(...(await runCase(testCase)));
    }
    const result = score(expected, reported);
    const summary = [
      `auth fixtures: ${cases.length} cases, ${expected.length} expected findings, ${reported.length} reported`,
      `precision ${result.precision.toFixed(3)} (${result.truePositives.length}/${result.truePositives.length + result.falseAlarms.length}), recall ${result.recall.toFixed(3)} (${result.truePositives.length}/${expected.length})`,
      ...result.misses.map((m) => `  miss: ${m.path}:${m.line} ${m.ruleId}`),
      ...result.falseAlarms.map((f) => `  false alarm: ${f.path}:${f.line} ${f.ruleId}`),
    ].join("\n");
    console.log(summary);
    expect(result.precision, summary).toBeGreaterThanOrEqual(0.9);
    expect(result.recall, summary).toBeGreaterThanOrEqual(0.9);
  });
});
