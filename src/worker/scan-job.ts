/**
 * The queue consumer's main job: scan one pull request's head commit and publish the verdict as the
 * `Gatehouse` check run and the sticky comment. Only the latest head counts: an older commit's job ends
 * as `cancelled` (never green) and never touches the comment.
 */
import picomatch from "picomatch";
import { formatConfigProblem, type Config } from "../core/config.js";
import { gate } from "../core/gate.js";
import { scan } from "../core/scan.js";
import { completeCheckRun, findOrCreateCheckRun, markInProgress } from "../github/check-run.js";
import { statusOf, type GitHub } from "../github/client.js";
import { upsertStickyComment } from "../github/comment.js";
import { getPullRequest, readChanges, readConfig, readFileAt, ScanAbort, type PullRequestInfo, type RepoRef } from "../github/pull-request.js";
import { renderAbortOutput, renderCheckOutput } from "../github/render/check-output.js";
import { renderComment } from "../github/render/comment.js";
import { BUNDLED_RULES } from "../rules.js";
import type { Deps } from "./deps.js";
import { fixTarget, linkFixPull } from "./fix-links.js";
import { fixRequestsUnavailable, setFixIssueStatus } from "./fix-queue.js";
import type { ScanJob } from "./jobs.js";

/** Read from the base commit next to the config; its out-of-scope paths and commands shape findings and prompts. */
export const AGENTS_MD_PATH = "AGENTS.md";

export function isGatedBranch(headRef: string, patterns: readonly string[]): boolean {
  return picomatch(patterns as string[], { dot: true })(headRef);
}

/** Finds the open PR whose head is `sha`: check_run payloads list no PRs for forks. */
export async function pullForSha(gh: GitHub, ref: RepoRef, sha: string): Promise<number | undefined> {
  const { data } = await gh.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", { ...ref, commit_sha: sha });
  const direct = data.find((pr) => pr.head.sha === sha && pr.state === "open");
  if (direct) return direct.number;
  for (let page = 1; page <= 10; page++) {
    const { data: open } = await gh.request("GET /repos/{owner}/{repo}/pulls", { ...ref, state: "open", per_page: 100, page });
    const match = open.find((pr) => pr.head.sha === sha);
    if (match) return match.number;
    if (open.length < 100) break;
  }
  return undefined;
}

export type ScanOutcome =
  | { kind: "completed"; conclusion: "success" | "failure"; checkRunId: number }
  | { kind: "skipped"; reason: string }
  | { kind: "superseded"; checkRunId?: number };

export async function processScanJob(job: ScanJob, deps: Deps): Promise<ScanOutcome> {
  const ref: RepoRef = { owner: job.owner, repo: job.repo };
  const gh = await deps.github(job.installationId);
  const pullNumber = job.pullNumber ?? (await pullForSha(gh, ref, job.headSha));
  if (pullNumber === undefined) return { kind: "skipped", reason: `no open pull request has head ${job.headSha}` };
  const pull = await getPullRequest(gh, ref, pullNumber);
  const now = () => deps.now().toISOString();
  await deps.store.recordPullHead(ref, pull.number, pull.headSha, pull.headRef, pull.merged ? "merged" : pull.state, now());
  await deps.store.recordRepository(ref, job.installationId, now());
  if (pull.state === "closed") return { kind: "skipped", reason: `pull request #${pull.number} is closed` };

  if (pull.headSha !== job.headSha) {
    // A newer push has its own job. This commit's check must not read as green for work not done.
    const known = await deps.store.scan(ref, job.headSha);
    if (known?.check_run_id && known.status !== "completed") {
      await completeCheckRun(gh, ref, known.check_run_id, {
        conclusion: "cancelled",
        title: `Superseded by ${pull.headSha.slice(0, 7)}`,
        summary: `A newer commit (${pull.headSha}) was pushed; Gatehouse scans that one instead.`,
        text: "",
        annotations: [],
        actions: [],
        completedAt: now(),
      });
      await deps.store.finishScan(ref, job.headSha, "completed", "cancelled", "Superseded", now());
    }
    return { kind: "superseded", ...(known?.check_run_id ? { checkRunId: known.check_run_id } : {}) };
  }

  const configResult = await readConfig(gh, ref, pull.baseSha);
  const explicit = job.trigger !== "pull_request";
  if (configResult.ok && !explicit && !isGatedBranch(pull.headRef, configResult.config.branches)) {
    return { kind: "skipped", reason: `branch ${pull.headRef} is not gated (${configResult.config.branches.join(", ")})` };
  }

  const checkRunId = await ensureCheckRun(job, pull, deps, gh);

  if (!configResult.ok) {
    // A broken config fails closed on every PR, naming the line, rather than falling back to defaults.
    const reason = `${configResult.problems.map(formatConfigProblem).join("; ")}`;
    await failCheck(gh, ref, checkRunId, `.github/gatehouse.yml is invalid: ${reason}`, deps);
    await deps.store.finishScan(ref, job.headSha, "completed", "failure", "Invalid config", now());
    return { kind: "completed", conclusion: "failure", checkRunId };
  }
  const config = configResult.config;
  try {
    return await scanAndPublish(job, pull, config, checkRunId, deps, gh);
  } catch (error) {
    if (!(error instanceof ScanAbort)) throw error;
    await failCheck(gh, ref, checkRunId, error.reason, deps);
    await deps.store.finishScan(ref, job.headSha, "completed", "failure", error.reason, now());
    return { kind: "completed", conclusion: "failure", checkRunId };
  }
}

