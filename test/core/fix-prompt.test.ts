/**
 * The fix prompt for one finding per category, as a committed snapshot a reviewer reads like ruff's .snap: each
 * names the finding id, the exact file and line, the minimal change, the branch and the guardrails. The
 * detections are written out here (modelled on the real rules and analyzers) so that a rule's wording changing
 * elsewhere does not churn this file; the agent-config one comes from the real analyzer.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAgentsMd } from "../../src/core/agents-md.js";
import type { Detection } from "../../src/core/analyzers/analyzer.js";
import { analyzeAgentScope } from "../../src/core/analyzers/agent-scope.js";
import { secretsAnalyzer } from "../../src/core/analyzers/secrets.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { CATEGORIES, type Category } from "../../src/core/finding.js";
import { buildFixPrompt } from "../../src/core/fix-prompt.js";
import { scan } from "../../src/core/scan.js";
import { withBase62Crc32Suffix } from "../../src/core/secrets/checksum.js";
import { SampleGen } from "../../src/core/secrets/sample-gen.js";
import { addedFile } from "../support/secret-samples.js";

function detection(fields: Omit<Detection, "confidence" | "endLine" | "matchedText"> & { endLine?: number }): Detection {
  return { confidence: "high", endLine: fields.line, matchedText: "", ...fields };
}

const agentConfig = analyzeAgentScope({
  files: [
    {
      file: { path: "src/routes/search.ts", status: "modified", addedLines: [6], hunks: [] },
      text: 'search.get("/search", async (req, res) => {\n'.repeat(5) + "  // gatehouse-ignore: sql/js-template-query input is escaped upstream\n",
      added: new Set([6]),
    },
  ],
})[0]!;

const SAMPLES: Record<Category, Detection> = {
  auth: detection({
    ruleId: "auth/route-without-auth",
    category: "auth",
    severity: "high",
    path: "src/routes/admin.ts",
    line: 14,
    message: "`DELETE /api/users/:id` in `src/routes/admin.ts` has no authentication check, while the other routes in this file use `requireAuth`.",
    why: "Anyone who can reach the server can delete any user account without logging in.",
    fix: "Protect `DELETE /api/users/:id` with `requireAuth`, as the other routes in this file do, and check that the caller owns the account or is an admin.",
  }),
  sql: detection({
    ruleId: "sql/js-template-query",
    category: "sql",
    severity: "high",
    path: "src/routes/search.ts",
    line: 7,
    message: "`query` runs SQL built from `req.query.q` by string interpolation",
    why: "Whoever controls `req.query.q` can rewrite the query (SQL injection) and read or change any row the database user can.",
    fix: "Pass `req.query.q` as a bound parameter (`$1` placeholder and a values array) instead of interpolating it into the SQL text.",
  }),
  "path-traversal": detection({
    ruleId: "path-traversal/js-send-file",
    category: "path-traversal",
    severity: "high",
    path: "src/routes/export.ts",
    line: 21,
    message: "`res.sendFile` serves a path built from request data (`req.params.file`) with no `root` option or base-directory check",
    why: "A request for `../../.env` makes the server send files outside the intended folder (path traversal).",
    fix: "Call `res.sendFile(path.basename(req.params.file), { root: EXPORT_DIR })` so only files inside `EXPORT_DIR` can be served.",
  }),
  package: detection({
    ruleId: "package/not-found",
    category: "package",
    severity: "critical",
    path: "requirements.txt",
    line: 3,
    message: "`reqeusts` is not on PyPI; it looks like a typo of `requests`.",
    why: "A name that does not exist yet can be registered by anyone, and the next install runs their code (slopsquatting).",
    fix: "Replace `reqeusts` with `requests` in `requirements.txt` line 3, or remove the line if the package is not needed.",
  }),
  secret: detection({
    ruleId: "secret/github-pat",
    category: "secret",
    severity: "critical",
    path: "src/api.ts",
    line: 2,
    message: "GitHub personal access token assigned to `token` in `src/api.ts` (its checksum is valid, so it is a real token).",
    why: "Anyone with read access to the repository, its forks or CI logs can act as the token's owner; a pushed secret is burned even if the PR is closed.",
    fix: "Revoke and rotate this GitHub personal access token at GitHub, then read it from `process.env.GITHUB_TOKEN` instead of the source.",
  }),
  iac: detection({
    ruleId: "iac/terraform-s3-public-acl",
    category: "iac",
    severity: "high",
    path: "infra/storage.tf",
    line: 9,
    endLine: 11,
    message: "`aws_s3_bucket_acl.reports` makes the bucket readable by everyone (`acl = \"public-read\"`).",
    why: "Every object in the bucket can be listed and downloaded by anyone on the internet.",
    fix: 'Set `acl = "private"` on `aws_s3_bucket_acl.reports` and serve files through presigned URLs if they must be shared.',
  }),
  injection: detection({
    ruleId: "injection/js-exec-dynamic-command",
    category: "injection",
    severity: "critical",
    path: "src/git.ts",
    line: 18,
    message: "`exec` runs a shell command built from `req.query.ref`",
    why: "`exec` hands the whole string to /bin/sh, so a value like `; rm -rf ~` in `req.query.ref` runs as a command on the server (OS command injection).",
    fix: "Call `execFile(\"git\", [\"log\", ref])` with the arguments as an array, after checking `ref` against `/^[\\w./-]+$/`.",
  }),
  ssrf: detection({
    ruleId: "ssrf/js-request-url",
    category: "ssrf",
    severity: "high",
    path: "src/routes/preview.ts",
    line: 11,
    message: "`fetch` requests a URL taken from the HTTP request (`req.body.url`)",
    why: "Whoever sends the request chooses where the server connects (server-side request forgery), including cloud metadata endpoints.",
    fix: "Parse `req.body.url` with `new URL()`, require `https:`, and check its `hostname` against an allowlist before the request.",
  }),
  tls: detection({
    ruleId: "tls/node-reject-unauthorized",
    category: "tls",
    severity: "high",
    path: "src/payments/client.ts",
    line: 5,
    message: "`rejectUnauthorized: false` turns off certificate checks for this HTTPS agent",
    why: "Anyone on the network path can impersonate the payment provider and read or change the traffic (man in the middle).",
    fix: "Remove `rejectUnauthorized: false`; if the provider uses a private CA, pass its certificate through the `ca` option instead.",
  }),
  "error-leak": detection({
    ruleId: "error-leak/js-error-to-response",
    category: "error-leak",
    severity: "medium",
    path: "src/app.ts",
    line: 40,
    message: "The error handler sends `err.stack` to the client",
    why: "Stack traces reveal file paths, library versions and sometimes query text that help an attacker.",
    fix: "Log `err` on the server and send `{ error: \"Internal error\" }` with status 500 instead of `err.stack`.",
  }),
  "tests-disabled": detection({
    ruleId: "tests-disabled/js-skipped-test",
    category: "tests-disabled",
    severity: "high",
    path: "test/auth.test.ts",
    line: 33,
    message: "`it.skip` disables the test \"rejects an expired token\"",
    why: "A skipped test turns a red build green without fixing what it checked.",
    fix: "Change `it.skip` back to `it` in `test/auth.test.ts` line 33 and fix the code until the test passes.",
  }),
  "agent-config": agentConfig,
};

const ID = "GH-3f9a2c1d";

describe("fix prompts", () => {
  it("has a reviewed sample for every category", () => {
    expect(Object.keys(SAMPLES).sort()).toEqual([...CATEGORIES].sort());
  });

  it.each(CATEGORIES)("%s: names the id, file, line, change, branch and guardrails", (category) => {
    const sample = SAMPLES[category];
    const prompt = buildFixPrompt(ID, sample);
    expect(prompt).toContain(`Fix Gatehouse finding ${ID}`);
    expect(prompt).toContain(`\`fix/${ID}\``);
    expect(prompt).toContain(`Where: \`${sample.path}\` line${sample.endLine > sample.line ? "s" : ""} ${sample.line}`);
    expect(prompt).toContain(`Change: ${sample.fix}`);
    expect(prompt).toContain("do not disable, skip or delete tests");
    expect(prompt).toContain("If the tests fail, stop and explain why");
    expect(prompt).toMatchSnapshot();
  });

  it("uses the repository's AGENTS.md: its test and lint commands, out-of-scope paths and PR title format", () => {
    const guidance = parseAgentsMd(readFileSync(new URL("../../fixtures/remediation/agents-md/turbo-monorepo.md", import.meta.url), "utf8"));
    expect(buildFixPrompt(ID, SAMPLES.sql, guidance)).toMatchInlineSnapshot(`
      "Fix Gatehouse finding GH-3f9a2c1d (sql/js-template-query, high severity) on a new branch \`fix/GH-3f9a2c1d\`.
      Where: \`src/routes/search.ts\` line 7.
      What: \`query\` runs SQL built from \`req.query.q\` by string interpolation
      Why it matters: Whoever controls \`req.query.q\` can rewrite the query (SQL injection) and read or change any row the database user can.
      Change: Pass \`req.query.q\` as a bound parameter (\`$1\` placeholder and a values array) instead of interpolating it into the SQL text.
      Rules:
      - Make the smallest change that removes this finding; do not refactor, reformat or fix anything else.
      - Run the tests (\`pnpm turbo run test --filter <project_name>\`) and the linter (\`pnpm lint --filter <project_name>\`); do not disable, skip or delete tests.
      - Stay inside the paths the repository's AGENTS.md allows; do not touch \`db/migrations/**\`, \`infra/terraform/**\`, \`**/*.generated.ts\`.
      - If the tests fail, stop and explain why in the pull request instead of forcing them green.
      - Title the pull request in this repository's format (\`[<project_name>] <Title>\`) and name GH-3f9a2c1d in its description."
    `);
  });

  it("never carries a detected secret: the scan core redacts the prompt", async () => {
    const token = withBase62Crc32Suffix("ghp_", new SampleGen(11).alnum(30));
    const result = await scan(
      { files: [addedFile("src/api.ts", `const token = "${token}";\n`)], notes: [] },
      DEFAULT_CONFIG,
      { grammars: { load: () => Promise.reject(new Error("no grammar needed")) } },
      { rules: [], analyzers: [secretsAnalyzer] },
    );
    const prompt = result.findings[0]?.fix.prompt ?? "";
    expect(prompt).toContain(`Fix Gatehouse finding ${result.findings[0]?.id}`);
    expect(prompt).not.toContain(token);
    expect(prompt).not.toContain(token.slice(8));
  });
});
