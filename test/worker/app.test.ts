/**
 * End to end inside workerd: a signed real webhook payload goes in, and what comes out is the requests the
 * GitHub sandbox received (each checked against GitHub's OpenAPI description).
 */
import { describe, expect, it } from "vitest";
import checkRunRerequested from "../../fixtures/events/check_run.rerequested.json";
import pullRequestOpened from "../../fixtures/events/pull_request.opened.json";
import pullRequestSynchronize from "../../fixtures/events/pull_request.synchronize.json";
import type { SandboxSeed } from "../../src/sandbox/index.js";
import { MAX_ATTEMPTS } from "../../src/worker/queue.js";
import { createHarness, retarget } from "./support/harness.js";

const BASE = "a".repeat(40);
const VULNERABLE_HEAD = "b".repeat(40);
const CLEAN_HEAD = "c".repeat(40);
const HUMAN_HEAD = "d".repeat(40);
const NEWER_HEAD = "e".repeat(40);

const SEARCH_ROUTE = [
  'import { Router } from "express";',
  'import { pool } from "../db";',
  "",
  "export const search = Router();",
  "",
  'search.get("/search", async (req, res) => {',
  "  const { rows } = await pool.query(`SELECT * FROM products WHERE name LIKE '%${req.query.q}%'`);",
  "  res.json(rows);",
  "});",
  "",
].join("\n");

const SAFE_ROUTE = SEARCH_ROUTE.replace("pool.query(`SELECT * FROM products WHERE name LIKE '%${req.query.q}%'`)", 'pool.query("SELECT * FROM products WHERE name LIKE $1", [`%${req.query.q}%`])')
  .replace('import { pool } from "../db";', 'import { pool } from "../db";\nimport { requireAuth } from "../auth";')
  .replace('search.get("/search", async', 'search.get("/search", requireAuth, async');

// Each test uses its own repository so D1 state (deliveries, scans) never leaks between them.
function seed(repo: string, extra: Partial<SandboxSeed["repos"] extends (infer R)[] | undefined ? R : never> = {}): SandboxSeed {
  return {
    repos: [
      {
        owner: "acme",
        name: repo,
        files: { "src/db.ts": "export const pool = {} as any;\n" },
        permissions: { alice: "write", maria: "maintain", bob: "read" },
        pulls: [
          { number: 7, head: { ref: "codex/add-search", sha: VULNERABLE_HEAD }, base: { ref: "main", sha: BASE }, filesAtHead: { "src/routes/search.ts": SEARCH_ROUTE } },
          { number: 8, head: { ref: "codex/safe-search", sha: CLEAN_HEAD }, base: { ref: "main", sha: BASE }, filesAtHead: { "src/routes/search.ts": SAFE_ROUTE } },
          { number: 9, head: { ref: "feature/search", sha: HUMAN_HEAD }, base: { ref: "main", sha: BASE }, filesAtHead: { "src/routes/search.ts": SEARCH_ROUTE } },
        ],
        ...extra,
      },
    ],
  };
}

const opened = (repo: string, number: number, headSha: string, headRef: string) => retarget(pullRequestOpened, { owner: "acme", repo, number, headSha, headRef, baseSha: BASE });

