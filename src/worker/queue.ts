/**
 * The queue consumer. Transient failures are retried with backoff (the queue redelivers); when the attempts
 * run out the check run ends as `failure` with the reason in its title: a scan that cannot finish is never green.
 */
import { findOrCreateCheckRun } from "../github/check-run.js";
import { statusOf } from "../github/client.js";
import { redactSecrets } from "../core/redact.js";
import { processActionJob, processCommandJob } from "./commands.js";
import type { Deps } from "./deps.js";
import { jobSchema, type Job, type ScanJob } from "./jobs.js";
import { processClosedJob } from "./fix-links.js";
import { failCheck, processScanJob } from "./scan-job.js";

/** Deliveries of one message before giving up; wrangler.toml's max_retries is one less. */
export const MAX_ATTEMPTS = 6;

export function backoffSeconds(attempt: number): number {
  return Math.min(300, 5 * 2 ** (attempt - 1));
}

export async function runJob(job: Job, deps: Deps): Promise<string> {
  if (job.kind === "scan") return (await processScanJob(job, deps)).kind;
  if (job.kind === "command") return processCommandJob(job, deps);
  if (job.kind === "closed") return processClosedJob(job, deps);
  return processActionJob(job, deps);
}

export function describeFailure(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message : String(error);
  return redactSecrets(status ? `GitHub answered ${status}: ${message}` : message).slice(0, 500);
}

export async function consumeBatch(batch: MessageBatch<unknown>, deps: Deps): Promise<void> {
  for (const message of batch.messages) {
    const parsed = jobSchema.safeParse(message.body);
    if (!parsed.success) {
      deps.log("queue.malformed", { id: message.id, problem: parsed.error.issues[0]?.message });
      message.ack();
      continue;
    }
    const job = parsed.data;
    try {
      const outcome = await runJob(job, deps);
      deps.log("job.done", { kind: job.kind, requestId: job.requestId, outcome });
      message.ack();
    } catch (error) {
      const reason = describeFailure(error);
      if (message.attempts >= MAX_ATTEMPTS) {
        await giveUp(job, `Gatehouse could not complete the scan after ${message.attempts} attempts (${reason})`, deps);
        message.ack();
      } else {
        deps.log("job.retry", { kind: job.kind, requestId: job.requestId, attempt: message.attempts, reason });
        message.retry({ delaySeconds: backoffSeconds(message.attempts) });
      }
    }
  }
}

/** Ends the job's check run as `failure`, creating the run if the failure came before it existed. */
export async function giveUp(job: Job, reason: string, deps: Deps): Promise<void> {
  deps.log("job.gave_up", { kind: job.kind, requestId: job.requestId, reason });
  if (job.kind !== "scan") return;
  await failScan(job, reason, deps);
}

export async function failScan(job: ScanJob, reason: string, deps: Deps): Promise<void> {
  const ref = { owner: job.owner, repo: job.repo };
  const gh = await deps.github(job.installationId);
  const known = await deps.store.scan(ref, job.headSha);
  const checkRunId = await findOrCreateCheckRun(
    gh,
    { ...ref, headSha: job.headSha, name: deps.checkName, appId: deps.appId, requestId: job.requestId, forceNew: job.forceNew },
    known ? { checkRunId: known.check_run_id, requestId: known.request_id, completed: known.status === "completed" } : null,
  );
  await failCheck(gh, ref, checkRunId, reason, deps);
  const now = deps.now().toISOString();
  await deps.store.upsertScan(
    { ...ref, head_sha: job.headSha, installation_id: job.installationId, pull_number: job.pullNumber ?? null, check_run_id: checkRunId, request_id: job.requestId, status: "completed", conclusion: "failure", title: reason.slice(0, 200), trigger: job.trigger },
    now,
  );
}

/** The dead-letter queue: whatever lands here failed every attempt; make sure its check says so. */
export async function consumeDeadLetters(batch: MessageBatch<unknown>, deps: Deps): Promise<void> {
  for (const message of batch.messages) {
    const parsed = jobSchema.safeParse(message.body);
    if (parsed.success) {
      try {
        await giveUp(parsed.data, "Gatehouse could not complete the scan: every attempt failed", deps);
      } catch (error) {
        deps.log("dlq.failed", { reason: describeFailure(error) });
      }
    }
    message.ack();
  }
}
