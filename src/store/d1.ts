/**
 * Gatehouse's state in D1. Every write is keyed (INSERT … ON CONFLICT) so that a retried job or a redelivered
 * webhook repeats nothing. Timestamps are ISO strings passed in by the caller (the store has no clock).
 */
import { ApiTokenStore } from "./api-tokens.js";
import { FindingStore } from "./findings.js";
import { FixRequestStore } from "./fix-requests.js";

export interface ScanRow {
  owner: string;
  repo: string;
  head_sha: string;
  installation_id: number;
  pull_number: number | null;
  check_run_id: number | null;
  request_id: string;
  status: "queued" | "in_progress" | "completed";
  conclusion: string | null;
  title: string | null;
  attempts: number;
  trigger: string;
  updated_at: string;
}

export interface RepoKey {
  owner: string;
  repo: string;
}

export interface PullRow {
  head_sha: string;
  head_ref: string;
  comment_id: number | null;
  comment_body: string | null;
  /** open, closed (without merging) or merged. */
  state: string;
}

export class Store {
  readonly findings: FindingStore;
  readonly fixes: FixRequestStore;
  readonly tokens: ApiTokenStore;

  constructor(private readonly db: D1Database) {
    this.findings = new FindingStore(db);
    this.fixes = new FixRequestStore(db);
    this.tokens = new ApiTokenStore(db);
  }

  /** True the first time a delivery id is seen, false for a redelivery. */
  async claimDelivery(id: string, event: string, action: string | undefined, now: string): Promise<boolean> {
    const result = await this.db
      .prepare("INSERT INTO deliveries (id, event, action, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
      .bind(id, event, action ?? null, now)
      .run();
    return (result.meta.changes ?? 0) > 0;
  }

  /** Forgets a claimed delivery whose job was never queued, so GitHub's redelivery (same id) is processed. */
  async releaseDelivery(id: string): Promise<void> {
    await this.db.prepare("DELETE FROM deliveries WHERE id = ?").bind(id).run();
  }

  async recordPullHead(key: RepoKey, number: number, headSha: string, headRef: string, state: string, now: string): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO pulls (owner, repo, number, head_sha, head_ref, state, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (owner, repo, number) DO UPDATE SET head_sha = excluded.head_sha, head_ref = excluded.head_ref, state = excluded.state, updated_at = excluded.updated_at`,
      )
      .bind(key.owner, key.repo, number, headSha, headRef, state, now)
      .run();
  }

  async pull(key: RepoKey, number: number): Promise<PullRow | null> {
    return this.db.prepare("SELECT head_sha, head_ref, comment_id, comment_body, state FROM pulls WHERE owner = ? AND repo = ? AND number = ?").bind(key.owner, key.repo, number).first<PullRow>();
  }

  /** The sticky comment's id and the body last written, so a later update can change one section of it. */
  async setComment(key: RepoKey, number: number, commentId: number, body: string): Promise<void> {
    await this.db.prepare("UPDATE pulls SET comment_id = ?, comment_body = ? WHERE owner = ? AND repo = ? AND number = ?").bind(commentId, body, key.owner, key.repo, number).run();
  }

  async setPullState(key: RepoKey, number: number, state: "open" | "closed" | "merged", now: string): Promise<void> {
    await this.db.prepare("UPDATE pulls SET state = ?, updated_at = ? WHERE owner = ? AND repo = ? AND number = ?").bind(state, now, key.owner, key.repo, number).run();
  }

  /** Remembers which installation a repository belongs to (the queue API checks tokens against it). */
  async recordRepository(key: RepoKey, installationId: number, now: string): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO repositories (owner, repo, installation_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (owner, repo) DO UPDATE SET owner = excluded.owner, repo = excluded.repo, installation_id = excluded.installation_id, updated_at = excluded.updated_at`,
      )
      .bind(key.owner, key.repo, installationId, now)
      .run();
  }

  /** The repository as GitHub spells it, and its installation; names match case-insensitively, as on GitHub. */
  async repository(key: RepoKey): Promise<{ owner: string; repo: string; installation_id: number } | null> {
    return this.db.prepare("SELECT owner, repo, installation_id FROM repositories WHERE owner = ? AND repo = ?").bind(key.owner, key.repo).first();
  }

  /** True when an earlier commit of this PR was scanned to the end: the comment can then say what changed. */
  async hadEarlierScan(key: RepoKey, pullNumber: number, headSha: string): Promise<boolean> {
    const row = await this.db
      .prepare("SELECT 1 AS found FROM scans WHERE owner = ? AND repo = ? AND pull_number = ? AND head_sha != ? AND status = 'completed' AND conclusion IN ('success', 'failure') LIMIT 1")
      .bind(key.owner, key.repo, pullNumber, headSha)
      .first<{ found: number }>();
    return row !== null;
  }

