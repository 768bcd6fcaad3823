/**
 * The sweep: checks left `queued` or `in_progress` past a deadline (a consumer that died, a lost message) are
 * queued again once, then failed with the reason. Nothing is left pending forever, and nothing turns green.
 */
import type { Deps } from "./deps.js";
import { failScan } from "./queue.js";

export const STALE_AFTER_MS = 15 * 60_000;
export const SWEEP_REQUEUES = 2;

export async function sweepStaleScans(deps: Deps): Promise<{ requeued: number; failed: number }> {
  const now = deps.now();
  const stale = await deps.store.staleScans(new Date(now.getTime() - STALE_AFTER_MS).toISOString());
  let requeued = 0;
  let failed = 0;
  for (const row of stale) {
    const ref = { owner: row.owner, repo: row.repo };
    const job = {
      kind: "scan" as const,
      requestId: row.request_id,
      installationId: row.installation_id,
      ...ref,
      headSha: row.head_sha,
      ...(row.pull_number ? { pullNumber: row.pull_number } : {}),
      trigger: "schedule" as const,
      forceNew: false,
    };
    try {
      if (row.attempts < SWEEP_REQUEUES) {
        await deps.store.bumpAttempts(ref, row.head_sha, now.toISOString());
        await deps.enqueue(job);
        requeued++;
      } else {
        await failScan(job, `the scan did not finish within ${STALE_AFTER_MS / 60_000} minutes, ${row.attempts} times`, deps);
        failed++;
      }
    } catch (error) {
      deps.log("sweep.failed", { owner: row.owner, repo: row.repo, sha: row.head_sha, reason: error instanceof Error ? error.message : String(error) });
    }
  }
  if (stale.length > 0) deps.log("sweep.done", { requeued, failed });
  return { requeued, failed };
}
