/**
 * The fix queue: "Request fixes" on the check run and `/gatehouse fix [finding-id…]` file ONE issue per finding,
 * labelled `gatehouse:fix` and carrying the prompt, or update the one already filed (found in D1, else by its
 * hidden marker on GitHub). New issues count against a daily cap per repository (`remediation.dailyCap`), and an
 * open issue or PR labelled `remediation.pauseLabel` (`codex-paused`) stops every request: the kill switch.
 *
 * Requesting fixes needs write access, not the `allow` role: it never weakens the gate, and the cap and the
 * kill switch bound what it can cost.
 */
import type { Config } from "../core/config.js";
import { plural } from "../core/report/summary.js";
import type { GitHub } from "../github/client.js";
import { createFixIssue, listFixIssues, pausedBy, updateFixIssue } from "../github/fix-issue.js";
import type { RepoRef } from "../github/pull-request.js";
import { fixIssueTitle, renderFixIssue, type FixIssueFinding, type FixStatus } from "../github/render/fix-issue.js";
import type { FindingRow } from "../store/findings.js";
import type { Deps } from "./deps.js";

export interface FixRequest {
  ref: RepoRef;
  pullNumber: number;
  /** The commit whose open findings are meant when no ids are given. */
  headSha: string;
  /** Specific findings; empty means every open finding of `headSha`. */
  findingIds: readonly string[];
  actor: string;
  config: Config;
}

export interface FixRequestOutcome {
  /** Why nothing was filed: the kill switch or `remediation.mode: off`. */
  refused?: string;
  created: Array<{ id: string; issue: number }>;
  updated: Array<{ id: string; issue: number }>;
  overCap: string[];
  /** Requested ids that are not open findings of this repository. */
  notOpen: string[];
  cap: number;
}

export function issueFinding(row: FindingRow): FixIssueFinding {
  return { id: row.id, ruleId: row.rule_id, severity: row.severity, path: row.path, line: row.line, message: row.message, prompt: row.fix_prompt, pullNumber: row.pull_number };
}

/** The reason fix requests are unavailable right now, or undefined when they may be made. */
export async function fixRequestsUnavailable(gh: GitHub, ref: RepoRef, config: Config): Promise<string | undefined> {
  if (config.remediation.mode === "off") return "Fix requests are off for this repository (`remediation.mode: off` in `.github/gatehouse.yml`).";
  const pause = await pausedBy(gh, ref, config.remediation.pauseLabel);
  if (pause !== undefined) return `Fix requests are paused: #${pause} is labelled \`${config.remediation.pauseLabel}\`. Remove the label (or close #${pause}) to resume.`;
  return undefined;
}

export async function requestFixes(request: FixRequest, deps: Deps, gh: GitHub): Promise<FixRequestOutcome> {
  const { ref, config } = request;
  const cap = config.remediation.dailyCap;
  const outcome: FixRequestOutcome = { created: [], updated: [], overCap: [], notOpen: [], cap };
  const refused = await fixRequestsUnavailable(gh, ref, config);
  if (refused) return { ...outcome, refused };

  const rows: FindingRow[] = [];
  if (request.findingIds.length === 0) rows.push(...(await deps.store.findings.openAt(ref, request.headSha)));
  for (const id of request.findingIds) {
    const row = await deps.store.findings.get(ref, id);
    if (row?.status === "open") rows.push(row);
    else outcome.notOpen.push(id);
  }

  const now = deps.now().toISOString();
  const day = now.slice(0, 10);
  let onGitHub: Map<string, number> | undefined;
  for (const row of rows) {
    const finding = issueFinding(row);
    const issue = { title: fixIssueTitle(finding), body: renderFixIssue(finding, { kind: "open" }), state: "open" as const };
    const known = await deps.store.fixes.get(ref, row.id);
    if (known?.issue_number) {
      await updateFixIssue(gh, ref, known.issue_number, issue);
      outcome.updated.push({ id: row.id, issue: known.issue_number });
      continue;
    }
    // D1 has no issue for it: a crash between creating the issue and recording it, or a reset database.
    onGitHub ??= await listFixIssues(gh, ref, deps.botLogin);
    const existing = onGitHub.get(row.id);
    if (existing !== undefined) {
      await deps.store.fixes.adopt(ref, row.id, existing, request.actor, day, now);
      await updateFixIssue(gh, ref, existing, issue);
      outcome.updated.push({ id: row.id, issue: existing });
      continue;
    }
    if (!known && !(await deps.store.fixes.claim(ref, row.id, request.actor, day, cap, now))) {
      outcome.overCap.push(row.id);
      continue;
    }
    const number = await createFixIssue(gh, ref, issue.title, issue.body);
    await deps.store.fixes.setIssue(ref, row.id, number, now);
    outcome.created.push({ id: row.id, issue: number });
  }
  deps.log("fixes.requested", { ...ref, pull: request.pullNumber, actor: request.actor, created: outcome.created.length, updated: outcome.updated.length, overCap: outcome.overCap.length });
  return outcome;
}

/** The reply on the pull request: what was filed, what was not and why. */
export function describeFixRequest(outcome: FixRequestOutcome, actor: string, pullNumber: number): string {
  if (outcome.refused) return `@${actor} ${outcome.refused} Nothing was filed.`;
  const lines = [`@${actor} fix requests for #${pullNumber}:`];
  for (const { id, issue } of outcome.created) lines.push(`- filed #${issue} for \`${id}\``);
  for (const { id, issue } of outcome.updated) lines.push(`- #${issue} already tracks \`${id}\`; its prompt is up to date`);
  if (outcome.overCap.length > 0) {
    lines.push(
      `- not filed, today's cap of ${plural(outcome.cap, "new fix request")} for this repository is reached: ${outcome.overCap.map((id) => `\`${id}\``).join(", ")}. Ask again tomorrow (UTC) or raise \`remediation.dailyCap\` in \`.github/gatehouse.yml\`.`,
    );
  }
  if (outcome.notOpen.length > 0) lines.push(`- not open findings of this repository (fixed, allowed or unknown ids): ${outcome.notOpen.map((id) => `\`${id}\``).join(", ")}`);
  if (lines.length === 1) lines.push("- nothing to file: this commit has no open findings.");
  if (outcome.created.length + outcome.updated.length > 0) {
    lines.push("", "Each issue carries the fix prompt: hand it to your agent on a branch named `fix/<finding-id>`. Gatehouse does not post `@codex` itself, because Codex ignores requests from bot accounts.");
  }
  return lines.join("\n");
}

export async function setFixIssueStatus(gh: GitHub, deps: Deps, ref: RepoRef, row: FindingRow, status: FixStatus): Promise<number | undefined> {
  const request = await deps.store.fixes.get(ref, row.id);
  if (!request?.issue_number) return undefined;
  const closed = status.kind === "merged" || status.kind === "fixed-in-place";
  await updateFixIssue(gh, ref, request.issue_number, { body: renderFixIssue(issueFinding(row), status), state: closed ? "closed" : "open" });
  return request.issue_number;
}
