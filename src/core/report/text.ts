/** The CLI's text report for people: findings grouped by file, each with its line, a short why and the fix. */
import { changeOf } from "../fix-prompt.js";
import type { Verdict } from "../gate.js";
import type { ScanResult } from "../scan.js";
import { groupByPath, plural, severityPhrase } from "./summary.js";

export interface TextOptions {
  color: boolean;
}

const SEVERITY_COLOR = { critical: "\u001b[1;31m", high: "\u001b[31m", medium: "\u001b[33m", low: "\u001b[36m" } as const;
const RESET = "\u001b[0m";
const DIM = "\u001b[2m";

export function formatText(result: ScanResult, verdict: Verdict, options: TextOptions): string {
  const paint = (code: string, text: string) => (options.color ? `${code}${text}${RESET}` : text);
  const out: string[] = [];
  for (const [path, findings] of groupByPath(verdict.findings)) {
    out.push(paint("\u001b[1m", path));
    for (const finding of findings) {
      const where = `${finding.line}${finding.column ? `:${finding.column}` : ""}`;
      out.push(`  ${where.padEnd(7)} ${paint(SEVERITY_COLOR[finding.severity], finding.severity.padEnd(8))} ${finding.message}  ${paint(DIM, `${finding.ruleId} ${finding.id}`)}`);
      out.push(`          ${paint(DIM, "why:")} ${finding.why}`);
      const change = changeOf(finding.fix.prompt) ?? finding.fix.prompt;
      out.push(`          ${paint(DIM, "fix:")} ${change}`);
      const pending = verdict.pendingSuppressions.find((p) => p.finding.id === finding.id);
      if (pending) out.push(`          ${paint(DIM, "note:")} a gatehouse-ignore covers it, in code this change adds; it counts once a maintainer approves (\`/gatehouse allow ${finding.id} <reason>\`).`);
    }
    out.push("");
  }
  for (const { finding, reason } of verdict.suppressed) {
    out.push(paint(DIM, `suppressed: ${finding.path}:${finding.line} ${finding.ruleId} (${reason})`));
  }
  for (const note of result.notes) out.push(paint(DIM, `note: ${note.message}`));
  if (verdict.suppressed.length > 0 || result.notes.length > 0) out.push("");
  const scanned = `${plural(result.stats.scannedFiles, "file")}, ${plural(result.stats.addedLines, "added line")} scanned`;
  if (verdict.findings.length === 0) out.push(`No findings (${scanned}).`);
  else out.push(`${plural(verdict.findings.length, "finding")} (${severityPhrase(verdict.findings)}) in ${scanned}.`);
  out.push(verdict.conclusion === "failure" ? paint(SEVERITY_COLOR.high, verdict.title) : verdict.title);
  return `${out.join("\n")}\n`;
}
