/**
 * Checks a rule against the annotated example beside it, Semgrep-style:
 *   `expect: <id>`       the next code line (or this line, for a trailing comment) must be reported;
 *   `ok: <id>`           it must not be;
 *   `todo-expect: <id>`  a known miss, kept visible: it fails once the rule catches it, so it gets promoted.
 * Any report on a line not marked `expect` is a failure too. Used by test/rules.test.ts and `npm run check:rules`.
 */
import { isGrammarLanguage, languageForPath } from "../languages.js";
import type { RuleEngine } from "./engine.js";
import type { Rule } from "./schema.js";

export type Expectation = "expect" | "ok" | "todo-expect";

export interface AnnotatedLine {
  line: number;
  expectation: Expectation;
}

const ANNOTATION = /(?:\/\/|#|\/\*|<!--)\s*(todo-expect|expect|ok):\s*([a-z0-9-]+\/[a-z0-9-]+)/;
const COMMENT_ONLY = /^\s*(?:\/\/|#|\/\*|<!--)/;

/** Optional first-line header giving the path the example stands for (for rules limited by `paths`). */
const PATH_HEADER = /gatehouse-example-path:\s*(\S+)/;

export function examplePath(exampleFile: string, text: string): string {
  const header = PATH_HEADER.exec(text.split("\n", 1)[0] ?? "");
  return header?.[1] ?? exampleFile;
}

export function parseAnnotations(text: string, ruleId: string): AnnotatedLine[] {
  const lines = text.split("\n");
  const result: AnnotatedLine[] = [];
  lines.forEach((content, index) => {
    const match = ANNOTATION.exec(content);
    if (!match || match[2] !== ruleId) return;
    const expectation = match[1] as Expectation;
    if (!COMMENT_ONLY.test(content)) {
      result.push({ line: index + 1, expectation });
      return;
    }
    // A comment on its own line annotates the next line that is not itself a comment.
    for (let next = index + 1; next < lines.length; next++) {
      const candidate = lines[next] ?? "";
      if (candidate.trim() !== "" && !COMMENT_ONLY.test(candidate)) {
        result.push({ line: next + 1, expectation });
        return;
      }
    }
  });
  return result;
}

export async function checkRuleExample(rule: Rule, exampleFile: string, text: string, engine: RuleEngine): Promise<string[]> {
  const path = examplePath(exampleFile, text);
  const problems: string[] = [];
  const language = languageForPath(path);
  if (!language || !isGrammarLanguage(language)) return [`rules/${exampleFile}: no grammar for this file type`];
  const annotations = parseAnnotations(text, rule.id);
  if (!annotations.some((a) => a.expectation === "expect")) problems.push(`rules/${exampleFile}: needs at least one \`expect: ${rule.id}\` line`);
  if (!annotations.some((a) => a.expectation === "ok")) problems.push(`rules/${exampleFile}: needs at least one \`ok: ${rule.id}\` line (a hard negative)`);
  const matches = (await engine.run(language, path, text)).filter((m) => m.rule.id === rule.id);
  const reported = (line: number) => matches.some((m) => m.startRow + 1 <= line && line <= m.endRow + 1);
  for (const { line, expectation } of annotations) {
    if (expectation === "expect" && !reported(line)) problems.push(`rules/${exampleFile}:${line}: expected ${rule.id} to report this line, it did not`);
    if (expectation === "ok" && reported(line)) problems.push(`rules/${exampleFile}:${line}: ${rule.id} reported a line marked ok`);
    if (expectation === "todo-expect" && reported(line)) problems.push(`rules/${exampleFile}:${line}: a todo-expect now passes; change it to expect`);
  }
  const expected = new Set(annotations.filter((a) => a.expectation === "expect").map((a) => a.line));
  for (const match of matches) {
    const lines = Array.from({ length: match.endRow - match.startRow + 1 }, (_, i) => match.startRow + 1 + i);
    if (!lines.some((line) => expected.has(line))) problems.push(`rules/${exampleFile}:${match.startRow + 1}: ${rule.id} reported a line not marked expect`);
  }
  return problems;
}
