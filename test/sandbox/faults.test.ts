/** failNext: injected 502s and secondary rate limits for the next N matching requests, before any state change. */
import { describe, expect, it } from "vitest";
import { call, HEAD_SHA, newSandbox } from "./sandbox-fixture.js";

const RUN = { name: "Gatehouse", head_sha: HEAD_SHA, status: "queued" };

describe("failNext", () => {
  it("fails the next N matching requests with 502 and changes nothing, then answers normally", async () => {
    const sandbox = newSandbox();
    sandbox.failNext("POST", "/repos/{owner}/{repo}/check-runs", 502, 2);
    const statuses = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await call(sandbox, "POST", "/repos/acme/shop/check-runs", RUN)).status);
    expect(statuses).toEqual([502, 502, 201]);
    expect(sandbox.state.repos[0]?.checkRuns).toHaveLength(1);
    expect(sandbox.requests.map((r) => r.status)).toEqual([502, 502, 201]);
    expect(sandbox.violations).toEqual([]);
  });

  it("leaves other methods and paths alone", async () => {
    const sandbox = newSandbox();
    sandbox.failNext("PATCH", "/repos/acme/shop/check-runs/*", 502);
    expect((await call(sandbox, "GET", "/repos/acme/shop")).status).toBe(200);
    const created = await call(sandbox, "POST", "/repos/acme/shop/check-runs", RUN);
    expect(created.status).toBe(201);
    const path = `/repos/acme/shop/check-runs/${created.json.id}`;
    expect((await call(sandbox, "PATCH", path, { status: "in_progress" })).status).toBe(502);
    expect((await call(sandbox, "PATCH", path, { status: "in_progress" })).status).toBe(200);
  });

  it("answers a secondary rate limit as 403 with retry-after and GitHub's message", async () => {
    const sandbox = newSandbox();
    sandbox.failNext("POST", /\/issues\/\d+\/comments$/, 403, 1, { retryAfter: 3 });
    const limited = await call(sandbox, "POST", "/repos/acme/shop/issues/7/comments", { body: "hello" });
    expect(limited.status).toBe(403);
    expect(limited.headers.get("retry-after")).toBe("3");
    expect(limited.json.message).toMatch(/secondary rate limit/);
    expect(sandbox.state.repos[0]?.comments).toHaveLength(1);
    expect((await call(sandbox, "POST", "/repos/acme/shop/issues/7/comments", { body: "hello" })).status).toBe(201);
  });

  it("still records an invalid request as a violation even when a fault is pending", async () => {
    const sandbox = newSandbox();
    sandbox.failNext("POST", "/repos/{owner}/{repo}/check-runs", 502);
    const answer = await call(sandbox, "POST", "/repos/acme/shop/check-runs", { name: "Gatehouse" });
    expect(answer.status).toBe(422);
    expect(sandbox.violations).toHaveLength(1);
  });
});
