/** `--format json`: the finding schema, one object per finding, as a JSON array (DESIGN.md's contract). */
import type { Verdict } from "../gate.js";

export function formatJson(verdict: Verdict): string {
  return `${JSON.stringify(verdict.findings, null, 2)}\n`;
}
