/**
 * Remediation end to end inside workerd: the fix queue (one labelled issue per finding, the daily cap, the
 * `codex-paused` kill switch), fix/<finding-id> PRs linked back to the original PR, the queue API, the finding
 * lifecycle across pushes, and a PR that only adds a `gatehouse-ignore`. Every GitHub request is checked
 * against GitHub's OpenAPI description by the sandbox.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import checkRunRequestedAction from "../../fixtures/events/check_run.requested_action.json";
import pullRequestClosed from "../../fixtures/events/pull_request.closed.json";
import pullRequestOpened from "../../fixtures/events/pull_request.opened.json";
import pullRequestSynchronize from "../../fixtures/events/pull_request.synchronize.json";
import type { RepoSeed, SandboxSeed } from "../../src/sandbox/index.js";
import { changedFilesFromDiff, synthesizeDiff } from "../../src/sandbox/pull-diff.js";
import { createHarness, retarget, type Harness } from "./support/harness.js";

const BASE = "a".repeat(40);
const HEAD = "b".repeat(40);
const FIX_HEAD = "f".repeat(40);
const PUSHED_HEAD = "9".repeat(40);

/** Three injectable queries: three findings of the same rule, each with its own id. */
const REPORTS_ROUTE = [
  'import { Router } from "express";',
  'import { pool } from "../db";',
  'import { requireAuth } from "../auth";',
  "",
  "export const reports = Router();",
  "reports.use(requireAuth);",
  "",
  'reports.get("/by-name", async (req, res) => {',
  "  res.json(await pool.query(`SELECT * FROM reports WHERE name = '${req.query.name}'`));",
  "});",
  'reports.get("/by-owner", async (req, res) => {',
  "  res.json(await pool.query(`SELECT * FROM reports WHERE owner = '${req.query.owner}'`));",
  "});",
  'reports.get("/by-tag", async (req, res) => {',
  "  res.json(await pool.query(`SELECT * FROM reports WHERE tag = '${req.query.tag}'`));",
  "});",
  "",
].join("\n");

const ONE_QUERY_FIXED = REPORTS_ROUTE.replace(
  "pool.query(`SELECT * FROM reports WHERE name = '${req.query.name}'`)",
  'pool.query("SELECT * FROM reports WHERE name = $1", [req.query.name])',
);

const ALL_FIXED = ONE_QUERY_FIXED.replace("pool.query(`SELECT * FROM reports WHERE owner = '${req.query.owner}'`)", 'pool.query("SELECT * FROM reports WHERE owner = $1", [req.query.owner])').replace(
  "pool.query(`SELECT * FROM reports WHERE tag = '${req.query.tag}'`)",
  'pool.query("SELECT * FROM reports WHERE tag = $1", [req.query.tag])',
);

const BASE_FILES = { "src/db.ts": "export const pool = {} as any;\n", "src/auth.ts": "export const requireAuth = () => {};\n" };

function seed(repo: string, extra: Partial<RepoSeed> = {}): SandboxSeed {
  return {
    repos: [
      {
        owner: "acme",
        name: repo,
        files: BASE_FILES,
        permissions: { alice: "write", maria: "maintain", bob: "read" },
        pulls: [{ number: 7, head: { ref: "codex/reports", sha: HEAD }, base: { ref: "main", sha: BASE }, filesAtHead: { "src/routes/reports.ts": REPORTS_ROUTE } }],
        ...extra,
      },
    ],
  };
}

const opened = (repo: string, number: number, headSha: string, headRef: string, baseSha = BASE) => retarget(pullRequestOpened, { owner: "acme", repo, number, headSha, headRef, baseSha });

function pressButton(repo: string, identifier: string, actor: string, headSha = HEAD, number = 7) {
  const payload = retarget(checkRunRequestedAction, { owner: "acme", repo, number, headSha }) as { check_run: { name: string }; requested_action: { identifier: string }; sender: { login: string } };
  payload.check_run.name = "Gatehouse";
  payload.requested_action.identifier = identifier;
  payload.sender.login = actor;
  return payload;
}

