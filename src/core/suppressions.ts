/**
 * Inline suppressions: `gatehouse-ignore: <rule-id|finding-id> <reason>` on the finding's line or the line
 * above. One the PR itself adds is only a request: it suppresses nothing until someone with write access
 * approves it with `/gatehouse allow`. So is one already on the base branch that now sits above a line the PR
 * adds: the code it covers is new, and nobody reviewed the comment for it.
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
  /** True when the change adds the line below the comment, the other line it covers. */
  nextLineAdded: boolean;
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
      found.push({ path: file.path, line: index + 1, target: match[1], reason: (match[2] ?? "").trim(), addedByChange: added.has(index + 1), nextLineAdded: added.has(index + 2) });
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

/**
 * Whether `suppression` needs a maintainer's approval before it suppresses `finding`: when the change adds it, and
 * when it was already there but the line below it, where the finding is, is new (an agent can slip code under an
 * old comment). An old comment naming this finding's own id still counts: the id is a fingerprint of the matched
 * text, so the code under it is the code that was reviewed with it.
 */
export function needsApproval(suppression: InlineSuppression, finding: { line: number; id: string }): boolean {
  if (suppression.addedByChange) return true;
  return suppression.line === finding.line - 1 && suppression.nextLineAdded && suppression.target !== finding.id;
}
