/**
 * The fix queue's bookkeeping: one row per finding a maintainer asked to fix, holding the issue that carries
 * its prompt. A request claims its row (and so a slot of the day's cap) in one statement before the issue is
 * created; a retried job finds the row and never files a second issue or counts twice.
 */
import type { RepoKey } from "./d1.js";

export interface FixRequestRow {
  owner: string;
  repo: string;
  finding_id: string;
  issue_number: number | null;
  requested_by: string;
  requested_on: string;
  created_at: string;
  updated_at: string;
}

export class FixRequestStore {
  constructor(private readonly db: D1Database) {}

  async get(key: RepoKey, findingId: string): Promise<FixRequestRow | null> {
    return this.db.prepare("SELECT * FROM fix_requests WHERE owner = ? AND repo = ? AND finding_id = ?").bind(key.owner, key.repo, findingId).first<FixRequestRow>();
  }

  /** Requests made on `day` (UTC, YYYY-MM-DD): what the daily cap counts. */
  async countOn(key: RepoKey, day: string): Promise<number> {
    const row = await this.db.prepare("SELECT COUNT(*) AS n FROM fix_requests WHERE owner = ? AND repo = ? AND requested_on = ?").bind(key.owner, key.repo, day).first<{ n: number }>();
    return row?.n ?? 0;
  }

  /**
   * Claims a request for `findingId` if the day's count is still under `cap`; false when the cap is reached.
   * The count and the insert are one statement, so two jobs racing cannot both take the last slot.
   */
  async claim(key: RepoKey, findingId: string, by: string, day: string, cap: number, now: string): Promise<boolean> {
    const result = await this.db
      .prepare(
        `INSERT INTO fix_requests (owner, repo, finding_id, issue_number, requested_by, requested_on, created_at, updated_at)
         SELECT ?, ?, ?, NULL, ?, ?, ?, ?
         WHERE (SELECT COUNT(*) FROM fix_requests WHERE owner = ? AND repo = ? AND requested_on = ?) < ?
         ON CONFLICT (owner, repo, finding_id) DO NOTHING`,
      )
      .bind(key.owner, key.repo, findingId, by, day, now, now, key.owner, key.repo, day, cap)
      .run();
    return (result.meta.changes ?? 0) > 0;
  }

  /** Records an issue found on GitHub (a request D1 lost track of); it was counted when it was first made. */
  async adopt(key: RepoKey, findingId: string, issueNumber: number, by: string, day: string, now: string): Promise<void> {
    await this.db
      .prepare(
        `INSERT INTO fix_requests (owner, repo, finding_id, issue_number, requested_by, requested_on, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (owner, repo, finding_id) DO UPDATE SET issue_number = excluded.issue_number, updated_at = excluded.updated_at`,
      )
      .bind(key.owner, key.repo, findingId, issueNumber, by, day, now, now)
      .run();
  }

  async setIssue(key: RepoKey, findingId: string, issueNumber: number, now: string): Promise<void> {
    await this.db
      .prepare("UPDATE fix_requests SET issue_number = ?, updated_at = ? WHERE owner = ? AND repo = ? AND finding_id = ?")
      .bind(issueNumber, now, key.owner, key.repo, findingId)
      .run();
  }
}
