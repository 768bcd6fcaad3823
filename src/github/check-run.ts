/**
 * The `Gatehouse` check run for one head commit. Found among this App's runs before it is created (so a retried
 * job or a request that timed out but did succeed never makes a second one), and completed with annotations in
 * batches of 50 that skip what an earlier attempt already sent.
 */
import { CREATE_ONCE, type GitHub } from "./client.js";
import type { RepoRef } from "./pull-request.js";
import { GITHUB_LIMITS } from "./render/limits.js";
import type { CheckAction, CheckAnnotation } from "./render/check-output.js";

export interface CheckRunTarget extends RepoRef {
  headSha: string;
  name: string;
  /**
   * The Gatehouse App's id. Any App or workflow job can create a run with the same name on the same commit (an
   * agent PR can add an Actions job called `Gatehouse`); only runs of this App are ours to reuse.
   */
  appId: number;
  /** The delivery that asked for this run, stored as the run's external_id. */
  requestId: string;
  /** A re-scan a person asked for gets its own run; an automatic scan may take over the commit's unfinished one. */
  forceNew: boolean;
}

export interface KnownCheckRun {
  checkRunId: number | null;
  requestId: string;
  completed: boolean;
}

export async function findOrCreateCheckRun(gh: GitHub, target: CheckRunTarget, known: KnownCheckRun | null): Promise<number> {
  if (known?.checkRunId && reusable(target, known.requestId, known.completed)) return known.checkRunId;
  const { data } = await gh.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: target.name,
    app_id: target.appId,
    filter: "latest",
    per_page: 100,
  });
  // Checked again here, not left to `app_id` alone: reusing a foreign run would leave the commit without our verdict.
  const existing = data.check_runs.find((run) => run.app?.id === target.appId && reusable(target, run.external_id, run.status === "completed"));
  if (existing) return Number(existing.id);
  const created = await gh.request("POST /repos/{owner}/{repo}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    name: target.name,
    head_sha: target.headSha,
    external_id: target.requestId,
    status: "queued",
    output: { title: "Queued", summary: "Gatehouse will scan the code this pull request adds." },
    request: CREATE_ONCE,
  });
  return Number(created.data.id);
}

/**
 * Annotations cannot be taken back, and completing a run skips as many as it already has (what an earlier attempt
 * sent). So a finished run is reused only by a retry of the request that made it: a later scan of the same commit
 * (its base changed, say) would otherwise have its new annotations skipped and the old ones left standing.
 */
function reusable(target: CheckRunTarget, runRequestId: string | null, completed: boolean): boolean {
  return runRequestId === target.requestId || (!target.forceNew && !completed);
}

export async function markInProgress(gh: GitHub, ref: RepoRef, checkRunId: number, startedAt: string): Promise<void> {
  await gh.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    ...ref,
    check_run_id: checkRunId,
    status: "in_progress",
    started_at: startedAt,
    output: { title: "Scanning", summary: "Gatehouse is scanning the code this pull request adds." },
  });
}

export interface Completion {
  conclusion: "success" | "failure" | "cancelled";
  title: string;
  summary: string;
  text: string;
  annotations: CheckAnnotation[];
  actions: CheckAction[];
  completedAt: string;
}

export async function completeCheckRun(gh: GitHub, ref: RepoRef, checkRunId: number, completion: Completion): Promise<void> {
  // GitHub appends annotations on every update; an earlier attempt's are already there, so send only the rest.
  const { data: current } = await gh.request("GET /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...ref, check_run_id: checkRunId });
  const remaining = completion.annotations.slice(current.output?.annotations_count ?? 0);
  const batches: CheckAnnotation[][] = [];
  for (let i = 0; i < remaining.length; i += GITHUB_LIMITS.annotationsPerRequest) batches.push(remaining.slice(i, i + GITHUB_LIMITS.annotationsPerRequest));
  const last = batches.pop() ?? [];
  for (const batch of batches) {
    await gh.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...ref,
      check_run_id: checkRunId,
      output: { title: completion.title, summary: completion.summary, annotations: batch },
    });
  }
  await gh.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
    ...ref,
    check_run_id: checkRunId,
    status: "completed",
    conclusion: completion.conclusion,
    completed_at: completion.completedAt,
    output: { title: completion.title, summary: completion.summary, ...(completion.text ? { text: completion.text } : {}), ...(last.length > 0 ? { annotations: last } : {}) },
    actions: completion.actions,
  });
}
