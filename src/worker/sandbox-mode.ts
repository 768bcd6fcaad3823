/**
 * `npm start` without App credentials: GitHub is the in-process sandbox seeded from fixtures/sandbox, reached
 * through the same Octokit code and the same App JWT flow (with a key pair made at start-up). Its state is
 * readable at /__sandbox/* so `npm run replay` can show what Gatehouse wrote.
 */
import { Hono } from "hono";
import { SANDBOX_SEED } from "../../fixtures/sandbox/seed.js";
import { createGitHubSandbox, type GitHubSandbox } from "../sandbox/index.js";
import type { GitHub } from "../github/client.js";
import { generateAppKeyPair } from "../github/app-auth.js";
import { installationClients } from "./deps.js";

export interface SandboxMode {
  sandbox: GitHubSandbox;
  github: (installationId: number) => Promise<GitHub>;
  routes: Hono;
}

export async function startSandboxMode(): Promise<SandboxMode> {
  const { privateKeyPem, publicKey } = await generateAppKeyPair();
  const sandbox = createGitHubSandbox({ ...SANDBOX_SEED, app: { id: 1, slug: "gatehouse", publicKey } });
  const github = installationClients({ apiUrl: "https://sandbox.invalid", fetch: sandbox.fetch, appId: "1", privateKey: privateKeyPem, now: () => new Date() });
  const routes = new Hono();
  routes.get("/requests", (c) => c.json(sandbox.requests));
  routes.get("/violations", (c) => c.json(sandbox.violations));
  routes.get("/check-runs", (c) => c.json(sandbox.state.repos.flatMap((repo) => repo.checkRuns)));
  routes.get("/comments", (c) => c.json(sandbox.state.repos.flatMap((repo) => repo.comments)));
  routes.get("/issues", (c) => c.json(sandbox.state.repos.flatMap((repo) => repo.issues)));
  return { sandbox, github, routes };
}
