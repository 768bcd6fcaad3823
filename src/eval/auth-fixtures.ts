/**
 * The auth analyzer's own labelled fixtures, fixtures/auth/<framework>/<case>/, loaded and scored. One loader for
 * `npm run eval` (which prints the score with every miss and false alarm) and for test/core/auth-fixtures.test.ts
 * (which holds it at precision and recall of at least 0.9). Each case directory is a small repository: its files
 * are the PR's changed files (all lines added unless a `fixture: added=` header says otherwise; see
 * src/core/auth/evaluation.ts for the labels), and an optional `.github/gatehouse.yml` is its config.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { authAnalyzer } from "../core/analyzers/auth.js";
import { labelFixture, score, type ExpectedFinding, type LabelledFile, type Score } from "../core/auth/evaluation.js";
import type { ChangedFile } from "../core/changes.js";
import { CONFIG_PATH, DEFAULT_CONFIG, formatConfigProblem, parseConfig, type Config } from "../core/config.js";
import { scan } from "../core/scan.js";
import type { GrammarLoader } from "../ports.js";

/** Issue #4: on its own fixtures the auth analyzer keeps precision and recall of at least 0.9. */
export const AUTH_FIXTURE_FLOOR = 0.9;

export interface AuthFixtureCase {
  /** `<framework>/<case>`, the prefix of every path the score names. */
  name: string;
  framework: string;
  files: LabelledFile[];
  config: Config;
}

export interface AuthFixtureReport {
  dir: string;
  cases: number;
  /** Cases with no expected finding: protected, public on purpose or out of scope. */
  negatives: number;
  frameworks: string[];
  expected: number;
  reported: number;
  score: Score;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? filesUnder(full) : [full];
    });
}

/** Every case under `dir`; a broken case config throws with the case named, since it would make the score lie. */
export function loadAuthFixtureCases(dir: string): AuthFixtureCase[] {
  const cases: AuthFixtureCase[] = [];
  for (const framework of readdirSync(dir).sort().filter((f) => statSync(join(dir, f)).isDirectory())) {
    for (const name of readdirSync(join(dir, framework)).sort()) {
      const caseDir = join(dir, framework, name);
      let config = DEFAULT_CONFIG;
      const files: LabelledFile[] = [];
      for (const full of filesUnder(caseDir)) {
        const path = relative(caseDir, full).split("\\").join("/");
        const text = readFileSync(full, "utf8");
        if (path === CONFIG_PATH) {
          const parsed = parseConfig(text);
          if (!parsed.ok) throw new Error(`${caseDir}: broken fixture config: ${parsed.problems.map(formatConfigProblem).join("; ")}`);
          config = parsed.config;
        } else files.push(labelFixture(path, text));
      }
      cases.push({ name: `${framework}/${name}`, framework, files, config });
    }
  }
  return cases;
}

/** The findings the auth analyzer reports for one case, with paths prefixed by the case name. */
export async function runAuthFixtureCase(testCase: AuthFixtureCase, grammars: GrammarLoader): Promise<ExpectedFinding[]> {
  const files: ChangedFile[] = testCase.files.map((f) => ({ path: f.path, status: "modified", addedLines: f.addedLines, hunks: [], newText: f.text }));
  const result = await scan({ files, notes: [] }, testCase.config, { grammars }, { rules: [], analyzers: [authAnalyzer] });
  const problems = result.notes.filter((n) => n.kind === "unparseable");
  if (problems.length > 0) throw new Error(`${testCase.name}: ${problems.map((p) => p.message).join("; ")}`);
  return result.findings.map((f) => ({ path: `${testCase.name}/${f.path}`, line: f.line, ruleId: f.ruleId }));
}

export function expectedFindings(testCase: AuthFixtureCase): ExpectedFinding[] {
  return testCase.files.flatMap((f) => f.expected.map((e) => ({ ...e, path: `${testCase.name}/${e.path}` })));
}

export async function evaluateAuthFixtures(dir: string, grammars: GrammarLoader): Promise<AuthFixtureReport> {
  const cases = loadAuthFixtureCases(dir);
  const expected: ExpectedFinding[] = [];
  const reported: ExpectedFinding[] = [];
  for (const testCase of cases) {
    expected.push(...expectedFindings(testCase));
    reported.push(...(await runAuthFixtureCase(testCase, grammars)));
  }
  return {
    dir,
    cases: cases.length,
    negatives: cases.filter((c) => c.files.every((f) => f.expected.length === 0)).length,
    frameworks: [...new Set(cases.map((c) => c.framework))],
    expected: expected.length,
    reported: reported.length,
    score: score(expected, reported),
  };
}

/** The score as text: one summary line, then every miss and false alarm, each as `case/path:line rule`. */
export function formatAuthFixtures(report: AuthFixtureReport): string[] {
  const { score: s } = report;
  return [
    `Auth fixtures (${report.dir}): ${report.cases} cases (${report.negatives} without a finding) across ${report.frameworks.join(", ")}; ${report.expected} expected findings, ${report.reported} reported.`,
    `  precision ${s.precision.toFixed(3)} (${s.truePositives.length}/${s.truePositives.length + s.falseAlarms.length}), recall ${s.recall.toFixed(3)} (${s.truePositives.length}/${report.expected})`,
    `  Misses (${s.misses.length}):`,
    ...s.misses.map((m) => `    ${m.path}:${m.line} ${m.ruleId}`),
    `  False alarms (${s.falseAlarms.length}):`,
    ...s.falseAlarms.map((f) => `    ${f.path}:${f.line} ${f.ruleId}`),
  ];
}
