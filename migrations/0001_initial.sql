-- Gatehouse state. Every table is keyed so that retries and redeliveries are no-ops (idempotent writes).

-- X-GitHub-Delivery ids already taken: a redelivered webhook is acknowledged and dropped.
CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  event TEXT NOT NULL,
  action TEXT,
  received_at TEXT NOT NULL
);

-- The latest head commit seen per pull request, so an older scan never overwrites a newer verdict.
CREATE TABLE pulls (
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  number INTEGER NOT NULL,
  head_sha TEXT NOT NULL,
  head_ref TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'open',
  comment_id INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (owner, repo, number)
);

-- One row per (repository, head commit): the check run that carries the verdict for that commit.
CREATE TABLE scans (
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  head_sha TEXT NOT NULL,
  installation_id INTEGER NOT NULL,
  pull_number INTEGER,
  check_run_id INTEGER,
  -- The delivery that asked for this check run: a retried job with the same request reuses it.
  request_id TEXT NOT NULL,
  status TEXT NOT NULL,
  conclusion TEXT,
  title TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  trigger TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (owner, repo, head_sha)
);
CREATE INDEX scans_by_status ON scans (status, updated_at);

-- Finding lifecycle by fingerprint: open, fixed or allowed, with first and last sighting.
CREATE TABLE findings (
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  id TEXT NOT NULL,
  pull_number INTEGER NOT NULL,
  rule_id TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  path TEXT NOT NULL,
  line INTEGER NOT NULL,
  message TEXT NOT NULL,
  fix_prompt TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',
  first_seen_sha TEXT NOT NULL,
  last_seen_sha TEXT NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  fixed_by_pull INTEGER,
  PRIMARY KEY (owner, repo, id)
);

-- `/gatehouse allow` approvals: who allowed which finding, why and when.
CREATE TABLE approvals (
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  finding_id TEXT NOT NULL,
  approved_by TEXT NOT NULL,
  reason TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT,
  PRIMARY KEY (owner, repo, finding_id)
);

-- Every slash command, taken or refused: who, what, when, and the outcome.
CREATE TABLE commands (
  comment_id INTEGER PRIMARY KEY,
  owner TEXT NOT NULL,
  repo TEXT NOT NULL,
  pull_number INTEGER NOT NULL,
  actor TEXT NOT NULL,
  command TEXT NOT NULL,
  outcome TEXT NOT NULL,
  detail TEXT,
  created_at TEXT NOT NULL
);
