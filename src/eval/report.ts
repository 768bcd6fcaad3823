/** The evaluation as text for people (tables, then every miss and false alarm) and as JSON for machines. Pure. */
import type { Category } from "../core/finding.js";
import type { EvalReport, ToolReport } from "./evaluate.js";
import type { FloorBreach } from "./floors.js";
import type { CategoryScore } from "./score.js";

const pct = (value: number | null): string => (value === null ? "—" : value.toFixed(3));

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => (row[col] ?? "").length))) ?? [];
  return rows.map((row) => row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0))).join("  ")).join("\n");
}

function scoreRow(label: string, score: Pick<CategoryScore, "tp" | "fp" | "fn" | "precision" | "recall" | "f1">, expected?: number): string[] {
  return [label, expected === undefined ? "" : String(expected), String(score.tp), String(score.fp), String(score.fn), pct(score.precision), pct(score.recall), pct(score.f1)];
}

function toolTable(tool: ToolReport, report: EvalReport): string {
  const rows = [["category", "labels", "TP", "FP", "FN", "precision", "recall", "F1"]];
  for (const score of tool.score.categories) rows.push(scoreRow(score.category, score, report.corpus.expectedByCategory[score.category] ?? 0));
  rows.push(scoreRow("all", tool.score.total));
  return table(rows);
}

function comparison(report: EvalReport): string {
  const [ours, ...peers] = report.tools;
  if (!ours || peers.length === 0) return "";
  const categories = ours.score.categories.map((c) => c.category).filter((c) => peers.some((p) => p.plays.includes(c)));
  const cell = (tool: ToolReport, category: Category): string => {
    if (!tool.plays.includes(category)) return "—";
    const score = tool.score.categories.find((c) => c.category === category);
    return score ? `${pct(score.f1)} (P ${pct(score.precision)} R ${pct(score.recall)})` : "—";
  };
  const rows = [["F1 (precision, recall)", ...report.tools.map((t) => t.name)]];
  for (const category of categories) rows.push([category, ...report.tools.map((tool) => cell(tool, category))]);
  return table(rows);
}

function timings(report: EvalReport): string {
  const rows = [["tool", "setup ms", "scan ms", "wall ms", "unmapped reports", "unreadable files"]];
  for (const tool of report.tools) rows.push([tool.name, tool.setupMs.toFixed(0), tool.scanMs.toFixed(0), tool.wallMs.toFixed(0), String(tool.unmapped), String(tool.errors.length)]);
  let text = table(rows);
  const speed = report.speedRatio;
  if (speed) {
    text += `\n\nSpeed, ${speed.versus} time ÷ Gatehouse time on the same PRs: ${speed.cold.toFixed(1)}× cold (the scored pass, setup included, in which Gatehouse also scans the files ${speed.versus} does not read), ${speed.warm.toFixed(1)}× warm (best of 3 further passes on the files both read: ${speed.versusWarmMs.toFixed(0)} ms vs ${speed.gatehouseWarmMs.toFixed(0)} ms).`;
  }
  return text;
}

export function formatText(report: EvalReport, breaches: readonly FloorBreach[] = []): string {
  const out: string[] = [];
  const { corpus } = report;
  out.push(`Corpus: ${corpus.prs} PRs, ${corpus.clean} clean (${corpus.prs === 0 ? 0 : Math.round((100 * corpus.clean) / corpus.prs)}%), ${Object.values(corpus.expectedByCategory).reduce((a, b) => a + (b ?? 0), 0)} labelled findings.`);
  const [ours] = report.tools;
  if (ours) {
    out.push("", `Gatehouse, per category (a finding counts when path and category match and it is within 2 lines of the label):`, toolTable(ours, report));
  }
  const compared = comparison(report);
  if (compared) out.push("", "Gatehouse and the peers, in the categories where a peer plays (a peer is scored only on the files it reads: ESLint JS/TS, dockerfilelint Dockerfiles):", compared);
  out.push("", timings(report));
  if (ours) {
    out.push("", `Misses (${ours.score.misses.length}):`);
    for (const miss of ours.score.misses) out.push(`  ${miss.category.padEnd(15)} ${miss.prId}  ${miss.path}:${miss.line}${miss.note ? `  (${miss.note})` : ""}`);
    out.push("", `False alarms (${ours.score.falseAlarms.length}):`);
    for (const alarm of ours.score.falseAlarms) out.push(`  ${alarm.category.padEnd(15)} ${alarm.prId}  ${alarm.path}:${alarm.line}  ${alarm.ruleId}`);
    if (ours.errors.length > 0) out.push("", "Scan problems:", ...ours.errors.map((e) => `  ${e}`));
  }
  if (report.policyFindings.length > 0) {
    const prs = new Set(report.policyFindings.map((f) => f.prId)).size;
    out.push("", `Policy findings, not scored: ${report.policyFindings.length} agent-config findings in ${prs} PRs (the PR edits a workflow, AGENTS.md, CODEOWNERS or the gate's config; raised on every such edit by design, listed in the JSON report).`);
  }
  if (report.offlinePrs.length > 0) {
    const npmOnly = report.unrecordedRegistryRequests.filter((r) => !/^\w+ \/(?:pypi|go|crates|osv)\//.test(r));
    out.push(
      "",
      `Scanned offline (typosquat, downgrade, git-source and lockfile checks only), because fixtures/registry/npm/ has no answer for ${report.unrecordedRegistryRequests.join(", ")}:`,
      ...report.offlinePrs.map((id) => `  ${id}`),
      "  PyPI, the Go module proxy and crates.io are not reachable from the machine the answers were recorded on, so their PRs stay offline here.",
      ...(npmOnly.length > 0 ? [`  npm answers can be recorded: node scripts/record-registry.mjs ${npmOnly.map((r) => decodeURIComponent(r.replace(/^GET \//, ""))).join(" ")}`] : []),
    );
  }
  out.push("", "Known-vulnerability checks are not evaluated: no real advisory answer could be recorded (npm's bulk advisory endpoint answered HTTP 405 through the recording machine's proxy; OSV is not reachable from it). Each npm PR's scan carries a note instead.");
  if (report.warnings.length > 0) out.push("", "Corpus warnings:", ...report.warnings.map((w) => `  ${w}`));
  if (breaches.length > 0) {
    out.push("", "Below the floors in eval/floors.json:");
    for (const b of breaches) out.push(`  ${b.category} ${b.metric} ${pct(b.measured)} < floor ${b.floor}`);
  }
  return `${out.join("\n")}\n`;
}

export function formatJson(report: EvalReport, breaches: readonly FloorBreach[] = []): string {
  return `${JSON.stringify({ ...report, floorBreaches: breaches }, null, 2)}\n`;
}
