/**
 * Octokit for the Worker: base URL configurable (GitHub Enterprise Server), `fetch` injected (the sandbox in
 * tests and `npm start`), transient errors retried with backoff and rate limits honoured (`retry-after`).
 */
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";

const GatehouseOctokit = Octokit.plugin(retry, throttling);
export type GitHub = InstanceType<typeof GatehouseOctokit>;

export interface GitHubOptions {
  baseUrl: string;
  fetch: typeof fetch;
  /** An installation token or an App JWT. */
  token: string;
  /** Retries for 5xx and network errors; tests lower the delay through `retryDelayMs`. */
  retries?: number;
  userAgent?: string;
}

export function createGitHub(options: GitHubOptions): GitHub {
  return new GatehouseOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    auth: options.token,
    userAgent: options.userAgent ?? "gatehouse",
    request: { fetch: options.fetch },
    retry: { retries: options.retries ?? 3 },
    throttle: {
      // Both handlers retry twice, after the wait GitHub asked for; past that the job fails and the queue retries it.
      onRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
    },
  });
}

/** The HTTP status of an Octokit error, or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : undefined;
}
