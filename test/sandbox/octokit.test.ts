/**
 * Octokit against the sandbox, every operation once: no contract violation, and every answer validates against
 * the response schema in GitHub's description (the sandbox's responses are honest).
 */
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { describe, expect, it } from "vitest";
import { schemaErrors } from "../../src/sandbox/contract/validate-request.js";
import { OPERATIONS } from "../../src/sandbox/index.js";
import { BASE_SHA, HEAD_SHA, newSandbox } from "./sandbox-fixture.js";

describe("Octokit against the sandbox", () => {
  it("calls every operation without a violation, and every answer matches GitHub's response schema", async () => {
    const sandbox = newSandbox();
    const answers: { operationId: string; status: number; json: unknown }[] = [];
    const recordingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const response = await sandbox.fetch(input, init);
      const type = response.headers.get("content-type") ?? "";
      if (type.startsWith("application/json")) {
        answers.push({ operationId: sandbox.requests.at(-1)?.operationId ?? "?", status: response.status, json: await response.clone().json() });
      }
      return response;
    };
    const RetryingOctokit = Octokit.plugin(retry);
    const octokit = new RetryingOctokit({
      auth: sandbox.installationToken(),
      request: { fetch: recordingFetch, retryAfter: 0 },
      retry: { retryAfterBaseValue: 1 },
    });
    const repo = { owner: "acme", repo: "shop" };

    await octokit.request("GET /repos/{owner}/{repo}", repo);
    const pull = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", { ...repo, pull_number: 7 });
    expect(pull.data.head.sha).toBe(HEAD_SHA);
    const diff = await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}", {
      ...repo,
      pull_number: 7,
      mediaType: { format: "diff" },
    });
    expect(String(diff.data)).toContain("diff --git a/src/search.ts");
    await octokit.request("GET /repos/{owner}/{repo}/pulls/{pull_number}/files", { ...repo, pull_number: 7, per_page: 100 });
    await octokit.request("GET /repos/{owner}/{repo}/pulls", { ...repo, state: "open", head: "acme:codex/add-search" });
    await octokit.request("GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls", { ...repo, commit_sha: HEAD_SHA });
    const config = await octokit.request("GET /repos/{owner}/{repo}/contents/{path}", { ...repo, path: ".github/gatehouse.yml", ref: BASE_SHA });
    expect(config.data).toMatchObject({ type: "file", path: ".github/gatehouse.yml" });

    // A 502 on the first try is retried by @octokit/plugin-retry and still lands once.
    sandbox.failNext("POST", "/repos/{owner}/{repo}/check-runs", 502);
    const run = await octokit.request("POST /repos/{owner}/{repo}/check-runs", { ...repo, name: "Gatehouse", head_sha: HEAD_SHA, status: "queued" });
    await octokit.request("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}", {
      ...repo,
      check_run_id: run.data.id,
      conclusion: "failure",
      output: {
        title: "1 high finding",
        summary: "| severity | count |\n| --- | --- |\n| high | 1 |",
        annotations: [{ path: "src/search.ts", start_line: 2, end_line: 2, annotation_level: "failure", message: "SQL built from `q`" }],
      },
      actions: [{ label: "Re-scan", description: "Scan this head again", identifier: "rescan" }],
    });
    const runs = await octokit.request("GET /repos/{owner}/{repo}/commits/{ref}/check-runs", { ...repo, ref: HEAD_SHA, check_name: "Gatehouse" });
    expect(runs.data.check_runs.map((r) => [r.status, r.conclusion, r.output.annotations_count])).toEqual([["completed", "failure", 1]]);
    const one = await octokit.request("GET /repos/{owner}/{repo}/check-runs/{check_run_id}", { ...repo, check_run_id: runs.data.check_runs[0]!.id });
    expect([one.data.status, one.data.output.annotations_count]).toEqual(["completed", 1]);

    const comments = await octokit.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: 7 });
    expect(comments.data.map((c) => c.body)).toEqual(["/recheck"]);
    const sticky = await octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...repo, issue_number: 7, body: "<!-- gatehouse -->\nfindings" });
    expect(sticky.data.user?.login).toBe("gatehouse[bot]");
    expect(sticky.data.user?.type).toBe("Bot");
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...repo, comment_id: sticky.data.id, body: "<!-- gatehouse -->\nall fixed" });
    const eyes = await octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...repo, comment_id: 42, content: "eyes" });
    expect(eyes.status).toBe(201);
    const again = await octokit.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...repo, comment_id: 42, content: "eyes" });
    expect(again.status).toBe(200);
    const permission = await octokit.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...repo, username: "alice" });
    expect(permission.data.role_name).toBe("maintain");

    const issue = await octokit.request("POST /repos/{owner}/{repo}/issues", { ...repo, title: "Fix GH-3f9a2c1d", body: "prompt", labels: ["gatehouse-fix"] });
    await octokit.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", { ...repo, issue_number: issue.data.number, state: "closed" });
    const open = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...repo, labels: "gatehouse-fix", state: "open" });
    expect(open.data).toEqual([]);
    const all = await octokit.request("GET /repos/{owner}/{repo}/issues", { ...repo, labels: "gatehouse-fix", state: "all" });
    expect(all.data.map((i) => i.number)).toEqual([8]);

    expect(sandbox.violations).toEqual([]);
    const calledOperations = new Set(sandbox.requests.map((r) => r.operationId));
    const untested = OPERATIONS.map((op) => op.id).filter((id) => id !== "apps/create-installation-access-token" && !calledOperations.has(id));
    expect(untested).toEqual([]);

    const dishonest = answers
      .filter((answer) => answer.status >= 200 && answer.status < 300)
      .flatMap((answer) => {
        const operation = OPERATIONS.find((op) => op.id === answer.operationId);
        if (!operation?.successSchema) return [`${answer.operationId}: no response schema`];
        return schemaErrors(answer.operationId, operation.successSchema, answer.json);
      });
    expect(dishonest).toEqual([]);
    expect(answers.length).toBeGreaterThanOrEqual(20);
  });
});
