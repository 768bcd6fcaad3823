/**
 * The paste-ready task an agent gets for one finding, in the shape of the batch-remediation recipe:
 * id, what and where, why, the minimal change, the branch, and the guardrails. Redacted by the caller.
 */
import type { Detection } from "./analyzers/analyzer.js";

export function buildFixPrompt(id: string, detection: Detection): string {
  const where = detection.line === detection.endLine ? `line ${detection.line}` : `lines ${detection.line}-${detection.endLine}`;
  return [
    `Fix Gatehouse finding ${id} (${detection.ruleId}, ${detection.severity}) on branch \`fix/${id}\`.`,
    `Where: \`${detection.path}\` ${where}.`,
    `What: ${detection.message}`,
    `Why it matters: ${detection.why}`,
    `Change: ${detection.fix}`,
    "Keep the change minimal and inside this file unless the fix needs a shared helper. Run the tests; do not disable, skip or delete tests. If the tests fail, stop and explain why instead of forcing them green.",
  ].join("\n");
}
