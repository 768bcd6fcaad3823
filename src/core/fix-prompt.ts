/**
 * The paste-ready task an agent gets for one finding, in the shape of the batch-remediation recipe: the finding
 * id, what and where (file and line), why it matters, the minimal change, the branch `fix/<finding-id>`, and the
 * guardrails (run the tests, never disable them, stay in scope, stop and explain on failure). When the
 * repository has an AGENTS.md, its test and lint commands, out-of-scope paths and PR title convention are used.
 *
 * The caller (the scan core) redacts the result; nothing here may echo a secret it was not given redacted.
 * Other outputs read the `Change:` line (annotations, the CLI's text report), so that label is a contract.
 */
import type { AgentsGuidance } from "./agents-md.js";
import type { Detection } from "./analyzers/analyzer.js";

/** How many out-of-scope globs the prompt lists before it refers to AGENTS.md for the rest. */
const MAX_SCOPE_GLOBS = 8;

/** The minimal change from a built prompt (its `Change:` line), for outputs that show only that part. */
export function changeOf(prompt: string): string | undefined {
  return /^Change: (.*)$/m.exec(prompt)?.[1];
}

export function fixBranch(findingId: string): string {
  return `fix/${findingId}`;
}

export function buildFixPrompt(id: string, detection: Detection, guidance?: AgentsGuidance): string {
  const where = detection.line === detection.endLine ? `line ${detection.line}` : `lines ${detection.line}-${detection.endLine}`;
  return [
    `Fix Gatehouse finding ${id} (${detection.ruleId}, ${detection.severity} severity) on a new branch \`${fixBranch(id)}\`.`,
    `Where: \`${detection.path}\` ${where}.`,
    `What: ${detection.message}`,
    `Why it matters: ${detection.why}`,
    `Change: ${detection.fix}`,
    "Rules:",
    `- Make the smallest change that removes this finding; do not refactor, reformat or fix anything else.`,
    `- ${testLine(guidance)}`,
    `- ${scopeLine(guidance)}`,
    "- If the tests fail, stop and explain why in the pull request instead of forcing them green.",
    `- ${titleLine(id, guidance)}`,
  ].join("\n");
}

function testLine(guidance: AgentsGuidance | undefined): string {
  const test = guidance?.testCommand ? `the tests (\`${guidance.testCommand}\`)` : "the tests";
  const lint = guidance?.lintCommand ? ` and the linter (\`${guidance.lintCommand}\`)` : "";
  return `Run ${test}${lint}; do not disable, skip or delete tests.`;
}

function scopeLine(guidance: AgentsGuidance | undefined): string {
  const globs = guidance?.outOfScope.map((entry) => `\`${entry.glob}\``) ?? [];
  if (globs.length === 0) return "Stay inside the paths the repository's AGENTS.md allows.";
  const listed = globs.slice(0, MAX_SCOPE_GLOBS).join(", ");
  const more = globs.length > MAX_SCOPE_GLOBS ? ` and ${globs.length - MAX_SCOPE_GLOBS} more listed there` : "";
  return `Stay inside the paths the repository's AGENTS.md allows; do not touch ${listed}${more}.`;
}

function titleLine(id: string, guidance: AgentsGuidance | undefined): string {
  const title = guidance?.prTitle;
  if (title?.format) return `Title the pull request in this repository's format (\`${title.format}\`) and name ${id} in its description.`;
  if (title) return `Title the pull request as AGENTS.md asks ("${title.instruction}") and name ${id} in its description.`;
  return `Name ${id} in the pull request's title or description.`;
}
