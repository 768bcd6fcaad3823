/**
 * Workflows that never say what their GITHUB_TOKEN may do: no top-level `permissions:` and a job without its
 * own. The token then gets the repository's default, which is read/write for repositories and organizations
 * created before February 2023 and for any that kept the old setting.
 *   iac/gha-missing-permissions
 * Reported on the `on:` line when the PR adds the workflow (or that line), since that is what makes it run.
 */
import { isMap, LineCounter, parseDocument, type Pair, type YAMLMap } from "yaml";
import type { Analyzer, AnalyzerFile, Detection } from "../analyzers/analyzer.js";
import { iacDetection, touchesAdded, wholeFileKnown } from "./detection.js";

const WORKFLOW_PATH = /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/;
const TOP_LEVEL_PERMISSIONS = /^["']?permissions["']?[ \t]*:/m;

function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap).items.find((item) => (item.key as { value?: unknown } | null)?.value === key) as Pair | undefined;
}

export function analyzeWorkflow(entry: AnalyzerFile): Detection[] {
  if (!WORKFLOW_PATH.test(entry.file.path) || !wholeFileKnown(entry)) return [];
  // A top-level `permissions:` key (column 0: anything nested is indented) settles it without parsing the YAML.
  if (TOP_LEVEL_PERMISSIONS.test(entry.text)) return [];
  const lines = new LineCounter();
  const document = parseDocument(entry.text, { lineCounter: lines, strict: false, prettyErrors: false });
  if (document.errors.length > 0 || pairOf(document.contents, "permissions")) return [];
  // YAML 1.1 readers turn a bare `on` key into `true`; the `yaml` library (YAML 1.2) keeps the string.
  const trigger = pairOf(document.contents, "on") ?? pairOf(document.contents, "true");
  const jobs = pairOf(document.contents, "jobs")?.value;
  if (!trigger || !isMap(jobs)) return [];
  const unscoped = (jobs as YAMLMap).items.filter((job) => !pairOf(job.value, "permissions")).map((job) => String((job.key as { value?: unknown } | null)?.value));
  if (unscoped.length === 0) return [];
  const start = (trigger.key as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
  const line = lines.linePos(start).line;
  const changed = entry.file.status === "added" ? entry.added.size > 0 : touchesAdded(entry, line);
  if (!changed) return [];
  return [
    iacDetection({
      ruleId: "iac/gha-missing-permissions",
      severity: "medium",
      confidence: "medium",
      path: entry.file.path,
      line,
      message: `Workflow \`${entry.file.path}\` sets no \`permissions:\`, so job${unscoped.length > 1 ? "s" : ""} ${unscoped.map((j) => `\`${j}\``).join(", ")} get the repository's default GITHUB_TOKEN scopes (read/write on older repositories)`,
      why: "Without an explicit block the token's scopes depend on a repository setting nobody sees in review; where that default is read/write, any compromised step or action can push code, create releases or alter other workflows.",
      matchedText: entry.text.slice(start, entry.text.indexOf("\n", start) === -1 ? undefined : entry.text.indexOf("\n", start)),
      fix: "Add a top-level `permissions:` block with the least the workflow needs, starting from `permissions: { contents: read }`, and grant extra scopes (e.g. `pull-requests: write`) only on the jobs that use them.",
      cwe: "CWE-250",
      references: ["https://docs.github.com/en/actions/using-jobs/assigning-permissions-to-jobs"],
    }),
  ];
}

export const githubActionsAnalyzer: Analyzer = {
  name: "github-actions",
  perFile: true,
  async analyze({ files }) {
    return files.flatMap(analyzeWorkflow);
  },
};
