/** The tree-sitter rules from rules/, as an analyzer: every match that touches an added line is a detection. */
import { isGrammarLanguage, languageForPath } from "../languages.js";
import type { RuleMatch } from "../rules/engine.js";
import type { Analyzer, AnalyzerContext, AnalyzerFile, Detection } from "./analyzer.js";

/** Fills `{capture}` placeholders with the capture's text, on one line and short enough for a message. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z_][\w-]*)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    const oneLine = value.replace(/\s+/g, " ").trim();
    return oneLine.length > 60 ? `${oneLine.slice(0, 57)}...` : oneLine;
  });
}

export function touchesAddedLines(added: ReadonlySet<number>, line: number, endLine: number): boolean {
  for (let n = line; n <= endLine; n++) if (added.has(n)) return true;
  return false;
}

export function detectionFromMatch(match: RuleMatch, path: string): Detection {
  const line = match.startRow + 1;
  const endLine = match.endRow + 1;
  const values = { ...match.captures, path, line: String(line) };
  const rule = match.rule;
  const message = fillTemplate(rule.message, values);
  return {
    ruleId: rule.id,
    category: rule.category,
    severity: rule.severity,
    confidence: rule.confidence,
    path,
    line,
    endLine,
    column: match.startColumn + 1,
    message: rule.confidence === "low" && !/^possible/i.test(message) ? `Possible: ${message}` : message,
    why: fillTemplate(rule.why, values),
    matchedText: match.text,
    fix: fillTemplate(rule.fix.prompt, values),
    ...(rule.fix.suggestion ? { suggestion: fillTemplate(rule.fix.suggestion, values) } : {}),
    ...(rule.cwe ? { cwe: rule.cwe } : {}),
    references: rule.references,
  };
}

async function analyzeFile(entry: AnalyzerFile, { engine, trees }: Pick<AnalyzerContext, "engine" | "trees">): Promise<Detection[]> {
  const language = languageForPath(entry.file.path);
  if (!language || !isGrammarLanguage(language) || entry.added.size === 0) return [];
  const path = entry.file.path;
  const matches = await engine.run(language, path, entry.text, () => trees.get(path, language, entry.text));
  return matches.map((match) => detectionFromMatch(match, path)).filter((detection) => touchesAddedLines(entry.added, detection.line, detection.endLine));
}

export const rulesAnalyzer: Analyzer = {
  name: "rules",
  perFile: true,
  async analyze(context) {
    const { files, note } = context;
    const detections: Detection[] = [];
    for (const entry of files) {
      try {
        detections.push(...(await analyzeFile(entry, context)));
      } catch (error) {
        note({ path: entry.file.path, kind: "unparseable", message: `${entry.file.path}: could not be parsed (${error instanceof Error ? error.message : String(error)}); rules did not run on it.` });
      }
    }
    return detections;
  },
};