type CheckBody = { status?: string; conclusion?: string; output: { title: string; summary: string; annotations?: Array<{ title: string; path: string; start_line: number }> }; actions?: Array<{ identifier: string }> };
const lastCompletion = (h: Harness) => h.calls("PATCH", /\/check-runs\/\d+$/).filter((r) => (r.body as CheckBody).status === "completed").at(-1)?.body as CheckBody;
const findingIds = (body: CheckBody) => (body.output.annotations ?? []).map((a) => /\((GH-[0-9a-f]{8})\)/.exec(a.title)?.[1] ?? "");
const bodies = (requests: Harness["sandbox"]["requests"]) => requests.map((r) => (r.body as { body: string }).body);

/** Pushes new file contents to a PR in the sandbox, as the agent would, and returns the synchronize payload. */
function push(h: Harness, repo: string, number: number, sha: string, filesAtHead: Record<string, string>) {
  const state = h.sandbox.state.repos.find((r) => r.name === repo)!;
  const pull = state.pulls.find((p) => p.number === number)!;
  const baseTree = state.trees[pull.base.sha]!;
  state.trees[sha] = { ...baseTree, ...filesAtHead };
  pull.head.sha = sha;
  pull.diff = synthesizeDiff(baseTree, filesAtHead);
  pull.files = changedFilesFromDiff(pull.diff);
  return retarget(pullRequestSynchronize, { owner: "acme", repo, number, headSha: sha, headRef: pull.head.ref, baseSha: pull.base.sha });
}

