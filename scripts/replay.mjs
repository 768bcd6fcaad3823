#!/usr/bin/env node
// `npm run replay [-- vulnerable|clean]`: with `npm start` running, signs a real pull_request.opened payload
// (from @octokit/webhooks-examples, in fixtures/events) for one of the sandbox's sample agent PRs, posts it to the
// local Worker, waits for the queue consumer to finish, and prints the check run and the PR comment that the
// GitHub sandbox received.
import { readFileSync } from "node:fs";
import { createHmac } from "node:crypto";

const BASE = process.env.GATEHOUSE_URL ?? "http://127.0.0.1:8787";
const SECRET = process.env.GITHUB_WEBHOOK_SECRET ?? "gatehouse-dev-secret";
const SAMPLES = {
  vulnerable: { number: 1, ref: "codex/user-search", sha: "2".repeat(40) },
  clean: { number: 2, ref: "codex/order-lookup", sha: "3".repeat(40) },
};
const which = process.argv[2] ?? "vulnerable";
const sample = SAMPLES[which];
if (!sample) {
  console.error(`replay: unknown sample \`${which}\`; use one of ${Object.keys(SAMPLES).join(", ")}`);
  process.exit(2);
}

const payload = JSON.parse(readFileSync(new URL("../fixtures/events/pull_request.opened.json", import.meta.url), "utf8"));
payload.number = sample.number;
payload.pull_request.number = sample.number;
payload.pull_request.head.ref = sample.ref;
payload.pull_request.head.sha = sample.sha;
payload.pull_request.base.sha = "1".repeat(40);
payload.repository.name = "shop";
payload.repository.owner.login = "acme";
payload.installation = { ...(payload.installation ?? {}), id: 1 };
const body = JSON.stringify(payload);
const signature = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;

const delivery = `replay-${Date.now()}`;
const response = await fetch(`${BASE}/webhooks/github`, {
  method: "POST",
  body,
  headers: { "content-type": "application/json", "x-github-event": "pull_request", "x-github-delivery": delivery, "x-hub-signature-256": signature },
}).catch((error) => {
  console.error(`replay: cannot reach ${BASE} (${error.cause?.code ?? error.message}); is \`npm start\` running?`);
  process.exit(2);
});
console.log(`POST /webhooks/github -> ${response.status} ${await response.text()}`);

const deadline = Date.now() + 90_000;
let run;
while (Date.now() < deadline) {
  const runs = await (await fetch(`${BASE}/__sandbox/check-runs`)).json();
  run = runs.filter((r) => r.headSha === sample.sha).at(-1);
  if (run?.status === "completed") break;
  await new Promise((resolve) => setTimeout(resolve, 500));
}
if (run?.status !== "completed") {
  console.error(`replay: no completed check run for ${sample.sha.slice(0, 7)} after 90 s (last status: ${run?.status ?? "none"})`);
  process.exit(1);
}
console.log(`\nCheck run "${run.name}" on ${run.headSha.slice(0, 7)}: ${run.status} / ${run.conclusion}`);
console.log(`Title: ${run.output?.title}`);
for (const a of run.annotations ?? []) console.log(`  ${a.annotation_level.padEnd(8)} ${a.path}:${a.start_line}  ${a.title}`);
// The job writes the PR comment after it completes the check run: wait for the comment that names this commit.
let comment;
const commentDeadline = Date.now() + 10_000;
while (Date.now() < commentDeadline) {
  const comments = await (await fetch(`${BASE}/__sandbox/comments`)).json();
  comment = comments.filter((c) => c.issueNumber === sample.number && c.body.includes(sample.sha.slice(0, 7))).at(-1);
  if (comment) break;
  await new Promise((resolve) => setTimeout(resolve, 250));
}
console.log(`\nPR #${sample.number} comment:\n${comment?.body ?? "(none within 10 s of the check run)"}`);
const violations = await (await fetch(`${BASE}/__sandbox/violations`)).json();
console.log(`\nOpenAPI contract violations: ${violations.length}`);
