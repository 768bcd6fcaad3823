/**
 * Gatehouse's state in D1. Every write is keyed (INSERT … ON CONFLICT) so that a retried job or a redelivered
 * webhook repeats nothing. Timestamps are ISO strings passed in by the caller (the store has no clock).
 */
import type { Finding } from "../core/finding.js";

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

export class Store {
  constructor(private readonly db: D1Database) {}

  /** True the first time a delivery id is seen, false for a redelivery. */
  async claimDelivery(id: string, event: string, action: string | undefined, now: string): Promise<boolean> {
    const result = await this.db
      .prepare("INSERT INTO deliveries (id, event, action, received_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")
      .bind(id, event, action ?? null, now)
      .run();
    return (result.meta.changes ?? 0) > 0;
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

  async pull(key: RepoKey, number: number): Promise<{ head_sha: string; comment_id: number | null; state: string } | null> {
    return this.db.prepare("SELECT head_sha, comment_id, state FROM pulls WHERE owner = ? AND repo = ? AND number = ?").bind(key.owner, key.repo, number).first();
  }

  async setCommentId(key: RepoKey, number: number, commentId: number): Promise<void> {
    await this.db.prepare("UPDATE pulls SET comment_id = ? WHERE owner = ? AND repo = ? AND number = ?").bind(commentId, key.owner, key.repo, number).run();
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

  /** Records this scan's findings and marks the PR's earlier open findings that are gone as fixed; returns how many. */
  async recordFindings(key: RepoKey, pullNumber: number, headSha: string, findings: readonly Finding[], now: string): Promise<{ fixed: number }> {
    const statements = findings.map((f) =>
      this.db
        .prepare(
          `INSERT INTO findings (owner, repo, id, pull_number, rule_id, category, severity, path, line, message, fix_prompt, status, first_seen_sha, last_seen_sha, first_seen_at, last_seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
           ON CONFLICT (owner, repo, id) DO UPDATE SET line = excluded.line, last_seen_sha = excluded.last_seen_sha, last_seen_at = excluded.last_seen_at,
             status = CASE WHEN findings.status = 'fixed' THEN 'open' ELSE findings.status END`,
        )
        .bind(key.owner, key.repo, f.id, pullNumber, f.ruleId, f.category, f.severity, f.path, f.line, f.message, f.fix.prompt, headSha, headSha, now, now),
    );
    const seen = findings.map((f) => f.id);
    const placeholders = seen.map(() => "?").join(", ");
    const fixQuery = `UPDATE findings SET status = 'fixed', last_seen_at = ? WHERE owner = ? AND repo = ? AND pull_number = ? AND status = 'open'${seen.length > 0 ? ` AND id NOT IN (${placeholders})` : ""}`;
    statements.push(this.db.prepare(fixQuery).bind(now, key.owner, key.repo, pullNumber, ...seen));
    const results = await this.db.batch(statements);
    return { fixed: results.at(-1)?.meta.changes ?? 0 };
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
