/**
 * The corpus matching rule, pure: a finding matches a label when path and category are equal and the finding's
 * [line, endLine] contains the label's line or starts within 2 lines of it. Each finding and each label is used at
 * most once; among the possible pairings the largest one is taken (a maximum bipartite matching), so the order
 * findings arrive in never changes the score.
 */
import type { Category } from "../core/finding.js";
import type { ExpectedFinding } from "./labels.js";

/** What scoring needs from a finding, whichever tool produced it. */
export interface ScoredFinding {
  path: string;
  line: number;
  endLine: number;
  category: Category;
  /** The tool's own rule id, shown in the list of false alarms. */
  ruleId: string;
  message?: string;
}

export interface MatchResult<F extends ScoredFinding = ScoredFinding> {
  matched: Array<{ finding: F; label: ExpectedFinding }>;
  /** Findings no label accounts for: false alarms. */
  unmatchedFindings: F[];
  /** Labels no finding accounts for: misses. */
  unmatchedLabels: ExpectedFinding[];
}

export const LINE_TOLERANCE = 2;

export function findingMatchesLabel(finding: ScoredFinding, label: ExpectedFinding): boolean {
  if (finding.path !== label.path || finding.category !== label.category) return false;
  const end = Math.max(finding.line, finding.endLine);
  return (finding.line <= label.line && label.line <= end) || Math.abs(finding.line - label.line) <= LINE_TOLERANCE;
}

/** Distance used only to try the closest pairing first; the result's size does not depend on it. */
function distance(finding: ScoredFinding, label: ExpectedFinding): number {
  const end = Math.max(finding.line, finding.endLine);
  if (finding.line <= label.line && label.line <= end) return 0;
  return Math.abs(finding.line - label.line);
}

export function matchFindings<F extends ScoredFinding>(findings: readonly F[], labels: readonly ExpectedFinding[]): MatchResult<F> {
  // candidates[l] = indices of findings that label l may take, closest first.
  const candidates = labels.map((label) =>
    findings
      .map((finding, index) => ({ index, cost: distance(finding, label), ok: findingMatchesLabel(finding, label) }))
      .filter((c) => c.ok)
      .sort((a, b) => a.cost - b.cost || a.index - b.index)
      .map((c) => c.index),
  );
  const labelOfFinding = new Array<number>(findings.length).fill(-1);

  // Kuhn's augmenting paths: small inputs (a PR has a handful of findings), so the simple algorithm is plenty.
  const augment = (label: number, seen: boolean[]): boolean => {
    for (const f of candidates[label] ?? []) {
      if (seen[f]) continue;
      seen[f] = true;
      const holder = labelOfFinding[f] ?? -1;
      if (holder === -1 || augment(holder, seen)) {
        labelOfFinding[f] = label;
        return true;
      }
    }
    return false;
  };
  for (let l = 0; l < labels.length; l++) augment(l, new Array<boolean>(findings.length).fill(false));

  const matched: MatchResult<F>["matched"] = [];
  const usedLabels = new Set<number>();
  const unmatchedFindings: F[] = [];
  findings.forEach((finding, f) => {
    const l = labelOfFinding[f] ?? -1;
    const label = labels[l];
    if (l >= 0 && label) {
      matched.push({ finding, label });
      usedLabels.add(l);
    } else unmatchedFindings.push(finding);
  });
  const unmatchedLabels = labels.filter((_, l) => !usedLabels.has(l));
  return { matched, unmatchedFindings, unmatchedLabels };
}
