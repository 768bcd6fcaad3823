/** The tree-sitter rules from rules/, as an analyzer: every match that touches an added line is a detection. */
import { isGrammarLanguage, languageForPath } from "../languages.js";
import type { RuleMatch } from "../rules/engine.js";
import { authReadsRoot, wiringPlanFor, type WiringPlan } from "../auth/discover.js";
import type { Analyzer, AnalyzerContext, AnalyzerFile, Detection } from "./analyzer.js";
import { redactSecrets } from "../redact.js";

/**
 * Fills `{capture}` placeholders with the capture's text, on one line and short enough for a message. Redacted
 * before it is cut: a token cut in half no longer matches its pattern, and its first half would be printed.
 */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{([A-Za-z_][\w-]*)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) return whole;
    const oneLine = redactSecrets(value).replace(/\s+/g, " ").trim();
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

async function analyzeFile(entry: AnalyzerFile, { engine, trees }: Pick<AnalyzerContext, "engine" | "trees">, wiringPlan: WiringPlan | undefined): Promise<Detection[]> {
  const language = languageForPath(entry.file.path);
  if (!language || !isGrammarLanguage(language) || entry.added.size === 0) return [];
  const path = entry.file.path;
  // The auth analyzer reads this tree next when it can hold routes or the wiring parses it: one walk of its root
  // serves both (root-walk.ts). Only in a change scanned as one batch (no plan otherwise): in the 10 MB diff's 64 KB
  // batches, keeping the nodes from this earlier walk raised the one-thread peak from 223-228 to 238-240 MiB,
  // though it made fewer nodes in all.
  const keepRootNodes = wiringPlan !== undefined && authReadsRoot(entry, wiringPlan);
  const matches = await engine.run(language, path, entry.text, () => trees.get(path, language, entry.text), { keepRootNodes });
  // Filtered before the detections are built: each builds its messages (and redacts every capture in them).
  return matches.filter((match) => touchesAddedLines(entry.added, match.startRow + 1, match.endRow + 1)).map((match) => detectionFromMatch(match, path));
}

export const rulesAnalyzer: Analyzer = {
  name: "rules",
  perFile: true,
  async analyze(context) {
    const { files, note } = context;
    const oneBatch = files.length === context.allFiles.length;
    const wiringPlan = oneBatch ? await wiringPlanFor(context) : undefined;
    const detections: Detection[] = [];
    for (const entry of files) {
      try {
        detections.push(...(await analyzeFile(entry, context, wiringPlan)));
      } catch (error) {
        note({ path: entry.file.path, kind: "unparseable", message: `${entry.file.path}: could not be parsed (${error instanceof Error ? error.message : String(error)}); rules did not run on it.` });
      }
    }
    return detections;
  },
};
