/**
 * Inline suppressions: `gatehouse-ignore: <rule-id|finding-id> <reason>` on the finding's line or the line
 * above. One the PR itself adds is only a request: it suppresses nothing until someone with write access
 * approves it with `/gatehouse allow`.
 */
import type { AnalyzerFile } from "./analyzers/analyzer.js";

export interface InlineSuppression {
  path: string;
  line: number;
  /** A rule id (`sql/js-template-query`) or a finding id (`GH-3f9a2c1d`). */
  target: string;
  reason: string;
  /** True when the change adds this comment, so it needs a maintainer's approval to count. */
  addedByChange: boolean;
}

const MARKER = /gatehouse-ignore:?\s+([\w./-]+)(?:[ \t]+([^\n]*?))?\s*(?:\*\/|-->|$)/;

export function findInlineSuppressions(files: readonly AnalyzerFile[]): InlineSuppression[] {
  const found: InlineSuppression[] = [];
  for (const { file, text, added } of files) {
    if (!text.includes("gatehouse-ignore")) continue;
    const lines = text.split("\n");
    lines.forEach((content, index) => {
      const match = MARKER.exec(content);
      if (!match?.[1]) return;
      found.push({ path: file.path, line: index + 1, target: match[1], reason: (match[2] ?? "").trim(), addedByChange: added.has(index + 1) });
    });
  }
  return found;
}

/** The suppression that covers a finding, if any: same path, same or previous line, naming its rule or id. */
export function suppressionFor(
  suppressions: readonly InlineSuppression[],
  finding: { path: string; line: number; ruleId: string; id: string },
): InlineSuppression | undefined {
  return suppressions.find(
    (s) => s.path === finding.path && (s.line === finding.line || s.line === finding.line - 1) && (s.target === finding.ruleId || s.target === finding.id),
  );
}
