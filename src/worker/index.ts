/**
 * The Worker: `fetch` (webhooks), `queue` (scans, commands, buttons; and the dead-letter queue) and
 * `scheduled` (the stale-check sweep). Under `npm start` (GATEHOUSE_SANDBOX=1) GitHub is the in-process sandbox.
 */
import { createApp } from "./app.js";
import { depsFromEnv, installationClients, type Deps } from "./deps.js";
import type { Env } from "./env.js";
import { workerGrammarLoader } from "./grammars.js";
import { consumeBatch, consumeDeadLetters } from "./queue.js";
import { sweepStaleScans } from "./scheduled.js";
import { startSandboxMode, type SandboxMode } from "./sandbox-mode.js";

let sandboxMode: Promise<SandboxMode> | undefined;
let cached: { env: Env; deps: Deps } | undefined;

async function depsFor(env: Env): Promise<Deps> {
  if (cached?.env === env) return cached.deps;
  let github;
  let appId;
  if (env.GATEHOUSE_SANDBOX === "1") {
    sandboxMode ??= startSandboxMode();
    const mode = await sandboxMode;
    github = mode.github;
    appId = mode.sandbox.state.app.id;
  } else {
    github = installationClients({ apiUrl: env.GITHUB_API_URL, fetch: (input, init) => fetch(input, init), appId: env.GITHUB_APP_ID, privateKey: env.GITHUB_PRIVATE_KEY, now: () => new Date() });
    // Without GITHUB_APP_ID no GitHub call can authenticate anyway; 0 is no App's id, so nothing would match it.
    appId = Number(env.GITHUB_APP_ID ?? 0);
  }
  const deps = depsFromEnv(env, github, workerGrammarLoader, appId);
  cached = { env, deps };
  return deps;
}

const app = createApp(depsFor, async (env) => (env.GATEHOUSE_SANDBOX === "1" ? (await (sandboxMode ??= startSandboxMode())).routes : undefined));

export default {
  fetch: app.fetch,
  async queue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
    if (batch.queue.endsWith("-dlq")) await consumeDeadLetters(batch, await depsFor(env));
    else await consumeBatch(batch, await depsFor(env));
  },
  async scheduled(_controller: ScheduledController, env: Env): Promise<void> {
    await sweepStaleScans(await depsFor(env));
  },
} satisfies ExportedHandler<Env>;
