/**
 * The check run's output: a title (the verdict), a summary table by category and severity, the text with each
 * finding's why and fix, annotations on the exact lines, and the action buttons. All within GitHub's limits.
 */
import type { ScanNote } from "../../core/changes.js";
import { CATEGORIES, SEVERITIES, type Finding } from "../../core/finding.js";
import { changeOf } from "../../core/fix-prompt.js";
import type { Verdict } from "../../core/gate.js";
import { redactSecrets } from "../../core/redact.js";
import { plural, severityPhrase } from "../../core/report/summary.js";
import { fitWithin, GITHUB_LIMITS } from "./limits.js";

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  annotation_level: "notice" | "warning" | "failure";
  title: string;
  message: string;
}

export interface CheckAction {
  label: string;
  description: string;
  identifier: string;
}

export interface CheckOutput {
  title: string;
  summary: string;
  text: string;
  annotations: CheckAnnotation[];
  actions: CheckAction[];
}

const LEVEL = { critical: "failure", high: "failure", medium: "warning", low: "notice" } as const;

export const ACTIONS = {
  rescan: { label: "Re-scan", description: "Run the Gatehouse scan again", identifier: "rescan" },
  requestFixes: { label: "Request fixes", description: "File one fix issue per finding", identifier: "request-fixes" },
  allowHelp: { label: "Allow…", description: "How a maintainer allows a finding", identifier: "allow-help" },
} as const satisfies Record<string, CheckAction>;

export function annotationFor(finding: Finding): CheckAnnotation {
  return {
    path: finding.path,
    start_line: finding.line,
    end_line: finding.endLine,
    annotation_level: LEVEL[finding.severity],
    title: `${finding.severity}: ${finding.ruleId} (${finding.id})`.slice(0, 255),
    message: fitWithin(`${finding.message}\n${finding.why}\nFix: ${changeOf(finding.fix.prompt) ?? ""}`, 4000, "…"),
  };
}

function summaryTable(findings: readonly Finding[]): string {
  const rows = CATEGORIES.filter((category) => findings.some((f) => f.category === category)).map((category) => {
    const cells = [...SEVERITIES].reverse().map((severity) => String(findings.filter((f) => f.category === category && f.severity === severity).length));
    return `| ${category} | ${cells.join(" | ")} |`;
  });
  if (rows.length === 0) return "";
  return ["| category | critical | high | medium | low |", "| --- | ---: | ---: | ---: | ---: |", ...rows].join("\n");
}

function notesSection(notes: readonly ScanNote[]): string {
  if (notes.length === 0) return "";
  return `\n\n**Not scanned** (${plural(notes.length, "file")}):\n${notes.map((n) => `- ${n.message}`).join("\n")}`;
}

export interface CheckContext {
  threshold: string;
  headSha: string;
  /**
   * Why fix requests are unavailable: the kill switch (an open `codex-paused` issue or PR) or `remediation.mode:
   * off`. Said in the summary, and the "Request fixes" button is left out.
   */
  fixRequestsUnavailable?: string;
}

export function renderCheckOutput(verdict: Verdict, notes: readonly ScanNote[], context: CheckContext): CheckOutput {
  const { findings } = verdict;
  const lines: string[] = [];
  if (findings.length === 0) lines.push(`No findings at or above any severity in the code this pull request adds (commit ${context.headSha.slice(0, 7)}).`);
  else lines.push(`${plural(findings.length, "finding")} (${severityPhrase(findings)}); the threshold is **${context.threshold}**, so ${plural(verdict.blocking.length, "finding")} block${verdict.blocking.length === 1 ? "s" : ""} merging.`, "", summaryTable(findings));
  if (verdict.pendingSuppressions.length > 0) {
    lines.push("", `${plural(verdict.pendingSuppressions.length, "inline suppression")} covering code this pull request adds ${verdict.pendingSuppressions.length === 1 ? "is" : "are"} waiting for a maintainer: \`/gatehouse allow <finding-id> <reason>\`.`);
  }
  if (findings.length > 0 && context.fixRequestsUnavailable) lines.push("", context.fixRequestsUnavailable);
  if (verdict.suppressed.length > 0) lines.push("", `${plural(verdict.suppressed.length, "finding")} suppressed (${verdict.suppressed.map((s) => `${s.finding.id}: ${s.reason}`).join("; ")}).`);
  const summary = fitWithin(redactSecrets(lines.join("\n") + notesSection(notes)), GITHUB_LIMITS.maxBodyChars, "…summary cut to fit GitHub's limit.");

  const sections = findings.map((f) =>
    [`### ${f.severity.toUpperCase()} · ${f.ruleId} · \`${f.path}\` line ${f.line}`, "", f.message, "", `**Why it matters:** ${f.why}`, "", "**Fix prompt** (paste into the agent):", "", "```text", f.fix.prompt, "```", ""].join("\n"),
  );
  const text = fitWithin(redactSecrets(sections.join("\n")), GITHUB_LIMITS.maxBodyChars, "…more findings than fit here; run `gatehouse scan` locally or see the PR comment for the rest.");
  const annotated = findings.slice(0, GITHUB_LIMITS.maxAnnotations).map(annotationFor);
  const actions: CheckAction[] = [ACTIONS.rescan];
  if (findings.length > 0 && !context.fixRequestsUnavailable) actions.push(ACTIONS.requestFixes);
  if (findings.length > 0) actions.push(ACTIONS.allowHelp);
  return { title: redactSecrets(verdict.title), summary, text, annotations: annotated, actions };
}

/** A check that could not finish: never green, with the reason where a reviewer sees it first. */
export function renderAbortOutput(reason: string): Omit<CheckOutput, "annotations"> {
  return {
    title: fitWithin(`Scan could not complete: ${reason}`, 255, "…"),
    summary: fitWithin(redactSecrets(`Gatehouse could not finish scanning this commit, so it cannot vouch for it.\n\n**Reason:** ${reason}\n\nPress **Re-scan** or comment \`/recheck\` to try again. If this keeps happening, the change may need splitting.`), GITHUB_LIMITS.maxBodyChars, "…"),
    text: "",
    actions: [ACTIONS.rescan],
  };
}