/** The commit's check run, in progress. A run D1 remembers but GitHub no longer has (a reinstall) is replaced. */
async function ensureCheckRun(job: ScanJob, pull: PullRequestInfo, deps: Deps, gh: GitHub): Promise<number> {
  const ref = { owner: job.owner, repo: job.repo };
  const known = await deps.store.scan(ref, job.headSha);
  const target = { ...ref, headSha: job.headSha, name: deps.checkName, appId: deps.appId, requestId: job.requestId, forceNew: job.forceNew };
  let checkRunId = await findOrCreateCheckRun(gh, target, known ? { checkRunId: known.check_run_id, requestId: known.request_id, completed: known.status === "completed" } : null);
  try {
    await markInProgress(gh, ref, checkRunId, deps.now().toISOString());
  } catch (error) {
    if (statusOf(error) !== 404 || !known?.check_run_id) throw error;
    checkRunId = await findOrCreateCheckRun(gh, target, null);
    await markInProgress(gh, ref, checkRunId, deps.now().toISOString());
  }
  await deps.store.upsertScan(
    { ...ref, head_sha: job.headSha, installation_id: job.installationId, pull_number: pull.number, check_run_id: checkRunId, request_id: job.requestId, status: "in_progress", trigger: job.trigger },
    deps.now().toISOString(),
  );
  return checkRunId;
}

async function scanAndPublish(job: ScanJob, pull: PullRequestInfo, config: Config, checkRunId: number, deps: Deps, gh: GitHub): Promise<ScanOutcome> {
  const ref = { owner: job.owner, repo: job.repo };
  const now = () => deps.now().toISOString();
  const changes = await readChanges(gh, ref, pull);
  // AGENTS.md from the base commit, like the config: a PR must not widen its own scope by editing it.
  const agentsMd = await readFileAt(gh, ref, AGENTS_MD_PATH, pull.baseSha);
  if (agentsMd !== undefined) changes.context = { agentsMd };
  const ports = { grammars: deps.grammars, ...(deps.registry ? { registry: deps.registry } : {}) };
  const result = await scan(changes, config, ports, { rules: BUNDLED_RULES });
  const verdict = gate(result, config, { findingIds: await deps.store.approvals(ref, now()) });
  const unavailable = verdict.findings.length > 0 ? await killSwitchForCheck(gh, ref, config, deps) : undefined;
  const output = renderCheckOutput(verdict, result.notes, { threshold: config.threshold, headSha: pull.headSha, ...(unavailable ? { fixRequestsUnavailable: unavailable } : {}) });
  await completeCheckRun(gh, ref, checkRunId, { conclusion: verdict.conclusion, ...output, completedAt: now() });
  const hadEarlierScan = await deps.store.hadEarlierScan(ref, pull.number, pull.headSha);
  const lifecycle = await deps.store.findings.record(ref, pull.number, pull.headSha, verdict.findings, now());
  await deps.store.finishScan(ref, job.headSha, "completed", verdict.conclusion, verdict.title, now());

  // A fix/<finding-id> PR: link it to the finding it removes (its own findings already decided its verdict).
  if (fixTarget(pull.headRef)) await linkFixPull(pull, verdict.findings, config, agentsMd, deps, gh, ref);
  // Findings a push to this PR fixed: their fix issues (if any) close.
  for (const id of lifecycle.fixedIds) {
    const row = await deps.store.findings.get(ref, id);
    if (row) await setFixIssueStatus(gh, deps, ref, row, { kind: "fixed-in-place", sha: pull.headSha });
  }

  // Only the PR's latest head may write the comment: a slow scan of an older push must not overwrite it.
  const latest = await deps.store.pull(ref, pull.number);
  if (latest?.head_sha === pull.headSha) {
    const body = renderComment(verdict, {
      headSha: pull.headSha,
      fixedSinceLastScan: lifecycle.fixedIds.length,
      ...(hadEarlierScan ? { lifecycle: { newIds: lifecycle.newIds, stillOpen: lifecycle.stillOpenIds.length, fixed: lifecycle.fixedIds.length } } : {}),
      fixLinks: await deps.store.findings.fixLinks(ref, pull.number),
      ...(unavailable ? { fixRequestsPaused: unavailable } : {}),
    });
    const commentId = await upsertStickyComment(gh, ref, pull.number, body, latest.comment_id, deps.botLogin);
    await deps.store.setComment(ref, pull.number, commentId, body);
  }
  deps.log("scan.completed", { owner: job.owner, repo: job.repo, pull: pull.number, sha: pull.headSha, conclusion: verdict.conclusion, findings: verdict.findings.length, ms: result.stats.durationMs });
  return { kind: "completed", conclusion: verdict.conclusion, checkRunId };
}

/** The kill-switch line for the check run; a failure to look (no issues permission) must not fail the scan. */
async function killSwitchForCheck(gh: GitHub, ref: RepoRef, config: Config, deps: Deps): Promise<string | undefined> {
  try {
    return await fixRequestsUnavailable(gh, ref, config);
  } catch (error) {
    const status = statusOf(error);
    deps.log("killswitch.unreadable", { ...ref, status });
    return status === 403
      ? "Fix requests are unavailable: the Gatehouse App cannot read this repository's issues (grant it the Issues permission, read and write)."
      : `Fix requests are unavailable on this run: Gatehouse could not check for the \`${config.remediation.pauseLabel}\` kill switch (GitHub answered ${status ?? "with an error"}).`;
  }
}

export async function failCheck(gh: GitHub, ref: RepoRef, checkRunId: number, reason: string, deps: Deps): Promise<void> {
  await completeCheckRun(gh, ref, checkRunId, { conclusion: "failure", ...renderAbortOutput(reason), annotations: [], completedAt: deps.now().toISOString() });
  deps.log("scan.failed", { owner: ref.owner, repo: ref.repo, checkRunId, reason });
}
