/** Counting helpers shared by every report (CLI text, check run, PR comment), so all of them agree. */
import { SEVERITIES, type Finding, type Severity } from "../finding.js";
import { compareText } from "../compare-text.js";

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}

/** "2 critical, 1 high" (most severe first, zero counts left out), or "none". */
export function severityPhrase(findings: readonly Finding[]): string {
  const counts = countBySeverity(findings);
  const parts = [...SEVERITIES].reverse().filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(", ") : "none";
}

export function groupByPath(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.path) ?? [];
    group.push(finding);
    groups.set(finding.path, group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.line - b.line);
  return new Map([...groups.entries()].sort(([a], [b]) => compareText(a, b)));
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}