describe("pull request webhooks to check runs", () => {
  it("a vulnerable agent PR fails with an annotation on the injected line, one check run, one comment", async () => {
    const h = await createHarness(seed("vulnerable"));
    const response = await h.deliver("pull_request", opened("vulnerable", 7, VULNERABLE_HEAD, "codex/add-search"));
    expect(response.status).toBe(202);
    expect(h.queued).toHaveLength(1);
    await h.drain();

    const creates = h.calls("POST", /\/check-runs$/);
    expect(creates).toHaveLength(1);
    expect(creates[0]?.body).toMatchObject({ name: "Gatehouse", head_sha: VULNERABLE_HEAD, status: "queued" });
    const completion = h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { status: string; conclusion: string; output: { title: string; annotations: Array<{ path: string; start_line: number; annotation_level: string }> } };
    expect(completion.status).toBe("completed");
    expect(completion.conclusion).toBe("failure");
    expect(completion.output.annotations.map((a) => [a.path, a.start_line, a.annotation_level])).toContainEqual(["src/routes/search.ts", 7, "failure"]);
    expect(completion.output.title).toMatch(/^Blocked/);

    const comments = h.calls("POST", /\/issues\/7\/comments$/);
    expect(comments).toHaveLength(1);
    expect((comments[0]?.body as { body: string }).body).toContain("sql/js-template-query");
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a clean agent PR succeeds and its comment says there is nothing to fix", async () => {
    const h = await createHarness(seed("clean"));
    await h.deliver("pull_request", opened("clean", 8, CLEAN_HEAD, "codex/safe-search"));
    await h.drain();
    const completion = h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { conclusion: string; output: { annotations?: unknown[] } };
    expect(completion.conclusion).toBe("success");
    expect(completion.output.annotations ?? []).toEqual([]);
    expect((h.calls("POST", /\/issues\/8\/comments$/)[0]?.body as { body: string }).body).toContain("No security findings");
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a PR from a human branch is not gated: no check run at all", async () => {
    const h = await createHarness(seed("human"));
    await h.deliver("pull_request", opened("human", 9, HUMAN_HEAD, "feature/search"));
    await h.drain();
    expect(h.calls("POST", /\/check-runs$/)).toEqual([]);
    expect(h.calls("POST", /\/comments$/)).toEqual([]);
  });

  it("`branches: ['**']` in the base branch's config gates every PR", async () => {
    const h = await createHarness(seed("gate-all", { files: { "src/db.ts": "export const pool = {} as any;\n", ".github/gatehouse.yml": "branches: ['**']\n" } }));
    await h.deliver("pull_request", opened("gate-all", 9, HUMAN_HEAD, "feature/search"));
    await h.drain();
    expect((h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { conclusion: string }).conclusion).toBe("failure");
  });

  it("a broken config fails the check and names the line", async () => {
    const h = await createHarness(seed("bad-config", { files: { ".github/gatehouse.yml": "branches: ['codex/*']\nthreshold: hgh\n" } }));
    await h.deliver("pull_request", opened("bad-config", 8, CLEAN_HEAD, "codex/safe-search"));
    await h.drain();
    const completion = h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { conclusion: string; output: { title: string } };
    expect(completion.conclusion).toBe("failure");
    expect(completion.output.title).toContain("line 2");
    expect(completion.output.title).toContain("`threshold`");
  });

  it("a workflow job named `Gatehouse` on the head commit is not taken for ours: Gatehouse posts its own verdict", async () => {
    const h = await createHarness(seed("foreign-run"));
    // What an agent PR adding an Actions job called `Gatehouse` leaves on its head commit.
    const repo = h.sandbox.state.repos[0]!;
    const actions = { id: 15368, slug: "github-actions", name: "GitHub Actions", owner: { login: "github", id: 9919, type: "User" as const } };
    const foreign = { id: 777, name: "Gatehouse", app: actions, headSha: VULNERABLE_HEAD, status: "completed", conclusion: "success", externalId: null, detailsUrl: null, startedAt: new Date(), completedAt: new Date(), output: { title: null, summary: null, text: null }, annotations: [], actions: [], history: [] };
    repo.checkRuns.push(foreign);
    await h.deliver("pull_request", opened("foreign-run", 7, VULNERABLE_HEAD, "codex/add-search"));
    expect(await h.drain()).toEqual({ acked: 1, retried: 0 });

    expect(h.calls("GET", /\/commits\/[0-9a-f]{40}\/check-runs$/)[0]?.query).toMatchObject({ check_name: "Gatehouse", app_id: "4242" });
    const ours = repo.checkRuns.filter((run) => run.app.id === 4242);
    expect(ours).toHaveLength(1);
    expect(ours[0]).toMatchObject({ name: "Gatehouse", status: "completed", conclusion: "failure" });
    expect(h.calls("PATCH", /\/check-runs\/777$/)).toEqual([]);
    expect(foreign).toMatchObject({ status: "completed", conclusion: "success", history: [] });
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a forged signature gets a bare 401 and queues nothing", async () => {
    const h = await createHarness(seed("forged"));
    const forged = await h.deliver("pull_request", opened("forged", 7, VULNERABLE_HEAD, "codex/add-search"), { secret: "not-the-secret" });
    expect(forged.status).toBe(401);
    expect(await forged.json()).toEqual({ error: "Unauthorized" });
    const unsigned = await h.deliver("pull_request", opened("forged", 7, VULNERABLE_HEAD, "codex/add-search"), { signature: "" });
    expect(unsigned.status).toBe(401);
    expect(h.queued).toEqual([]);
  });

  it("a replayed delivery is processed once", async () => {
    const h = await createHarness(seed("replay"));
    const payload = opened("replay", 7, VULNERABLE_HEAD, "codex/add-search");
    expect((await h.deliver("pull_request", payload, { deliveryId: "same-delivery" })).status).toBe(202);
    const again = await h.deliver("pull_request", payload, { deliveryId: "same-delivery" });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ duplicate: true });
    await h.drain();
    expect(h.calls("POST", /\/check-runs$/)).toHaveLength(1);
  });

  it("a delivery whose job could not be queued is processed when GitHub redelivers it", async () => {
    const h = await createHarness(seed("enqueue-failed"));
    const enqueue = h.deps.enqueue;
    h.deps.enqueue = async () => {
      h.deps.enqueue = enqueue;
      throw new Error("queue send failed");
    };
    const payload = opened("enqueue-failed", 7, VULNERABLE_HEAD, "codex/add-search");
    expect((await h.deliver("pull_request", payload, { deliveryId: "lost-delivery" })).status).toBe(500);
    expect(h.queued).toEqual([]);
    // A redelivery keeps the X-GitHub-Delivery id.
    expect((await h.deliver("pull_request", payload, { deliveryId: "lost-delivery" })).status).toBe(202);
    expect(h.queued).toHaveLength(1);
  });

  it("a retried job (the queue redelivers after success) creates no second check run or comment", async () => {
    const h = await createHarness(seed("retried"));
    await h.deliver("pull_request", opened("retried", 7, VULNERABLE_HEAD, "codex/add-search"));
    const job = h.queued[0]!;
    await h.drain();
    h.queued.push(job);
    await h.drain();
    expect(h.calls("POST", /\/check-runs$/)).toHaveLength(1);
    expect(h.calls("POST", /\/issues\/7\/comments$/)).toHaveLength(1);
    expect(h.calls("PATCH", /\/issues\/comments\/\d+$/)).toHaveLength(1);
    // The second completion sends no annotation the first one already delivered.
    const completions = h.calls("PATCH", /\/check-runs\/\d+$/).filter((r) => (r.body as { status?: string }).status === "completed");
    expect((completions[1]?.body as { output: { annotations?: unknown[] } }).output.annotations ?? []).toEqual([]);
  });

  it("a GitHub 502 on the first try still ends in the right conclusion once the queue retries the job", async () => {
    const h = await createHarness(seed("flaky"));
    h.sandbox.failNext("POST", "/repos/{owner}/{repo}/check-runs", 502, 1);
    await h.deliver("pull_request", opened("flaky", 7, VULNERABLE_HEAD, "codex/add-search"));
    const job = h.queued[0]!;
    expect(await h.drain()).toEqual({ acked: 0, retried: 1 });
    h.queued.push(job);
    expect(await h.drain({ attempts: 2 })).toEqual({ acked: 1, retried: 0 });
    expect(h.calls("POST", /\/check-runs$/).map((r) => r.status)).toEqual([502, 201]);
    expect((h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { conclusion: string }).conclusion).toBe("failure");
  });

  /** GitHub does the create but answers 502 (`route`'s first POST); then the queue retries the whole job. */
  async function afterLostCreate(name: string, route: string) {
    const h = await createHarness(seed(name));
    h.sandbox.failNext("POST", route, 502, 1, { afterHandler: true });
    await h.deliver("pull_request", opened(name, 7, VULNERABLE_HEAD, "codex/add-search"));
    const job = h.queued[0]!;
    expect(await h.drain()).toEqual({ acked: 0, retried: 1 });
    h.queued.push(job);
    expect(await h.drain({ attempts: 2 })).toEqual({ acked: 1, retried: 0 });
    return h;
  }

  it("a check run GitHub created but answered 502 for is found by the retried job, not created twice", async () => {
    const h = await afterLostCreate("lost-check-run", "/repos/{owner}/{repo}/check-runs");
    const runs = h.sandbox.state.repos[0]!.checkRuns;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: "completed", conclusion: "failure" });
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a sticky comment GitHub created but answered 502 for is found by the retried job, not posted twice", async () => {
    const h = await afterLostCreate("lost-comment", "/repos/{owner}/{repo}/issues/{issue_number}/comments");
    const comments = h.sandbox.state.repos[0]!.comments.filter((c) => c.issueNumber === 7);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain("sql/js-template-query");
    expect(h.sandbox.state.repos[0]!.checkRuns).toHaveLength(1);
    expect(h.sandbox.violations).toEqual([]);
  });

  it("a scan that keeps failing is retried, then ends as failure with the reason, never green", async () => {
    const h = await createHarness(seed("broken"));
    h.sandbox.failNext("GET", /\/contents\//, 500, 1000);
    await h.deliver("pull_request", opened("broken", 8, CLEAN_HEAD, "codex/safe-search"));
    const job = h.queued[0]!;
    const first = await h.drain({ attempts: 1 });
    expect(first).toEqual({ acked: 0, retried: 1 });
    h.queued.push(job);
    const last = await h.drain({ attempts: MAX_ATTEMPTS });
    expect(last).toEqual({ acked: 1, retried: 0 });
    const completion = h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { conclusion: string; output: { title: string } };
    expect(completion.conclusion).toBe("failure");
    expect(completion.output.title).toMatch(/^Scan could not complete: Gatehouse could not complete the scan after 6 attempts \(GitHub answered 500/);
    expect(h.calls("PATCH", /\/check-runs\/\d+$/).some((r) => ["success", "neutral"].includes((r.body as { conclusion?: string }).conclusion ?? ""))).toBe(false);
  });

  it("an older push's scan never overwrites the newer one: it is cancelled and leaves the comment alone", async () => {
    const h = await createHarness(seed("superseded"));
    await h.deliver("pull_request", opened("superseded", 7, VULNERABLE_HEAD, "codex/add-search"));
    // The agent pushes a fix before the first scan ran.
    const repo = h.sandbox.state.repos[0]!;
    repo.trees[NEWER_HEAD] = { ...repo.trees[VULNERABLE_HEAD] };
    repo.pulls.find((p) => p.number === 7)!.head.sha = NEWER_HEAD;
    await h.deliver("pull_request", retarget(pullRequestSynchronize, { owner: "acme", repo: "superseded", number: 7, headSha: NEWER_HEAD, headRef: "codex/add-search", baseSha: BASE }));
    await h.drain();
    const creates = h.calls("POST", /\/check-runs$/).map((r) => (r.body as { head_sha: string }).head_sha);
    expect(creates).toEqual([NEWER_HEAD]);
    expect(h.calls("POST", /\/issues\/7\/comments$/)).toHaveLength(1);
    expect(h.sandbox.violations).toEqual([]);
  });
});

