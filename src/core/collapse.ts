/**
 * One problem, one finding. A compose password is reported by the secrets analyzer and by the compose rule,
 * and an IaC rule fires on each flag of one resource block (four `block_public_* = false` lines). Reviewers read
 * each copy as a separate problem, and fix requests would be filed twice; this keeps the most telling one.
 */
import type { Detection } from "./analyzers/analyzer.js";
import { compareText } from "./compare-text.js";

/** Config formats where one resource's flags sit on consecutive lines of one block. */
const BLOCK_CONFIG = /\.(tf|hcl|ya?ml|json)$/;

export function collapseDuplicates(detections: readonly Detection[]): Detection[] {
  // A secret found on a line also reported as IaC config (a password in compose `environment`): the secret
  // finding says more and carries the redaction, so the IaC copy goes.
  const secretLines = new Set(detections.filter((d) => d.category === "secret").map((d) => `${d.path}\u0000${d.line}`));
  const kept = detections.filter((d) => d.category !== "iac" || !secretLines.has(`${d.path}\u0000${d.line}`));
  // One IaC rule on consecutive lines of a config file (each flag of one block): one finding spanning them.
  kept.sort((a, b) => compareText(a.path, b.path) || compareText(a.ruleId, b.ruleId) || a.line - b.line);
  const merged: Detection[] = [];
  for (const detection of kept) {
    const previous = merged.at(-1);
    if (previous && detection.category === "iac" && BLOCK_CONFIG.test(detection.path) && previous.ruleId === detection.ruleId && previous.path === detection.path && detection.line <= previous.endLine + 1) {
      merged[merged.length - 1] = { ...previous, endLine: Math.max(previous.endLine, detection.endLine), matchedText: `${previous.matchedText}\n${detection.matchedText}` };
      continue;
    }
    merged.push(detection);
  }
  return merged;
}
