/**
 * The finding lifecycle in D1, by fingerprint: open, fixed (by a push to its own PR, or by a `fix/<finding-id>`
 * PR recorded in `fixed_by_pull`) or allowed, with first and last sighting. Also what the queue API serves.
 */
import type { Finding } from "../core/finding.js";
import type { RepoKey } from "./d1.js";

export interface FindingRow {
  owner: string;
  repo: string;
  id: string;
  pull_number: number;
  rule_id: string;
  category: string;
  severity: string;
  path: string;
  line: number;
  message: string;
  fix_prompt: string;
  status: "open" | "fixed" | "allowed";
  first_seen_sha: string;
  last_seen_sha: string;
  first_seen_at: string;
  last_seen_at: string;
  fixed_by_pull: number | null;
  fixed_at: string | null;
}

/** What changed since the PR's previous scan. */
export interface Lifecycle {
  /** Ids this scan reports that D1 had not seen before. */
  newIds: string[];
  /** Ids this scan reports that an earlier scan already reported. */
  stillOpenIds: string[];
  /** Ids open on an earlier commit of this PR that this scan no longer reports. */
  fixedIds: string[];
}

const SEVERITY_ORDER = "CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END";

export class FindingStore {
  constructor(private readonly db: D1Database) {}

  /**
   * Records this scan's findings and marks the PR's earlier open findings that are gone as fixed. A finding a
   * fix PR already removed (fixed_by_pull) stays fixed when the original PR is re-scanned before that fix lands.
   */
  async record(key: RepoKey, pullNumber: number, headSha: string, findings: readonly Finding[], now: string): Promise<Lifecycle> {
    const seen = findings.map((f) => f.id);
    const known = new Set<string>();
    for (let i = 0; i < seen.length; i += 90) {
      const chunk = seen.slice(i, i + 90);
      const { results } = await this.db
        .prepare(`SELECT id FROM findings WHERE owner = ? AND repo = ? AND id IN (${chunk.map(() => "?").join(", ")})`)
        .bind(key.owner, key.repo, ...chunk)
        .all<{ id: string }>();
      for (const row of results) known.add(row.id);
    }
    const statements = findings.map((f) =>
      this.db
        .prepare(
          `INSERT INTO findings (owner, repo, id, pull_number, rule_id, category, severity, path, line, message, fix_prompt, status, first_seen_sha, last_seen_sha, first_seen_at, last_seen_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?)
           ON CONFLICT (owner, repo, id) DO UPDATE SET line = excluded.line, message = excluded.message, fix_prompt = excluded.fix_prompt,
             last_seen_sha = excluded.last_seen_sha, last_seen_at = excluded.last_seen_at,
             status = CASE WHEN findings.status = 'fixed' AND findings.fixed_by_pull IS NULL THEN 'open' ELSE findings.status END,
             fixed_at = CASE WHEN findings.status = 'fixed' AND findings.fixed_by_pull IS NULL THEN NULL ELSE findings.fixed_at END`,
        )
        .bind(key.owner, key.repo, f.id, pullNumber, f.ruleId, f.category, f.severity, f.path, f.line, f.message, f.fix.prompt, headSha, headSha, now, now),
    );
    const { results: open } = await this.db
      .prepare("SELECT id FROM findings WHERE owner = ? AND repo = ? AND pull_number = ? AND status = 'open'")
      .bind(key.owner, key.repo, pullNumber)
      .all<{ id: string }>();
    const still = new Set(seen);
    const fixedIds = open.map((row) => row.id).filter((id) => !still.has(id)).sort();
    // D1 binds at most 100 values per statement: ids go in chunks.
    for (let i = 0; i < fixedIds.length; i += 90) {
      const chunk = fixedIds.slice(i, i + 90);
      statements.push(
        this.db
          .prepare(`UPDATE findings SET status = 'fixed', fixed_at = ?, last_seen_at = ? WHERE owner = ? AND repo = ? AND status = 'open' AND id IN (${chunk.map(() => "?").join(", ")})`)
          .bind(now, now, key.owner, key.repo, ...chunk),
      );
    }
    if (statements.length > 0) await this.db.batch(statements);
    return { newIds: seen.filter((id) => !known.has(id)), stillOpenIds: seen.filter((id) => known.has(id)), fixedIds };
  }

  async get(key: RepoKey, id: string): Promise<FindingRow | null> {
    return this.db.prepare("SELECT * FROM findings WHERE owner = ? AND repo = ? AND id = ?").bind(key.owner, key.repo, id).first<FindingRow>();
  }

  /** The open findings a scan of `headSha` reported: what "Request fixes" on that commit's check run means. */
  async openAt(key: RepoKey, headSha: string): Promise<FindingRow[]> {
    const { results } = await this.db
      .prepare(`SELECT * FROM findings WHERE owner = ? AND repo = ? AND last_seen_sha = ? AND status = 'open' ORDER BY ${SEVERITY_ORDER}, path, line`)
      .bind(key.owner, key.repo, headSha)
      .all<FindingRow>();
    return results;
  }

  /** A `fix/<finding-id>` PR no longer has the finding: it is fixed, by that PR. */
  async markFixedBy(key: RepoKey, id: string, pullNumber: number, now: string): Promise<boolean> {
    const result = await this.db
      .prepare("UPDATE findings SET status = 'fixed', fixed_by_pull = ?, fixed_at = ? WHERE owner = ? AND repo = ? AND id = ? AND status != 'allowed' AND (fixed_by_pull IS NULL OR fixed_by_pull != ?)")
      .bind(pullNumber, now, key.owner, key.repo, id, pullNumber)
      .run();
    return (result.meta.changes ?? 0) > 0;
  }

  /** The fix PR was closed without merging: the finding is open again and goes back in the queue. */
  async unlinkFix(key: RepoKey, id: string, pullNumber: number): Promise<boolean> {
    const result = await this.db
      .prepare("UPDATE findings SET status = 'open', fixed_by_pull = NULL, fixed_at = NULL WHERE owner = ? AND repo = ? AND id = ? AND fixed_by_pull = ?")
      .bind(key.owner, key.repo, id, pullNumber)
      .run();
    return (result.meta.changes ?? 0) > 0;
  }

  /** Findings first reported on `pullNumber` that a fix PR removed: the original PR's comment links them. */
  async fixLinks(key: RepoKey, pullNumber: number): Promise<Array<{ id: string; fixedByPull: number }>> {
    const { results } = await this.db
      .prepare("SELECT id, fixed_by_pull FROM findings WHERE owner = ? AND repo = ? AND pull_number = ? AND fixed_by_pull IS NOT NULL ORDER BY id")
      .bind(key.owner, key.repo, pullNumber)
      .all<{ id: string; fixed_by_pull: number }>();
    return results.map((row) => ({ id: row.id, fixedByPull: row.fixed_by_pull }));
  }

  /**
   * The remediation queue: every open finding in the repository, most severe first, except those of pull
   * requests closed without merging (that code never landed).
   */
  async queue(key: RepoKey): Promise<FindingRow[]> {
    const { results } = await this.db
      .prepare(
        `SELECT f.* FROM findings f LEFT JOIN pulls p ON p.owner = f.owner AND p.repo = f.repo AND p.number = f.pull_number
         WHERE f.owner = ? AND f.repo = ? AND f.status = 'open' AND (p.state IS NULL OR p.state != 'closed')
         ORDER BY CASE f.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END, f.first_seen_at, f.id`,
      )
      .bind(key.owner, key.repo)
      .all<FindingRow>();
    return results;
  }
}
