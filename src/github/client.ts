/**
 * Octokit for the Worker: base URL configurable (GitHub Enterprise Server), `fetch` injected (the sandbox in
 * tests and `npm start`), transient errors retried with backoff (except creating POSTs, see CREATE_ONCE) and
 * rate limits honoured (`retry-after`).
 */
import { Octokit } from "@octokit/core";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import Bottleneck from "bottleneck/light.js";

const GatehouseOctokit = Octokit.plugin(retry, throttling);

/**
 * GitHub allows about 80 content-creating requests a minute (DESIGN.md). plugin-throttling's defaults space
 * every write 1 s apart and every notifying write 3 s apart, which alone puts a 4-write scan at 5 s; a
 * reservoir of 80 a minute keeps the limit and lets one scan's few writes through at once. Writes stay serial.
 */
const contentCreation = () =>
  new Bottleneck.Group({ maxConcurrent: 1, minTime: 50, reservoir: 80, reservoirRefreshAmount: 80, reservoirRefreshInterval: 60_000 });
// Made on first use: workerd forbids timers (which a Bottleneck group starts) in a module's global scope.
let limiters: { write: Bottleneck.Group; notifications: Bottleneck.Group } | undefined;
export type GitHub = InstanceType<typeof GatehouseOctokit>;

export interface GitHubOptions {
  baseUrl: string;
  fetch: typeof fetch;
  /** An installation token or an App JWT. */
  token: string;
  /** Retries for 5xx and network errors; tests lower the delay through `retryDelayMs`. */
  retries?: number;
  userAgent?: string;
  /** Requests sharing a key share the content-creation budget (one per installation). */
  limiterKey?: string;
}

export function createGitHub(options: GitHubOptions): GitHub {
  return new GatehouseOctokit({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    auth: options.token,
    userAgent: options.userAgent ?? "gatehouse",
    request: { fetch: options.fetch },
    retry: { retries: options.retries ?? 3 },
    throttle: {
      id: options.limiterKey ?? "gatehouse",
      ...(limiters ??= { write: contentCreation(), notifications: contentCreation() }),
      // Both handlers retry twice, after the wait GitHub asked for; past that the job fails and the queue retries it.
      onRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
      onSecondaryRateLimit: (_retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) => retryCount < 2,
    },
  });
}

/**
 * For POSTs that create something (a check run, a comment, an issue). GitHub may have done the work and still
 * answer 502 or drop the connection; resending would make a second one. These fail instead, and the queue
 * retries the whole job, which looks for what the lost answer created before it creates anything.
 */
export const CREATE_ONCE = { retries: 0 } as const;

/** The HTTP status of an Octokit error, or undefined for anything else. */
export function statusOf(error: unknown): number | undefined {
  return typeof error === "object" && error !== null && "status" in error && typeof error.status === "number" ? error.status : undefined;
}