describe("the fix queue", () => {
  it('"Request fixes" files one labelled issue per finding with its prompt, stops at the daily cap, and a second press files none', async () => {
    const h = await createHarness(seed("request-fixes", { files: { ...BASE_FILES, ".github/gatehouse.yml": "remediation:\n  dailyCap: 2\n" } }));
    await h.deliver("pull_request", opened("request-fixes", 7, HEAD, "codex/reports"));
    await h.drain();
    const completion = lastCompletion(h);
    expect(completion.conclusion).toBe("failure");
    expect(completion.actions?.map((a) => a.identifier)).toEqual(["rescan", "request-fixes", "allow-help"]);
    const ids = findingIds(completion);
    expect(ids.length).toBeGreaterThanOrEqual(3);

    expect((await h.deliver("check_run", pressButton("request-fixes", "request-fixes", "alice"))).status).toBe(202);
    await h.drain();
    const created = h.calls("POST", /\/repos\/acme\/request-fixes\/issues$/);
    expect(created).toHaveLength(2);
    for (const request of created) {
      const body = request.body as { title: string; body: string; labels: string[] };
      expect(body.labels).toEqual(["gatehouse:fix"]);
      const id = /<!-- gatehouse:fix-issue (GH-[0-9a-f]{8}) -->/.exec(body.body)?.[1] ?? "";
      expect(ids).toContain(id);
      expect(body.title).toContain(id);
      expect(body.body).toContain(`Fix Gatehouse finding ${id}`);
      expect(body.body).toContain("`src/routes/reports.ts` line");
      expect(body.body).toContain(`\`fix/${id}\``);
    }
    const reply = bodies(h.calls("POST", /\/issues\/7\/comments$/)).at(-1) ?? "";
    expect(reply).toContain("today's cap of 2 new fix requests");
    expect(reply).not.toContain("@codex\n");

    await h.deliver("check_run", pressButton("request-fixes", "request-fixes", "alice"));
    await h.drain();
    expect(h.calls("POST", /\/repos\/acme\/request-fixes\/issues$/)).toHaveLength(2);
    expect(h.calls("PATCH", /\/repos\/acme\/request-fixes\/issues\/\d+$/)).toHaveLength(2);
    expect(h.sandbox.state.repos[0]!.issues.filter((i) => i.labels.includes("gatehouse:fix"))).toHaveLength(2);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("the daily cap comes from the default branch: a base branch a writer configured cannot lift it", async () => {
    const h = await createHarness(
      seed("cap-own-base", {
        files: { ...BASE_FILES, ".github/gatehouse.yml": "remediation:\n  dailyCap: 1\n" },
        pulls: [
          {
            number: 7,
            head: { ref: "codex/reports", sha: HEAD },
            base: { ref: "alice/lenient", sha: BASE },
            filesAtBase: { ...BASE_FILES, ".github/gatehouse.yml": "remediation:\n  dailyCap: 50\n" },
            filesAtHead: { "src/routes/reports.ts": REPORTS_ROUTE },
          },
        ],
      }),
    );
    await h.deliver("pull_request", opened("cap-own-base", 7, HEAD, "codex/reports"));
    await h.drain();
    expect(findingIds(lastCompletion(h)).length).toBeGreaterThanOrEqual(2);
    await h.deliver("issue_comment", h.comment("cap-own-base", 7, "alice", "/gatehouse fix"));
    await h.drain();
    expect(h.calls("POST", /\/repos\/acme\/cap-own-base\/issues$/)).toHaveLength(1);
    expect(bodies(h.calls("POST", /\/issues\/7\/comments$/)).at(-1)).toContain("today's cap of 1 new fix request");
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a read-only user's press files nothing, and `/gatehouse fix <id>` from a writer files exactly that one", async () => {
    const h = await createHarness(seed("fix-command"));
    await h.deliver("pull_request", opened("fix-command", 7, HEAD, "codex/reports"));
    await h.drain();
    const [first] = findingIds(lastCompletion(h));
    await h.deliver("check_run", pressButton("fix-command", "request-fixes", "bob"));
    await h.drain();
    expect(h.calls("POST", /\/issues$/)).toEqual([]);

    await h.deliver("issue_comment", h.comment("fix-command", 7, "alice", `/gatehouse fix ${first} GH-00000000`));
    await h.drain();
    const created = h.calls("POST", /\/issues$/);
    expect(created).toHaveLength(1);
    expect((created[0]?.body as { body: string }).body).toContain(`<!-- gatehouse:fix-issue ${first} -->`);
    expect(bodies(h.calls("POST", /\/issues\/7\/comments$/)).at(-1)).toContain("not open findings of this repository (fixed, allowed or unknown ids): `GH-00000000`");
    expect(h.calls("POST", /\/reactions$/).map((r) => (r.body as { content: string }).content)).toEqual(["eyes", "rocket"]);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a fix issue GitHub created but answered 502 for is found by the retried job, not filed twice", async () => {
    const h = await createHarness(seed("lost-fix-issue"));
    await h.deliver("pull_request", opened("lost-fix-issue", 7, HEAD, "codex/reports"));
    await h.drain();
    const [first] = findingIds(lastCompletion(h));
    h.sandbox.failNext("POST", "/repos/{owner}/{repo}/issues", 502, 1, { afterHandler: true });
    await h.deliver("issue_comment", h.comment("lost-fix-issue", 7, "alice", `/gatehouse fix ${first}`));
    const job = h.queued[0]!;
    expect(await h.drain()).toEqual({ acked: 0, retried: 1 });
    h.queued.push(job);
    expect(await h.drain({ attempts: 2 })).toEqual({ acked: 1, retried: 0 });
    const issues = h.sandbox.state.repos[0]!.issues.filter((i) => i.labels.includes("gatehouse:fix"));
    expect(issues).toHaveLength(1);
    expect(issues[0]?.body).toContain(`<!-- gatehouse:fix-issue ${first} -->`);
    expect(bodies(h.calls("POST", /\/issues\/7\/comments$/)).at(-1)).toContain(`#${issues[0]?.number} already tracks \`${first}\``);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("an open issue labelled `codex-paused` stops every fix request, and the check run says so", async () => {
    const h = await createHarness(seed("paused", { issues: [{ number: 3, title: "Stop the agents for the release", labels: ["codex-paused"] }] }));
    await h.deliver("pull_request", opened("paused", 7, HEAD, "codex/reports"));
    await h.drain();
    const completion = lastCompletion(h);
    expect(completion.output.summary).toContain("Fix requests are paused: #3 is labelled `codex-paused`");
    expect(completion.actions?.map((a) => a.identifier)).toEqual(["rescan", "allow-help"]);

    await h.deliver("issue_comment", h.comment("paused", 7, "maria", "/gatehouse fix"));
    await h.deliver("check_run", pressButton("paused", "request-fixes", "maria"));
    await h.drain();
    expect(h.calls("POST", /\/issues$/)).toEqual([]);
    const [sticky, ...replies] = bodies(h.calls("POST", /\/issues\/7\/comments$/));
    expect(sticky).toContain("Fix requests are paused: #3");
    expect(replies).toHaveLength(2);
    for (const reply of replies) expect(reply).toContain("Fix requests are paused: #3 is labelled `codex-paused`. Remove the label (or close #3) to resume. Nothing was filed.");
    expect(h.calls("POST", /\/reactions$/).map((r) => (r.body as { content: string }).content)).toEqual(["eyes", "confused"]);

    // Closing the pause issue lifts the kill switch.
    h.sandbox.state.repos[0]!.issues.find((i) => i.number === 3)!.state = "closed";
    await h.deliver("issue_comment", h.comment("paused", 7, "maria", "/gatehouse fix"));
    await h.drain();
    expect(h.calls("POST", /\/issues$/).length).toBeGreaterThanOrEqual(3);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("an installation without the Issues permission still gets its verdict; the check explains why fixes cannot be requested", async () => {
    const h = await createHarness(seed("no-issues"));
    // What GitHub answers an App installed without the Issues permission (not a rate limit: no retry).
    h.sandbox.failNext("GET", "/repos/{owner}/{repo}/issues", 403, 1, {
      body: { message: "Resource not accessible by integration", documentation_url: "https://docs.github.com/rest/issues/issues#list-repository-issues", status: "403" },
    });
    await h.deliver("pull_request", opened("no-issues", 7, HEAD, "codex/reports"));
    await h.drain();
    const completion = lastCompletion(h);
    expect(completion.conclusion).toBe("failure");
    expect(completion.output.summary).toContain("cannot read this repository's issues (grant it the Issues permission");
    expect(completion.actions?.map((a) => a.identifier)).toEqual(["rescan", "allow-help"]);
  });
});

/** PR #7 scanned, a fix issue filed for its `name` query finding, and fix PR #10 (stacked on #7) scanned. */
async function linkedFix(repo: string) {
  const h = await createHarness(
    seed(repo, {
      pulls: [
        { number: 7, head: { ref: "codex/reports", sha: HEAD }, base: { ref: "main", sha: BASE }, filesAtHead: { "src/routes/reports.ts": REPORTS_ROUTE } },
        // Stacked on the agent's branch; its head ref is set once the finding id is known.
        { number: 10, head: { ref: "fix/pending", sha: FIX_HEAD }, base: { ref: "codex/reports", sha: HEAD }, filesAtBase: { "src/routes/reports.ts": REPORTS_ROUTE }, filesAtHead: { "src/routes/reports.ts": ONE_QUERY_FIXED } },
      ],
    }),
  );
  await h.deliver("pull_request", opened(repo, 7, HEAD, "codex/reports"));
  await h.drain();
  // The finding on the `name` query (line 9) is the one the fix PR removes.
  const target = (lastCompletion(h).output.annotations ?? []).find((a) => a.start_line === 9 && a.title.includes("sql/"));
  const findingId = /\((GH-[0-9a-f]{8})\)/.exec(target?.title ?? "")?.[1] ?? "";
  expect(findingId).toMatch(/^GH-/);
  await h.deliver("issue_comment", h.comment(repo, 7, "alice", `/gatehouse fix ${findingId}`));
  await h.drain();
  const issue = h.sandbox.state.repos[0]!.issues.find((i) => i.labels.includes("gatehouse:fix"))!;
  expect(issue).toBeDefined();

  const fixRef = `fix/${findingId}`;
  h.sandbox.state.repos[0]!.pulls.find((p) => p.number === 10)!.head.ref = fixRef;
  await h.deliver("pull_request", opened(repo, 10, FIX_HEAD, fixRef, HEAD));
  await h.drain();
  const status = () => env.DB.prepare("SELECT status, fixed_by_pull FROM findings WHERE owner = 'acme' AND repo = ? AND id = ?").bind(repo, findingId).first();
  const closed = (merged: boolean) => {
    const payload = retarget(pullRequestClosed, { owner: "acme", repo, number: 10, headSha: FIX_HEAD, headRef: fixRef, baseSha: HEAD }) as { pull_request: { merged: boolean } };
    payload.pull_request.merged = merged;
    return payload;
  };
  return { h, findingId, issue, status, closed };
}

describe("fix pull requests", () => {
  it("a fix/<id> PR without the finding marks it fixed, updates the original PR's one comment and the fix issue, and merging closes the issue", async () => {
    const { h, findingId, issue, status, closed } = await linkedFix("fix-pr");
    expect(await status()).toEqual({ status: "fixed", fixed_by_pull: 10 });
    // One comment on #7, edited in place to link the fix.
    expect(h.calls("POST", /\/issues\/7\/comments$/).filter((r) => bodies([r])[0]?.includes("gatehouse:sticky-comment"))).toHaveLength(1);
    const stickyOn7 = h.sandbox.state.repos[0]!.comments.filter((c) => c.issueNumber === 7 && c.body.includes("gatehouse:sticky-comment"));
    expect(stickyOn7).toHaveLength(1);
    expect(stickyOn7[0]?.body).toContain(`\`${findingId}\` fixed by #10`);
    expect(issue.body).toContain("fixed by #10");
    expect(issue.state).toBe("open");

    expect((await h.deliver("pull_request", closed(true))).status).toBe(202);
    await h.drain();
    expect(issue.state).toBe("closed");
    expect(issue.body).toContain("fixed by #10, merged");
    expect(h.sandbox.violations).toEqual([]);
  });

  it("closing the fix PR without merging puts the finding back in the queue and says so on the issue and the comment", async () => {
    const { h, findingId, issue, status, closed } = await linkedFix("fix-pr-abandoned");
    await h.deliver("pull_request", closed(false));
    await h.drain();
    expect(await status()).toEqual({ status: "open", fixed_by_pull: null });
    expect(issue.state).toBe("open");
    expect(issue.body).toContain("open again: #10 was closed without merging");
    const sticky = h.sandbox.state.repos[0]!.comments.find((c) => c.issueNumber === 7 && c.body.includes("gatehouse:sticky-comment"));
    expect(sticky?.body).not.toContain("fixed by #10");
    expect(sticky?.body).toContain(findingId);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a fix/<id> PR that keeps the finding links nothing, and one that adds a finding of its own fails", async () => {
    const h = await createHarness(
      seed("fix-pr-bad", {
        pulls: [
          { number: 7, head: { ref: "codex/reports", sha: HEAD }, base: { ref: "main", sha: BASE }, filesAtHead: { "src/routes/reports.ts": REPORTS_ROUTE } },
          {
            number: 11,
            head: { ref: "fix/pending", sha: FIX_HEAD },
            base: { ref: "codex/reports", sha: HEAD },
            filesAtBase: { "src/routes/reports.ts": REPORTS_ROUTE },
            // Touches the file but not the vulnerable line, and adds a new injection elsewhere.
            filesAtHead: { "src/routes/reports.ts": `${REPORTS_ROUTE}// reviewed\n`, "src/routes/export.ts": 'import { pool } from "../db";\nexport const q = (id: string) => pool.query(`DELETE FROM t WHERE id = ${id}`);\n' },
          },
        ],
      }),
    );
    await h.deliver("pull_request", opened("fix-pr-bad", 7, HEAD, "codex/reports"));
    await h.drain();
    const [findingId] = findingIds(lastCompletion(h));
    const fixRef = `fix/${findingId}`;
    h.sandbox.state.repos[0]!.pulls.find((p) => p.number === 11)!.head.ref = fixRef;
    await h.deliver("pull_request", opened("fix-pr-bad", 11, FIX_HEAD, fixRef, HEAD));
    await h.drain();
    expect(lastCompletion(h).conclusion).toBe("failure");
    const row = await env.DB.prepare("SELECT status, fixed_by_pull FROM findings WHERE owner = 'acme' AND repo = 'fix-pr-bad' AND id = ?").bind(findingId).first();
    expect(row).toEqual({ status: "open", fixed_by_pull: null });
    expect(h.sandbox.violations).toEqual([]);
  });
});

describe("the queue API", () => {
  it("refuses without a valid token (401), hides other installations' repositories (404), and lists open ids with one", async () => {
    const h = await createHarness(seed("queue-api"));
    await h.deliver("pull_request", opened("queue-api", 7, HEAD, "codex/reports"));
    await h.drain();
    const ids = findingIds(lastCompletion(h));
    const token = `gatehouse_${crypto.randomUUID().replace(/-/g, "")}`;
    const otherToken = `gatehouse_${crypto.randomUUID().replace(/-/g, "")}`;
    await h.deps.store.tokens.add(token, 1, "batch driver", new Date().toISOString());
    await h.deps.store.tokens.add(otherToken, 999, "another installation", new Date().toISOString());
    const get = (path: string, auth?: string) => h.request(path, auth ? { headers: { authorization: auth } } : {});

    const missing = await get("/api/repos/acme/queue-api/queue");
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ error: expect.stringContaining("Authorization: Bearer") });
    const wrong = await get("/api/repos/acme/queue-api/queue", "Bearer not-a-token");
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: expect.any(String) });
    const foreign = await get("/api/repos/acme/queue-api/queue", `Bearer ${otherToken}`);
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ error: expect.stringContaining("acme/queue-api") });

    const text = await get("/api/repos/ACME/queue-api/queue", `Bearer ${token}`);
    expect(text.status).toBe(200);
    expect(text.headers.get("content-type")).toContain("text/plain");
    expect((await text.text()).trim().split("\n").sort()).toEqual([...ids].sort());

    const json = (await (await get("/api/repos/acme/queue-api/queue?format=json", `Bearer ${token}`)).json()) as { repository: string; findings: Array<{ id: string; prompt: string; branch: string }> };
    expect(json.repository).toBe("acme/queue-api");
    expect(json.findings.map((f) => f.id).sort()).toEqual([...ids].sort());
    for (const finding of json.findings) {
      expect(finding.prompt).toContain(`Fix Gatehouse finding ${finding.id}`);
      expect(finding.branch).toBe(`fix/${finding.id}`);
    }
    expect(h.sandbox.violations).toEqual([]);
  });
});

