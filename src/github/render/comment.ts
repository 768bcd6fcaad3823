/**
 * The one PR comment Gatehouse keeps up to date: found again by a hidden marker and the App's own bot login,
 * never duplicated; when everything is fixed it says so instead of disappearing.
 */
import { SEVERITIES, type Finding } from "../../core/finding.js";
import type { Verdict } from "../../core/gate.js";
import { redactSecrets } from "../../core/redact.js";
import { plural } from "../../core/report/summary.js";
import { fitWithin, GITHUB_LIMITS } from "./limits.js";

export const STICKY_MARKER = "<!-- gatehouse:sticky-comment -->";

function findingBlock(finding: Finding): string {
  return [
    `- **${finding.ruleId}** in \`${finding.path}\` line ${finding.line} (\`${finding.id}\`): ${finding.message}`,
    `  <details><summary>Fix prompt</summary>`,
    "",
    "  ```text",
    ...finding.fix.prompt.split("\n").map((line) => `  ${line}`),
    "  ```",
    "  </details>",
  ].join("\n");
}

export interface CommentContext {
  headSha: string;
  /** Findings open on an earlier commit of this PR that this scan no longer sees. */
  fixedSinceLastScan: number;
  incompleteReason?: string;
}

export function renderComment(verdict: Verdict, context: CommentContext): string {
  const parts: string[] = [STICKY_MARKER, `## Gatehouse: ${verdict.conclusion === "failure" ? "blocked" : "passed"}`, ""];
  parts.push(`${verdict.title} (commit \`${context.headSha.slice(0, 7)}\`).`);
  if (context.incompleteReason) parts.push("", `**The scan could not complete:** ${context.incompleteReason}`);
  if (verdict.findings.length === 0) {
    parts.push("", context.fixedSinceLastScan > 0 ? `All findings from earlier commits are fixed (${plural(context.fixedSinceLastScan, "finding")}). Nothing left to do.` : "No security findings in the code this pull request adds.");
  }
  for (const severity of [...SEVERITIES].reverse()) {
    const group = verdict.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    parts.push("", `### ${severity[0]?.toUpperCase()}${severity.slice(1)} (${group.length})`, "", ...group.map(findingBlock));
  }
  if (verdict.findings.length > 0) {
    if (context.fixedSinceLastScan > 0) parts.push("", `${plural(context.fixedSinceLastScan, "finding")} from earlier commits ${context.fixedSinceLastScan === 1 ? "is" : "are"} fixed.`);
    parts.push("", "Maintainers: `/recheck` re-scans, `/gatehouse allow <finding-id> <reason>` accepts a finding, `/gatehouse help` lists commands.");
  }
  return fitWithin(redactSecrets(parts.join("\n")), GITHUB_LIMITS.maxBodyChars, "…more findings than fit in one comment; see the check run for the rest.");
}