describe("re-scans and slash commands", () => {
  it("check_run.rerequested creates a fresh check run for the same commit", async () => {
    const h = await createHarness(seed("rerequest"));
    await h.deliver("pull_request", opened("rerequest", 8, CLEAN_HEAD, "codex/safe-search"));
    await h.drain();
    const rerequest = retarget(checkRunRerequested, { owner: "acme", repo: "rerequest", number: 8, headSha: CLEAN_HEAD });
    (rerequest as { check_run: { name: string } }).check_run.name = "Gatehouse";
    expect((await h.deliver("check_run", rerequest)).status).toBe(202);
    await h.drain();
    expect(h.calls("POST", /\/check-runs$/)).toHaveLength(2);
  });

  it("/recheck from a read-only user is refused with a reply, and nothing is scanned", async () => {
    const h = await createHarness(seed("recheck-read"));
    expect((await h.deliver("issue_comment", h.comment("recheck-read", 7, "bob", "/recheck"))).status).toBe(202);
    await h.drain();
    expect(h.calls("POST", /\/check-runs$/)).toEqual([]);
    const reactions = h.calls("POST", /\/reactions$/).map((r) => (r.body as { content: string }).content);
    expect(reactions).toEqual(["eyes", "confused"]);
    expect((h.calls("POST", /\/issues\/7\/comments$/)[0]?.body as { body: string }).body).toContain("needs write access");
  });

  it("/recheck from a writer scans the head again in a fresh check run, with eyes then rocket", async () => {
    const h = await createHarness(seed("recheck-write"));
    await h.deliver("issue_comment", h.comment("recheck-write", 8, "alice", "/recheck"));
    await h.drain();
    expect(h.calls("POST", /\/check-runs$/).map((r) => (r.body as { head_sha: string }).head_sha)).toEqual([CLEAN_HEAD]);
    expect(h.calls("POST", /\/reactions$/).map((r) => (r.body as { content: string }).content)).toEqual(["eyes", "rocket"]);
    expect((h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { conclusion: string }).conclusion).toBe("success");
  });

  it("a malformed command gets a confused reaction and a reply that says what is wrong", async () => {
    const h = await createHarness(seed("malformed"));
    await h.deliver("issue_comment", h.comment("malformed", 7, "alice", "/gatehouse allow GH-12345678"));
    await h.drain();
    expect(h.calls("POST", /\/reactions$/).map((r) => (r.body as { content: string }).content)).toEqual(["eyes", "confused"]);
    expect((h.calls("POST", /\/issues\/7\/comments$/)[0]?.body as { body: string }).body).toContain("needs a reason");
  });

  it("`/gatehouse allow` is refused for a writer (maintain needed), and a maintainer's allow turns the check green", async () => {
    const h = await createHarness(seed("allow"));
    await h.deliver("pull_request", opened("allow", 7, VULNERABLE_HEAD, "codex/add-search"));
    await h.drain();
    const annotations = (h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { output: { annotations: Array<{ title: string }> } }).output.annotations;
    const findingId = /\((GH-[0-9a-f]{8})\)/.exec(annotations[0]?.title ?? "")?.[1];
    expect(findingId).toBeDefined();

    const allow = `/gatehouse allow ${findingId} the query runs against a read-only demo table`;
    await h.deliver("issue_comment", h.comment("allow", 7, "alice", allow));
    await h.drain();
    // alice has write, allow needs maintain: refused.
    expect(h.calls("POST", /\/issues\/7\/comments$/).at(-1)?.body).toMatchObject({ body: expect.stringContaining("needs maintain access") });

    await h.deliver("issue_comment", h.comment("allow", 7, "maria", allow));
    await h.drain();
    const last = h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { conclusion: string };
    expect(last.conclusion).toBe("success");
    expect(h.sandbox.violations).toEqual([]);
  });

  it("`/gatehouse allow` takes its role from the default branch, not from a base branch a writer configured", async () => {
    const h = await createHarness(
      seed("allow-own-base", {
        pulls: [
          // A branch alice made, whose config lowers the allow role; main keeps the default (maintain).
          {
            number: 7,
            head: { ref: "codex/add-search", sha: VULNERABLE_HEAD },
            base: { ref: "alice/lenient", sha: BASE },
            filesAtBase: { ".github/gatehouse.yml": "commands:\n  allowRole: write\n" },
            filesAtHead: { "src/routes/search.ts": SEARCH_ROUTE },
          },
        ],
      }),
    );
    await h.deliver("pull_request", opened("allow-own-base", 7, VULNERABLE_HEAD, "codex/add-search"));
    await h.drain();
    const annotations = (h.calls("PATCH", /\/check-runs\/\d+$/).at(-1)?.body as { output: { annotations: Array<{ title: string }> } }).output.annotations;
    const findingId = /\((GH-[0-9a-f]{8})\)/.exec(annotations[0]?.title ?? "")?.[1];
    expect(findingId).toBeDefined();

    await h.deliver("issue_comment", h.comment("allow-own-base", 7, "alice", `/gatehouse allow ${findingId} my own branch says writers may`));
    await h.drain();
    expect(h.calls("POST", /\/issues\/7\/comments$/).at(-1)?.body).toMatchObject({ body: expect.stringContaining("needs maintain access") });
    expect(h.calls("POST", /\/reactions$/).map((r) => (r.body as { content: string }).content)).toEqual(["eyes", "confused"]);
    expect(h.calls("POST", /\/check-runs$/)).toHaveLength(1);
    expect(h.sandbox.violations).toEqual([]);
  });
});