describe("finding lifecycle and suppressions", () => {
  it("a re-scan after a push says what is new, still open and fixed, in the same comment", async () => {
    const h = await createHarness(seed("lifecycle"));
    await h.deliver("pull_request", opened("lifecycle", 7, HEAD, "codex/reports"));
    await h.drain();
    const before = findingIds(lastCompletion(h)).length;
    expect(bodies(h.calls("POST", /\/issues\/7\/comments$/))[0]).not.toContain("since the last scan");

    // The agent fixes the `name` query and adds a new injectable one.
    const next = ONE_QUERY_FIXED.replace("\n\n", "\n\nconst audit = (who: string) => pool.query(`INSERT INTO audit VALUES ('${who}')`);\n\n");
    await h.deliver("pull_request", push(h, "lifecycle", 7, PUSHED_HEAD, { "src/routes/reports.ts": next }));
    await h.drain();
    const sticky = h.sandbox.state.repos[0]!.comments.filter((c) => c.issueNumber === 7);
    expect(sticky).toHaveLength(1);
    expect(sticky[0]?.body).toContain(`1 new, ${before - 1} still open, 1 fixed since the last scan.`);
    expect(sticky[0]?.body).toContain("🆕 **sql/js-template-query**");

    await h.deliver("pull_request", push(h, "lifecycle", 7, "8".repeat(40), { "src/routes/reports.ts": ALL_FIXED }));
    await h.drain();
    expect(h.sandbox.state.repos[0]!.comments.filter((c) => c.issueNumber === 7)[0]?.body).toContain(`0 new, 0 still open, ${before} fixed since the last scan.`);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a re-scan of the same head after its base changed publishes the new findings, not the old run's annotations", async () => {
    const h = await createHarness(seed("base-changed"));
    await h.deliver("pull_request", opened("base-changed", 7, HEAD, "codex/reports"));
    await h.drain();
    expect(lastCompletion(h).output.annotations?.map((a) => a.start_line)).toEqual([9, 12, 15]);

    // Retargeted onto a branch that already has the `name` and `owner` queries: only the `tag` one is added now.
    const NEW_BASE = "7".repeat(40);
    const state = h.sandbox.state.repos[0]!;
    const pull = state.pulls.find((p) => p.number === 7)!;
    const onlyTagAdded = REPORTS_ROUTE.replace(/reports\.get\("\/by-tag"[^]*?\}\);\n/, "");
    state.trees[NEW_BASE] = { ...BASE_FILES, "src/routes/reports.ts": onlyTagAdded };
    state.refs["reports-base"] = NEW_BASE;
    pull.base = { ref: "reports-base", sha: NEW_BASE };
    pull.diff = synthesizeDiff(state.trees[NEW_BASE]!, { "src/routes/reports.ts": REPORTS_ROUTE });
    pull.files = changedFilesFromDiff(pull.diff);
    const edited = retarget(pullRequestOpened, { owner: "acme", repo: "base-changed", number: 7, headSha: HEAD, headRef: "codex/reports", baseSha: NEW_BASE }) as Record<string, unknown>;
    edited.action = "edited";
    edited.changes = { base: { ref: { from: "main" }, sha: { from: BASE } } };
    expect((await h.deliver("pull_request", edited)).status).toBe(202);
    await h.drain();

    const latest = state.checkRuns.filter((run) => run.headSha === HEAD).at(-1)!;
    expect(latest).toMatchObject({ status: "completed", conclusion: "failure" });
    expect((latest.annotations as Array<{ start_line: number }>).map((a) => a.start_line)).toEqual([15]);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a PR whose only change adds `// gatehouse-ignore` above an existing finding fails until a maintainer allows it", async () => {
    const ignored = REPORTS_ROUTE.replace("reports.get(\"/by-name\", async (req, res) => {\n", 'reports.get("/by-name", async (req, res) => {\n  // gatehouse-ignore: sql/js-template-query the name is validated by the router\n');
    const h = await createHarness(
      seed("ignore-only", {
        files: { ...BASE_FILES, "src/routes/reports.ts": REPORTS_ROUTE },
        pulls: [{ number: 7, head: { ref: "codex/quiet", sha: HEAD }, base: { ref: "main", sha: BASE }, filesAtHead: { "src/routes/reports.ts": ignored } }],
      }),
    );
    await h.deliver("pull_request", opened("ignore-only", 7, HEAD, "codex/quiet"));
    await h.drain();
    const completion = lastCompletion(h);
    expect(completion.conclusion).toBe("failure");
    const annotations = completion.output.annotations ?? [];
    expect(annotations.map((a) => [a.path, a.start_line, a.title.split(" (")[0]])).toEqual([["src/routes/reports.ts", 9, "high: agent-config/suppression-added"]]);
    const [findingId] = findingIds(completion);

    // A writer cannot allow it; a maintainer can, and the check turns green.
    await h.deliver("issue_comment", h.comment("ignore-only", 7, "alice", `/gatehouse allow ${findingId} reviewed: the router validates the name`));
    await h.drain();
    expect(lastCompletion(h).conclusion).toBe("failure");
    await h.deliver("issue_comment", h.comment("ignore-only", 7, "maria", `/gatehouse allow ${findingId} reviewed: the router validates the name`));
    await h.drain();
    expect(lastCompletion(h).conclusion).toBe("success");
    expect(h.sandbox.violations).toEqual([]);
  });
});
