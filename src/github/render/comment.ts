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
const LINKS_START = "<!-- gatehouse:fix-links -->";
const LINKS_END = "<!-- /gatehouse:fix-links -->";

function findingBlock(finding: Finding, isNew: boolean): string {
  return [
    `- ${isNew ? "🆕 " : ""}**${finding.ruleId}** in \`${finding.path}\` line ${finding.line} (\`${finding.id}\`): ${finding.message}`,
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
  /** Set when an earlier commit of this PR was scanned: what is new, still there and fixed since. */
  lifecycle?: { newIds: readonly string[]; stillOpen: number; fixed: number };
  /** Findings of this PR that a `fix/<finding-id>` PR removed. */
  fixLinks?: ReadonlyArray<{ id: string; fixedByPull: number }>;
  /** Why "Request fixes" is unavailable (the kill switch), shown so nobody presses in vain. */
  fixRequestsPaused?: string;
}

/** The "fixed by" section alone, between markers, so a fix PR can replace it in the stored comment body. */
export function renderFixLinks(links: ReadonlyArray<{ id: string; fixedByPull: number }>): string {
  if (links.length === 0) return `${LINKS_START}${LINKS_END}`;
  return [LINKS_START, "", "**Fix pull requests:**", ...links.map((l) => `- \`${l.id}\` fixed by #${l.fixedByPull}`), LINKS_END].join("\n");
}

/** The stored comment with its "fixed by" section replaced (or appended, for a comment from an older version). */
export function withFixLinks(body: string, links: ReadonlyArray<{ id: string; fixedByPull: number }>): string {
  const section = renderFixLinks(links);
  const start = body.indexOf(LINKS_START);
  const end = body.indexOf(LINKS_END);
  const before = start >= 0 && end > start ? body.slice(0, start) : `${body}\n\n`;
  const after = start >= 0 && end > start ? body.slice(end + LINKS_END.length) : "";
  return fitWithin(before, GITHUB_LIMITS.maxBodyChars - section.length - after.length, "…") + section + after;
}

export function lifecycleLine(lifecycle: NonNullable<CommentContext["lifecycle"]>): string {
  return `${lifecycle.newIds.length} new, ${lifecycle.stillOpen} still open, ${lifecycle.fixed} fixed since the last scan.`;
}

export function renderComment(verdict: Verdict, context: CommentContext): string {
  const parts: string[] = [STICKY_MARKER, `## Gatehouse: ${verdict.conclusion === "failure" ? "blocked" : "passed"}`, ""];
  parts.push(`${verdict.title} (commit \`${context.headSha.slice(0, 7)}\`).`);
  if (context.lifecycle) parts.push("", lifecycleLine(context.lifecycle));
  if (context.incompleteReason) parts.push("", `**The scan could not complete:** ${context.incompleteReason}`);
  if (verdict.findings.length === 0) {
    parts.push("", context.fixedSinceLastScan > 0 ? `All findings from earlier commits are fixed (${plural(context.fixedSinceLastScan, "finding")}). Nothing left to do.` : "No security findings in the code this pull request adds.");
  }
  for (const severity of [...SEVERITIES].reverse()) {
    const group = verdict.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    const fresh = new Set(context.lifecycle?.newIds ?? []);
    parts.push("", `### ${severity[0]?.toUpperCase()}${severity.slice(1)} (${group.length})`, "", ...group.map((f) => findingBlock(f, fresh.has(f.id))));
  }
  if (verdict.findings.length > 0) {
    if (context.fixedSinceLastScan > 0) parts.push("", `${plural(context.fixedSinceLastScan, "finding")} from earlier commits ${context.fixedSinceLastScan === 1 ? "is" : "are"} fixed.`);
    parts.push("", "Maintainers: `/recheck` re-scans, `/gatehouse fix [finding-id…]` files a fix issue with the prompt, `/gatehouse allow <finding-id> <reason>` accepts a finding, `/gatehouse help` lists commands.");
    if (context.fixRequestsPaused) parts.push("", context.fixRequestsPaused);
  }
  // The links go last and outside the length cut, so `withFixLinks` can always find and replace them.
  const links = renderFixLinks(context.fixLinks ?? []);
  const main = fitWithin(redactSecrets(parts.join("\n")), GITHUB_LIMITS.maxBodyChars - links.length - 2, "…more findings than fit in one comment; see the check run for the rest.");
  return `${main}\n\n${links}`;
}
