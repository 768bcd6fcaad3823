/**
 * Drives the real Worker handlers inside workerd against the GitHub sandbox: signs real webhook payloads
 * (@octokit/webhooks-examples) as GitHub does, posts them to the Hono app, and runs the queued jobs through the
 * real queue consumer. Only the clock, the queue transport and GitHub itself are stand-ins.
 */
import { env } from "cloudflare:test";
import { sign } from "@octokit/webhooks-methods";
import issueCommentCreated from "../../../fixtures/events/issue_comment.created.json";
import { generateAppKeyPair } from "../../../src/github/app-auth.js";
import { createGitHubSandbox, type GitHubSandbox, type SandboxSeed } from "../../../src/sandbox/index.js";
import { actorFor } from "../../../src/sandbox/state.js";
import { Store } from "../../../src/store/d1.js";
import { createApp } from "../../../src/worker/app.js";
import { installationClients, type Deps } from "../../../src/worker/deps.js";
import { workerGrammarLoader } from "../../../src/worker/grammars.js";
import type { Job } from "../../../src/worker/jobs.js";
import { consumeBatch } from "../../../src/worker/queue.js";

export const WEBHOOK_SECRET = "test-webhook-secret";

export interface QueueOutcome {
  acked: number;
  retried: number;
}

export interface Harness {
  sandbox: GitHubSandbox;
  deps: Deps;
  queued: Job[];
  logs: string[];
  deliver(event: string, payload: unknown, options?: { deliveryId?: string; secret?: string; signature?: string }): Promise<Response>;
  /** Runs every queued job through the consumer (jobs queued meanwhile too); `attempts` simulates redeliveries. */
  drain(options?: { attempts?: number }): Promise<QueueOutcome>;
  /** A comment that exists on GitHub (so reactions to it work) and the real `issue_comment.created` payload for it. */
  comment(repo: string, number: number, login: string, body: string): unknown;
  /** A request to the Worker's HTTP app (the queue API, health check). */
  request(path: string, init?: RequestInit): Promise<Response>;
  /** Requests the sandbox received for one operation, in order. */
  calls(method: string, pathPattern: RegExp): GitHubSandbox["requests"];
}

let counter = 0;

export async function createHarness(seed: SandboxSeed): Promise<Harness> {
  const { privateKeyPem, publicKey } = await generateAppKeyPair();
  const sandbox = createGitHubSandbox({ ...seed, app: { id: 4242, slug: "gatehouse", publicKey } });
  const queued: Job[] = [];
  const logs: string[] = [];
  const deps: Deps = {
    store: new Store(env.DB),
    enqueue: async (job) => {
      queued.push(job);
    },
    github: installationClients({ apiUrl: "https://api.github.com", fetch: sandbox.fetch, appId: "4242", privateKey: privateKeyPem, retries: 2, now: () => new Date(), budgetScope: `sandbox-${++counter}` }),
    grammars: workerGrammarLoader,
    now: () => new Date(),
    checkName: "Gatehouse",
    appId: 4242,
    botLogin: "gatehouse[bot]",
    webhookSecret: WEBHOOK_SECRET,
    log: (event, fields) => logs.push(JSON.stringify({ event, ...fields })),
  };
  const app = createApp(() => deps);
  return {
    sandbox,
    deps,
    queued,
    logs,
    async deliver(event, payload, options = {}) {
      const body = JSON.stringify(payload);
      const signature = options.signature ?? (await sign(options.secret ?? WEBHOOK_SECRET, body));
      return app.request("/webhooks/github", {
        method: "POST",
        body,
        headers: { "content-type": "application/json", "x-github-event": event, "x-github-delivery": options.deliveryId ?? `delivery-${++counter}-${Date.now()}`, "x-hub-signature-256": signature },
      });
    },
    async drain(options = {}) {
      const outcome = { acked: 0, retried: 0 };
      while (queued.length > 0) {
        const jobs = queued.splice(0, queued.length);
        const messages = jobs.map((body, index) => ({
          id: `m${index}`,
          timestamp: new Date(),
          body,
          attempts: options.attempts ?? 1,
          ack: () => void outcome.acked++,
          retry: () => void outcome.retried++,
        }));
        await consumeBatch({ queue: "gatehouse-scans", messages, ackAll: () => undefined, retryAll: () => undefined } as unknown as MessageBatch<unknown>, deps);
      }
      return outcome;
    },
    comment(repoName, number, login, body) {
      const repo = sandbox.state.repos.find((r) => r.name === repoName);
      if (!repo) throw new Error(`no seeded repository ${repoName}`);
      // Comment ids are unique across GitHub, and D1 keys commands by them; every sandbox starts counting at 1000.
      const id = 50_000_000 + ++counter;
      const now = new Date();
      repo.comments.push({ id, issueNumber: number, body, user: actorFor(login), createdAt: now, updatedAt: now, reactions: [] });
      const payload = retarget(issueCommentCreated, { owner: repo.owner, repo: repoName, number }) as { comment: { id: number; body: string; user: { login: string; type: string } } };
      payload.comment.id = id;
      payload.comment.body = body;
      payload.comment.user = { ...payload.comment.user, login, type: "User" };
      return payload;
    },
    async request(path, init) {
      return app.request(path, init);
    },
    calls(method, pathPattern) {
      return sandbox.requests.filter((r) => r.method === method && pathPattern.test(r.path));
    },
  };
}

/** A real payload with the repository, installation, PR and SHAs of the sandbox seed swapped in. */
export function retarget<T>(payload: T, target: { owner: string; repo: string; installationId?: number; number?: number; headSha?: string; headRef?: string; baseSha?: string }): T {
  // `any` because payloads are deeply nested JSON; every field set here is checked again by the handlers' zod schemas.
  const copy = structuredClone(payload) as Record<string, any>;
  copy.repository.name = target.repo;
  copy.repository.owner.login = target.owner;
  copy.repository.full_name = `${target.owner}/${target.repo}`;
  copy.installation = { ...(copy.installation ?? {}), id: target.installationId ?? 1 };
  const pr = copy.pull_request;
  if (pr) {
    if (target.number) {
      pr.number = target.number;
      copy.number = target.number;
    }
    if (target.headSha) pr.head.sha = target.headSha;
    if (target.headRef) pr.head.ref = target.headRef;
    if (target.baseSha) pr.base.sha = target.baseSha;
  }
  for (const key of ["check_run", "check_suite"]) {
    const check = copy[key];
    if (check && target.headSha) check.head_sha = target.headSha;
    if (check && target.number) check.pull_requests = [{ number: target.number, head: { sha: target.headSha } }];
  }
  if (copy.issue && target.number) {
    copy.issue.number = target.number;
    // Comments on pull requests carry this link; the example payload is from a plain issue.
    copy.issue.pull_request ??= { url: `https://api.github.com/repos/${target.owner}/${target.repo}/pulls/${target.number}` };
  }
  return copy as T;
}
