/**
 * The `Gatehouse` check run for one head commit. Found before it is created (so a retried job or a request
 * that timed out but did succeed never makes a second one), and completed with annotations in batches of 50
 * that skip what an earlier attempt already sent.
 */
import type { GitHub } from "./client.js";
import type { RepoRef } from "./pull-request.js";
import { GITHUB_LIMITS } from "./render/limits.js";
import type { CheckAction, CheckAnnotation } from "./render/check-output.js";

export interface CheckRunTarget extends RepoRef {
  headSha: string;
  name: string;
  /** The delivery that asked for this run, stored as the run's external_id. */
  requestId: string;
  /** A re-scan a person asked for gets its own run; an automatic scan reuses the commit's latest one. */
  forceNew: boolean;
}

export async function findOrCreateCheckRun(gh: GitHub, target: CheckRunTarget, known: { checkRunId: number | null; requestId: string } | null): Promise<number> {
  if (known?.checkRunId && (!target.forceNew || known.requestId === target.requestId)) return known.checkRunId;
  const { data } = await gh.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    ref: target.headSha,
    check_name: target.name,
    filter: "latest",
    per_page: 100,
  });
  const existing = data.check_runs.find((run) => (target.forceNew ? run.external_id === target.requestId : true));
  if (existing) return Number(existing.id);
  const created = await gh.request("POST /repos/{owner}/{repo}/check-runs", {
    owner: target.owner,
    repo: target.repo,
    name: target.name,
    head_sha: target.headSha,
    external_id: target.requestId,
    status: "queued",
    output: { title: "Queued", summary: "Gatehouse will scan the code this pull request adds." },
  });
  return Number(created.data.id);
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
