/**
 * The queue API, for the batch remediation driver:
 *
 *   GET /api/repos/:owner/:repo/queue              one open finding id per line (the driver's queue file)
 *   GET /api/repos/:owner/:repo/queue?format=json  { repository, findings: [{ id, …, prompt }] }
 *
 * Needs `Authorization: Bearer <token>`, a token made for the repository's installation by
 * scripts/create-api-token.mjs (D1 keeps only its SHA-256). No or a bad token: 401. A repository of another
 * installation, or one Gatehouse never scanned: 404, the same answer, so a token cannot probe for repositories.
 */
import { Hono } from "hono";
import type { Deps } from "./deps.js";
import type { Env } from "./env.js";
import { HttpError } from "./http-error.js";

export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+([A-Za-z0-9._~+/=-]+)[ \t]*$/i.exec(header ?? "");
  return match?.[1];
}

export function queueApi(deps: (env: Env) => Deps | Promise<Deps>) {
  const api = new Hono<{ Bindings: Env }>();
  api.get("/repos/:owner/:repo/queue", async (c) => {
    const { store } = await deps(c.env);
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw new HttpError(401, "Send `Authorization: Bearer <token>`; tokens are made with scripts/create-api-token.mjs.");
    const installationId = await store.tokens.installationFor(token);
    if (installationId === null) throw new HttpError(401, "The token is not valid (unknown or revoked).");
    const repository = await store.repository({ owner: c.req.param("owner"), repo: c.req.param("repo") });
    if (!repository || repository.installation_id !== installationId) {
      throw new HttpError(404, `No repository ${c.req.param("owner")}/${c.req.param("repo")} for this token's installation.`);
    }
    const ref = { owner: repository.owner, repo: repository.repo };
    const findings = await store.findings.queue(ref);
    const format = c.req.query("format") ?? "text";
    if (format === "json") {
      return c.json({
        repository: `${ref.owner}/${ref.repo}`,
        findings: findings.map((f) => ({ id: f.id, ruleId: f.rule_id, category: f.category, severity: f.severity, path: f.path, line: f.line, message: f.message, pull: f.pull_number, branch: `fix/${f.id}`, prompt: f.fix_prompt })),
      });
    }
    if (format !== "text") throw new HttpError(400, `\`format\` must be text or json (got \`${format}\`).`);
    c.header("cache-control", "no-store");
    return c.text(findings.map((f) => `${f.id}\n`).join(""));
  });
  return api;
}
