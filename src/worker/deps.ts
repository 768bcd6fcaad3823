/**
 * Everything the handlers need from the outside world, built once from the bindings. Tests build their own
 * (the GitHub sandbox's fetch, a fixed clock) and call the same handlers.
 */
import { InstallationTokens } from "../github/app-auth.js";
import { createGitHub, type GitHub } from "../github/client.js";
import { redactSecrets } from "../core/redact.js";
import { Store } from "../store/d1.js";
import type { GrammarLoader, RegistryClient } from "../ports.js";
import { createRegistryClient, MemoryCache } from "../registry/index.js";
import type { Env } from "./env.js";
import type { Job } from "./jobs.js";

export interface Deps {
  store: Store;
  enqueue(job: Job): Promise<void>;
  github(installationId: number): Promise<GitHub>;
  grammars: GrammarLoader;
  /** npm, PyPI, OSV…; absent means registry checks are skipped with a note (tests that need none). */
  registry?: RegistryClient;
  now(): Date;
  checkName: string;
  /** The GitHub App's id: check runs of the same name made by anyone else are not ours. */
  appId: number;
  botLogin: string;
  webhookSecret: string;
  log(event: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per event; every value passes through the redactor so a secret can never reach the logs. */
export function jsonLogger(sink: (line: string) => void = console.log): Deps["log"] {
  return (event, fields = {}) => sink(redactSecrets(JSON.stringify({ event, ...fields })));
}

export interface GitHubAccess {
  apiUrl: string;
  fetch: typeof fetch;
  appId?: string;
  privateKey?: string;
  retries?: number;
  now: () => Date;
  /**
   * Which GitHub the content-creation budget (80 writes a minute per installation) belongs to. One deployment
   * talks to one GitHub, so the default is one; each test harness is its own fake GitHub and names its own,
   * or the writes of earlier tests would make a later one wait for the budget to refill (up to a minute).
   */
  budgetScope?: string;
}

/** Installation-scoped Octokit clients; tokens come from the App JWT exchange, cached until near expiry. */
export function installationClients(access: GitHubAccess): (installationId: number) => Promise<GitHub> {
  const base = { baseUrl: access.apiUrl, fetch: access.fetch, retries: access.retries };
  const tokens =
    access.appId && access.privateKey
      ? new InstallationTokens(
          access.appId,
          access.privateKey,
          async (installationId, jwt) => {
            const { data } = await createGitHub({ ...base, token: jwt }).request("POST /app/installations/{installation_id}/access_tokens", { installation_id: installationId });
            return { token: data.token, expiresAt: new Date(data.expires_at) };
          },
          access.now,
        )
      : undefined;
  return async (installationId) => {
    if (!tokens) throw new Error("GITHUB_APP_ID and GITHUB_PRIVATE_KEY are not set; the App cannot authenticate to GitHub");
    return createGitHub({ ...base, token: await tokens.get(installationId), limiterKey: `${access.budgetScope ?? "github"}/installation-${installationId}` });
  };
}

export function depsFromEnv(env: Env, github: (installationId: number) => Promise<GitHub>, grammars: GrammarLoader, appId: number): Deps {
  return {
    store: new Store(env.DB),
    enqueue: async (job) => {
      await env.SCANS.send(job);
    },
    github,
    grammars,
    // One in-memory cache per isolate: a burst of PRs adding the same packages asks the registry once.
    registry: createRegistryClient({ cache: new MemoryCache(), ...(env.NPM_REGISTRY_URL ? { urls: { npm: env.NPM_REGISTRY_URL } } : {}) }),
    now: () => new Date(),
    checkName: env.CHECK_NAME || "Gatehouse",
    appId,
    botLogin: `${env.GITHUB_APP_SLUG ?? "gatehouse"}[bot]`,
    webhookSecret: env.GITHUB_WEBHOOK_SECRET ?? "",
    log: jsonLogger(),
  };
}
