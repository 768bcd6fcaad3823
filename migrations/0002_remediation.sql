-- Remediation: the fix queue (one issue per finding, a daily cap), links from fix PRs, and API tokens.

-- One fix request per finding: the issue that carries its prompt. A row is claimed (counted against the day's
-- cap) before the issue is created, so a retried job finds it and never files a second issue.
CREATE TABLE fix_requests (
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  finding_id TEXT NOT NULL,
  issue_number INTEGER,
  requested_by TEXT NOT NULL,
  -- UTC day (YYYY-MM-DD) the request was first made: what the daily cap counts.
  requested_on TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (owner, repo, finding_id)
);
CREATE INDEX fix_requests_by_day ON fix_requests (owner, repo, requested_on);

-- Which installation a repository belongs to, so an API token (per installation) reaches only its own.
CREATE TABLE repositories (
  owner TEXT NOT NULL COLLATE NOCASE,
  repo TEXT NOT NULL COLLATE NOCASE,
  installation_id INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (owner, repo)
);

-- Queue API tokens: only the SHA-256 of each token is stored (scripts/create-api-token.mjs makes them).
CREATE TABLE api_tokens (
  token_hash TEXT PRIMARY KEY,
  installation_id INTEGER NOT NULL,
  label TEXT,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);

-- The sticky comment's last body, so a fix PR can add its "fixed by" line without re-scanning the original PR.
ALTER TABLE pulls ADD COLUMN comment_body TEXT;

-- When a finding was fixed (by a push to its own PR or by a fix/<finding-id> PR, see fixed_by_pull).
ALTER TABLE findings ADD COLUMN fixed_at TEXT;
