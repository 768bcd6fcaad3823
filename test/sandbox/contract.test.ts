/**
 * Requests GitHub would refuse are refused (422) and recorded as contract violations; valid ones pass.
 */
import { describe, expect, it } from "vitest";
import { call, HEAD_SHA, newSandbox } from "./sandbox-fixture.js";

const CHECK_RUNS = "/repos/acme/shop/check-runs";

function annotation(line: number) {
  return { path: "src/search.ts", start_line: line, end_line: line, annotation_level: "failure", message: `finding ${line}` };
}

function completedRun(overrides: Record<string, unknown> = {}) {
  return {
    name: "Gatehouse",
    head_sha: HEAD_SHA,
    status: "completed",
    conclusion: "failure",
    output: { title: "1 finding", summary: "SQL built from input", annotations: [annotation(2)] },
    ...overrides,
  };
}

describe("request contract", () => {
  it("accepts a valid check run create and records no violation", async () => {
    const sandbox = newSandbox();
    const created = await call(sandbox, "POST", CHECK_RUNS, completedRun());
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ head_sha: HEAD_SHA, status: "completed", conclusion: "failure" });
    expect(created.json.output.annotations_count).toBe(1);
    expect(sandbox.violations).toEqual([]);
    expect(sandbox.state.repos[0]?.checkRuns).toHaveLength(1);
  });

  it("accepts exactly 50 annotations", async () => {
    const sandbox = newSandbox();
    const annotations = Array.from({ length: 50 }, (_, i) => annotation(i + 1));
    const created = await call(sandbox, "POST", CHECK_RUNS, completedRun({ output: { title: "t", summary: "s", annotations } }));
    expect(created.status).toBe(201);
    expect(sandbox.violations).toEqual([]);
  });

  const rejected: [string, string, string, unknown, RegExp][] = [
    [
      "51 annotations in one request",
      "POST",
      CHECK_RUNS,
      completedRun({ output: { title: "t", summary: "s", annotations: Array.from({ length: 51 }, (_, i) => annotation(i + 1)) } }),
      /51 annotations in one request; GitHub accepts at most 50/,
    ],
    [
      "a summary over 65,535 characters",
      "POST",
      CHECK_RUNS,
      completedRun({ output: { title: "t", summary: "x".repeat(65_536) } }),
      /body\/output\/summary: 65536 characters; GitHub accepts at most 65535/,
    ],
    ["a conclusion outside the enum", "POST", CHECK_RUNS, completedRun({ conclusion: "passed" }), /body\/conclusion/],
    ["a missing required field (head_sha)", "POST", CHECK_RUNS, { name: "Gatehouse" }, /head_sha/],
    ["completed without a conclusion", "POST", CHECK_RUNS, completedRun({ conclusion: undefined }), /required when `status` is `completed`/],
    ["an unknown path", "GET", "/repos/acme/shop/check-suites/1/runs", undefined, /not an operation in fixtures\/github\/openapi-subset.json/],
    ["a method the path does not have", "DELETE", CHECK_RUNS + "/1", undefined, /DELETE is not allowed.*PATCH/],
    ["a non-integer path parameter", "GET", "/repos/acme/shop/pulls/seven", undefined, /path parameter `pull_number`/],
    ["an undefined query parameter", "GET", "/repos/acme/shop/pulls/7/files?perpage=100", undefined, /query parameter `perpage` is not defined/],
    ["a query value outside its enum", "GET", "/repos/acme/shop/pulls?state=merged", undefined, /query parameter `state`/],
    ["a comment body over 65,535 characters", "POST", "/repos/acme/shop/issues/7/comments", { body: "y".repeat(65_536) }, /body\/body: 65536 characters/],
    ["a reaction outside the enum", "POST", "/repos/acme/shop/issues/comments/42/reactions", { content: "thumbsup" }, /body\/content/],
  ];

  it.each(rejected)("rejects %s with 422 and records it", async (_name, method, path, body, message) => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, method, path, body);
    expect(answer.status).toBe(422);
    expect(answer.json.message).toMatch(message);
    expect(sandbox.violations).toHaveLength(1);
    expect(sandbox.violations[0]?.errors.join("\n")).toMatch(message);
    expect(sandbox.state.repos[0]?.checkRuns).toHaveLength(0);
  });

  it("rejects a check run for a SHA that is not a commit, as GitHub does", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "POST", CHECK_RUNS, completedRun({ head_sha: "c".repeat(40) }));
    expect(answer.status).toBe(422);
    expect(answer.json.message).toMatch(/No commit found for SHA/);
    expect(sandbox.violations.map((v) => v.kind)).toEqual(["rejected"]);
  });

  it("answers 401 without credentials and records it", async () => {
    const sandbox = newSandbox();
    const answer = await call(sandbox, "GET", "/repos/acme/shop", undefined, { authorization: "" });
    expect(answer.status).toBe(401);
    expect(answer.json.message).toBe("Bad credentials");
    expect(sandbox.violations.map((v) => v.kind)).toEqual(["unauthenticated"]);
  });

  it("logs method, path, query, parsed body and status, without the token", async () => {
    const sandbox = newSandbox();
    await call(sandbox, "POST", CHECK_RUNS, completedRun());
    await call(sandbox, "GET", "/repos/acme/shop/pulls/7/files?per_page=5");
    expect(sandbox.requests.map((r) => [r.method, r.path, r.status, r.operationId])).toEqual([
      ["POST", CHECK_RUNS, 201, "checks/create"],
      ["GET", "/repos/acme/shop/pulls/7/files", 200, "pulls/list-files"],
    ]);
    expect(sandbox.requests[1]?.query).toEqual({ per_page: "5" });
    expect(sandbox.requests[0]?.body).toMatchObject({ name: "Gatehouse", conclusion: "failure" });
    expect(sandbox.requests[0]?.headers.authorization).toBeUndefined();
    expect(sandbox.requests[0]?.headers.accept).toBe("application/vnd.github+json");
  });
});