  async scan(key: RepoKey, headSha: string): Promise<ScanRow | null> {
    return this.db.prepare("SELECT * FROM scans WHERE owner = ? AND repo = ? AND head_sha = ?").bind(key.owner, key.repo, headSha).first<ScanRow>();
  }

  async upsertScan(row: Omit<ScanRow, "conclusion" | "title" | "attempts" | "updated_at"> & { conclusion?: string | null; title?: string | null }, now: string): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO scans (owner, repo, head_sha, installation_id, pull_number, check_run_id, request_id, status, conclusion, title, attempts, trigger, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?)
         ON CONFLICT (owner, repo, head_sha) DO UPDATE SET installation_id = excluded.installation_id, pull_number = excluded.pull_number,
           check_run_id = excluded.check_run_id, request_id = excluded.request_id, status = excluded.status, conclusion = excluded.conclusion,
           title = excluded.title, trigger = excluded.trigger, updated_at = excluded.updated_at`,
      )
      .bind(row.owner, row.repo, row.head_sha, row.installation_id, row.pull_number, row.check_run_id, row.request_id, row.status, row.conclusion ?? null, row.title ?? null, row.trigger, now, now)
      .run();
  }

  async finishScan(key: RepoKey, headSha: string, status: ScanRow["status"], conclusion: string | null, title: string | null, now: string): Promise<void> {
    await this.db
      .prepare("UPDATE scans SET status = ?, conclusion = ?, title = ?, updated_at = ? WHERE owner = ? AND repo = ? AND head_sha = ?")
      .bind(status, conclusion, title, now, key.owner, key.repo, headSha)
      .run();
  }

  async bumpAttempts(key: RepoKey, headSha: string, now: string): Promise<void> {
    await this.db.prepare("UPDATE scans SET attempts = attempts + 1, updated_at = ? WHERE owner = ? AND repo = ? AND head_sha = ?").bind(now, key.owner, key.repo, headSha).run();
  }

  /** Scans still queued or in progress that nobody touched since `before`: stuck, for the scheduled sweep. */
  async staleScans(before: string, limit = 50): Promise<ScanRow[]> {
    const { results } = await this.db
      .prepare("SELECT * FROM scans WHERE status IN ('queued', 'in_progress') AND updated_at < ? ORDER BY updated_at LIMIT ?")
      .bind(before, limit)
      .all<ScanRow>();
    return results;
  }

  async approvals(key: RepoKey, now: string): Promise<Set<string>> {
    const { results } = await this.db
      .prepare("SELECT finding_id FROM approvals WHERE owner = ? AND repo = ? AND (expires_at IS NULL OR expires_at > ?)")
      .bind(key.owner, key.repo, now)
      .all<{ finding_id: string }>();
    return new Set(results.map((r) => r.finding_id));
  }

  async approve(key: RepoKey, findingId: string, by: string, reason: string, now: string): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO approvals (owner, repo, finding_id, approved_by, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (owner, repo, finding_id) DO UPDATE SET approved_by = excluded.approved_by, reason = excluded.reason, created_at = excluded.created_at`,
      )
      .bind(key.owner, key.repo, findingId, by, reason, now)
      .run();
    await this.db.prepare("UPDATE findings SET status = 'allowed' WHERE owner = ? AND repo = ? AND id = ?").bind(key.owner, key.repo, findingId).run();
  }

  async recordCommand(entry: { commentId: number; owner: string; repo: string; pullNumber: number; actor: string; command: string; outcome: string; detail?: string }, now: string): Promise<boolean> {
    const result = await this.db
      .prepare(
        `INSERT INTO commands (comment_id, owner, repo, pull_number, actor, command, outcome, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (comment_id) DO UPDATE SET outcome = excluded.outcome, detail = excluded.detail`,
      )
      .bind(entry.commentId, entry.owner, entry.repo, entry.pullNumber, entry.actor, entry.command, entry.outcome, entry.detail ?? null, now)
      .run();
    return (result.meta.changes ?? 0) > 0;
  }

  async commandOutcome(commentId: number): Promise<string | null> {
    const row = await this.db.prepare("SELECT outcome FROM commands WHERE comment_id = ?").bind(commentId).first<{ outcome: string }>();
    return row?.outcome ?? null;
  }
}
