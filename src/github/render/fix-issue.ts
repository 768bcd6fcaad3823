/**
 * The fix issue: one per finding, labelled `gatehouse:fix`, carrying the paste-ready prompt for a person (or the
 * batch driver) to hand to an agent. Found again by its hidden marker, never duplicated. Gatehouse never posts
 * `@codex` itself: Codex ignores requests from bot accounts, so the issue says how to send the prompt.
 */
import { redactSecrets } from "../../core/redact.js";
import { fixBranch } from "../../core/fix-prompt.js";
import { fitWithin, GITHUB_LIMITS } from "./limits.js";

export const FIX_LABEL = "gatehouse:fix";

export function fixIssueMarker(findingId: string): string {
  return `<!-- gatehouse:fix-issue ${findingId} -->`;
}

export interface FixIssueFinding {
  id: string;
  ruleId: string;
  severity: string;
  path: string;
  line: number;
  message: string;
  prompt: string;
  /** The pull request the finding was first reported on. */
  pullNumber: number;
}

export type FixStatus =
  | { kind: "open" }
  /** A fix PR's scan no longer has the finding; the issue closes when it merges. */
  | { kind: "fixed-by"; pull: number }
  | { kind: "merged"; pull: number }
  /** A later push to the original pull request removed the finding. */
  | { kind: "fixed-in-place"; sha: string }
  | { kind: "fix-abandoned"; pull: number };

export function fixIssueTitle(finding: FixIssueFinding): string {
  return fitWithin(`Fix ${finding.id}: ${finding.ruleId} in ${finding.path}`, 256, "…");
}

/** A fence longer than any backtick run in the text, so the prompt cannot end the code block early. */
function fenceFor(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

function statusLine(finding: FixIssueFinding, status: FixStatus): string {
  switch (status.kind) {
    case "open":
      return `**Status:** open. A pull request from \`${fixBranch(finding.id)}\` that removes the finding is linked here, and this issue closes when it merges.`;
    case "fixed-by":
      return `**Status:** fixed by #${status.pull} (its scan no longer reports ${finding.id}); this issue closes when #${status.pull} merges.`;
    case "merged":
      return `**Status:** fixed by #${status.pull}, merged.`;
    case "fixed-in-place":
      return `**Status:** fixed in #${finding.pullNumber} itself (commit \`${status.sha.slice(0, 7)}\` no longer has the finding).`;
    case "fix-abandoned":
      return `**Status:** open again: #${status.pull} was closed without merging.`;
  }
}

export function renderFixIssue(finding: FixIssueFinding, status: FixStatus): string {
  const fence = fenceFor(finding.prompt);
  const body = [
    fixIssueMarker(finding.id),
    `Gatehouse finding \`${finding.id}\` (**${finding.ruleId}**, ${finding.severity}) in \`${finding.path}\` line ${finding.line}, reported on #${finding.pullNumber}.`,
    "",
    finding.message,
    "",
    statusLine(finding, status),
    "",
    "### Fix prompt",
    "",
    `Hand this to a coding agent on a branch named \`${fixBranch(finding.id)}\`: paste it into a Codex task, or comment \`@codex\` followed by the prompt on #${finding.pullNumber}. Gatehouse does not send it itself, because Codex ignores requests from bot accounts.`,
    "",
    `${fence}text`,
    finding.prompt,
    fence,
    "",
    `<sub>Filed by Gatehouse. The batch driver reads this queue as issues labelled \`${FIX_LABEL}\` or from \`gatehouse queue\`.</sub>`,
  ].join("\n");
  return fitWithin(redactSecrets(body), GITHUB_LIMITS.maxBodyChars, "…the prompt was cut to fit GitHub's limit; see the check run for the full text.");
}
