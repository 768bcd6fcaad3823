/**
 * gate(result, config, approvals) -> the verdict a check run shows. Fails closed: an incomplete scan blocks
 * (unless the repository chose `incomplete: warn`), and a suppression the PR added itself (or an old one now
 * above a line the PR added) counts only once a maintainer approved it.
 */
import type { ScanNote } from "./changes.js";
import type { Config } from "./config.js";
import { atOrAbove, type Finding } from "./finding.js";
import { plural } from "./report/summary.js";
import type { ScanResult } from "./scan.js";
import { type InlineSuppression, needsApproval, suppressionFor } from "./suppressions.js";

export interface Approvals {
  /** Finding ids a user with the configured role allowed with `/gatehouse allow`. */
  findingIds: ReadonlySet<string>;
}

export const NO_APPROVALS: Approvals = { findingIds: new Set() };

export interface Verdict {
  conclusion: "success" | "failure";
  /** One line for the check run's title. */
  title: string;
  /** Findings still reported (not suppressed), most severe first. */
  findings: Finding[];
  /** The reported findings at or above the threshold. */
  blocking: Finding[];
  suppressed: Array<{ finding: Finding; by: "inline" | "allow"; reason: string }>;
  /** Inline suppressions the PR added, or that now cover lines it added, that nobody approved yet: reported, with a note. */
  pendingSuppressions: Array<{ finding: Finding; suppression: InlineSuppression }>;
  /** Notes that mean part of the change was not scanned. */
  incomplete: ScanNote[];
}

const INCOMPLETE_KINDS = new Set<ScanNote["kind"]>(["too-large", "opaque-binary", "not-utf8", "unparseable", "config"]);

export function gate(result: ScanResult, config: Config, approvals: Approvals = NO_APPROVALS): Verdict {
  const findings: Finding[] = [];
  const suppressed: Verdict["suppressed"] = [];
  const pendingSuppressions: Verdict["pendingSuppressions"] = [];
  for (const finding of result.findings) {
    if (approvals.findingIds.has(finding.id)) {
      suppressed.push({ finding, by: "allow", reason: "allowed by a maintainer" });
      continue;
    }
    const inline = suppressionFor(result.suppressions, finding);
    if (inline && inline.reason && !needsApproval(inline, finding)) {
      suppressed.push({ finding, by: "inline", reason: inline.reason });
      continue;
    }
    if (inline) pendingSuppressions.push({ finding, suppression: inline });
    findings.push(finding);
  }
  const blocking = findings.filter((f) => atOrAbove(f.severity, config.threshold));
  const incomplete = result.notes.filter((n) => INCOMPLETE_KINDS.has(n.kind));
  const blocksOnIncomplete = incomplete.length > 0 && config.incomplete === "block";
  const conclusion = blocking.length > 0 || blocksOnIncomplete ? "failure" : "success";
  return { conclusion, title: titleFor(blocking, findings, incomplete, blocksOnIncomplete, config), findings, blocking, suppressed, pendingSuppressions, incomplete };
}

function titleFor(blocking: Finding[], findings: Finding[], incomplete: ScanNote[], blocksOnIncomplete: boolean, config: Config): string {
  const parts: string[] = [];
  if (blocking.length > 0) parts.push(`${plural(blocking.length, "finding")} at or above ${config.threshold}`);
  if (blocksOnIncomplete) parts.push(`scan incomplete: ${plural(incomplete.length, "file")} not scanned`);
  if (parts.length > 0) return `Blocked: ${parts.join("; ")}`;
  if (findings.length > 0) return `Passed with ${plural(findings.length, "finding")} below ${config.threshold}`;
  return "No security findings in the added code";
}
