/**
 * Tying `fix/<finding-id>` pull requests back to what they fix. The fix PR is gated like any agent PR (its own
 * new findings fail it); in addition, when the finding is gone at its head, the finding is marked fixed by it
 * in D1, the ORIGINAL PR's sticky comment gains a "fixed by #N" line (still one comment), and the fix issue
 * says so. The issue closes when the fix PR merges; closing it unmerged puts the finding back in the queue.
 *
 * "Gone" is checked by fingerprint on the whole file at the fix PR's head, not just on the lines the fix PR
 * adds: a fix PR that never touches the vulnerable line must not count as a fix.
 */
import type { ChangedFile, ChangeSet } from "../core/changes.js";
import type { Config } from "../core/config.js";
import type { Finding } from "../core/finding.js";
import { scan } from "../core/scan.js";
import type { GitHub } from "../github/client.js";
import { upsertStickyComment } from "../github/comment.js";
import { readFileAt, type PullRequestInfo, type RepoRef } from "../github/pull-request.js";
import { withFixLinks } from "../github/render/comment.js";
import { BUNDLED_RULES } from "../rules.js";
import type { FindingRow } from "../store/findings.js";
import type { Deps } from "./deps.js";
import { setFixIssueStatus } from "./fix-queue.js";
import type { ClosedJob } from "./jobs.js";

/** The finding a branch named `fix/GH-3f9a2c1d` (optionally with a suffix: `fix/GH-3f9a2c1d-retry`) fixes. */
export function fixTarget(headRef: string): string | undefined {
  const hex = /^fix\/GH-([0-9a-f]{8})(?:$|[/_.-])/i.exec(headRef)?.[1];
  return hex ? `GH-${hex.toLowerCase()}` : undefined;
}

export type LinkOutcome = "linked" | "still-present" | "unknown" | "own" | "allowed" | "already-linked";

export async function linkFixPull(pull: PullRequestInfo, reported: readonly Finding[], config: Config, agentsMd: string | undefined, deps: Deps, gh: GitHub, ref: RepoRef): Promise<LinkOutcome> {
  const id = fixTarget(pull.headRef);
  if (!id) return "unknown";
  const row = await deps.store.findings.get(ref, id);
  if (!row) return "unknown";
  if (row.pull_number === pull.number) return "own";
  if (row.status === "allowed") return "allowed";
  if (row.fixed_by_pull === pull.number) return "already-linked";
  if (reported.some((f) => f.id === id) || (await presentAtHead(row, pull.headSha, config, agentsMd, deps, gh, ref))) return "still-present";
  if (!(await deps.store.findings.markFixedBy(ref, id, pull.number, deps.now().toISOString()))) return "already-linked";
  await refreshFixLinks(ref, row.pull_number, deps, gh);
  await setFixIssueStatus(gh, deps, ref, row, { kind: "fixed-by", pull: pull.number });
  deps.log("fix.linked", { ...ref, finding: id, fixPull: pull.number, originalPull: row.pull_number });
  return "linked";
}

/** Scans the finding's whole file at `sha`, every line treated as added, and looks for the same fingerprint. */
async function presentAtHead(row: FindingRow, sha: string, config: Config, agentsMd: string | undefined, deps: Deps, gh: GitHub, ref: RepoRef): Promise<boolean> {
  const text = await readFileAt(gh, ref, row.path, sha);
  if (text === undefined) return false;
  const lines = text.split("\n");
  const file: ChangedFile = { path: row.path, status: "modified", addedLines: lines.map((_, index) => index + 1), hunks: [{ newStart: 1, lines }], newText: text };
  const changes: ChangeSet = { files: [file], notes: [], ...(agentsMd !== undefined ? { context: { agentsMd } } : {}) };
  const result = await scan(changes, config, { grammars: deps.grammars, ...(deps.registry ? { registry: deps.registry } : {}) }, { rules: BUNDLED_RULES });
  return result.findings.some((f) => f.id === row.id);
}

/** Rewrites the "fixed by" section of a PR's sticky comment from D1, leaving the rest of the comment as it was. */
export async function refreshFixLinks(ref: RepoRef, pullNumber: number, deps: Deps, gh: GitHub): Promise<void> {
  const original = await deps.store.pull(ref, pullNumber);
  if (!original?.comment_id || !original.comment_body) return;
  const body = withFixLinks(original.comment_body, await deps.store.findings.fixLinks(ref, pullNumber));
  if (body === original.comment_body) return;
  const commentId = await upsertStickyComment(gh, ref, pullNumber, body, original.comment_id, deps.botLogin);
  await deps.store.setComment(ref, pullNumber, commentId, body);
}

/** A `fix/<finding-id>` PR was closed: merged closes the fix issue; unmerged reopens the finding. */
export async function processClosedJob(job: ClosedJob, deps: Deps): Promise<string> {
  const ref: RepoRef = { owner: job.owner, repo: job.repo };
  const id = fixTarget(job.headRef);
  if (!id) return "skipped";
  const row = await deps.store.findings.get(ref, id);
  if (!row || row.fixed_by_pull !== job.pullNumber) return "skipped";
  const gh = await deps.github(job.installationId);
  if (job.merged) {
    const issue = await setFixIssueStatus(gh, deps, ref, row, { kind: "merged", pull: job.pullNumber });
    deps.log("fix.merged", { ...ref, finding: id, fixPull: job.pullNumber, issue });
    return issue ? "issue-closed" : "merged";
  }
  await deps.store.findings.unlinkFix(ref, id, job.pullNumber);
  await refreshFixLinks(ref, row.pull_number, deps, gh);
  await setFixIssueStatus(gh, deps, ref, row, { kind: "fix-abandoned", pull: job.pullNumber });
  return "unlinked";
}
