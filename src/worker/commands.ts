/**
 * Slash commands in PR comments and check-run buttons. Every one checks the actor's role first, reacts
 * (eyes when taken, rocket when done, confused with a reply when refused or malformed) and is recorded in D1
 * by comment id, so a retried job never runs a command twice.
 */
import { DEFAULT_CONFIG, formatConfigProblem, type ConfigResult } from "../core/config.js";
import { FINDING_ID } from "../core/fingerprint.js";
import { hasRole, react, reply, roleOf, type Role } from "../github/comment.js";
import { statusOf, type GitHub } from "../github/client.js";
import { getPullRequest, readConfig, type RepoRef } from "../github/pull-request.js";
import type { Deps } from "./deps.js";
import { describeFixRequest, requestFixes, type FixRequest, type FixRequestOutcome } from "./fix-queue.js";
import type { ActionJob, CommandJob } from "./jobs.js";
import { pullForSha } from "./scan-job.js";

export type ParsedCommand =
  | { name: "recheck" }
  | { name: "help" }
  | { name: "allow"; findingId: string; reason: string }
  | { name: "fix"; findingIds: string[] }
  | { name: "malformed"; problem: string };

export const COMMAND_HELP = [
  "**Gatehouse commands** (write access needed; `allow` needs the role the default branch's config names, maintain by default):",
  "- `/recheck`: scan the pull request's head commit again.",
  "- `/gatehouse fix [finding-id…]`: file one `gatehouse:fix` issue per finding (all open findings of the head commit when no id is given) carrying the fix prompt for an agent. Counts against the repository's daily cap; an open issue or PR labelled `codex-paused` stops all fix requests.",
  "- `/gatehouse allow <finding-id> <reason>`: accept one finding (for example `/gatehouse allow GH-3f9a2c1d test fixture, not shipped`). Recorded with your name and reason.",
  "- `/gatehouse help`: this list.",
].join("\n");

/** True when a comment is addressed to Gatehouse at all (the webhook filters on this before queueing). */
export function isCommand(body: string): boolean {
  return /^\s*\/(recheck\b|gatehouse\b)/m.test(body);
}

export function parseCommand(body: string): ParsedCommand {
  const line = body.split("\n").find((l) => /^\s*\/(recheck\b|gatehouse\b)/.test(l))?.trim() ?? "";
  if (/^\/recheck\s*$/.test(line)) return { name: "recheck" };
  const words = line.split(/\s+/);
  if (words[0] !== "/gatehouse") return { name: "malformed", problem: `\`${line}\` is not a Gatehouse command.` };
  const sub = words[1];
  if (sub === "help" || sub === undefined) return { name: "help" };
  if (sub === "allow") {
    const findingId = words[2] ?? "";
    const reason = words.slice(3).join(" ").trim();
    if (!FINDING_ID.test(findingId)) return { name: "malformed", problem: `\`/gatehouse allow\` needs a finding id like \`GH-3f9a2c1d\` (got \`${findingId || "nothing"}\`).` };
    if (reason.length < 3) return { name: "malformed", problem: "`/gatehouse allow` needs a reason after the finding id, so the next reader knows why it was accepted." };
    return { name: "allow", findingId, reason };
  }
  if (sub === "fix") {
    const ids = words.slice(2).filter(Boolean);
    const bad = ids.find((id) => !FINDING_ID.test(id));
    if (bad) return { name: "malformed", problem: `\`/gatehouse fix\` takes finding ids like \`GH-3f9a2c1d\` (got \`${bad}\`).` };
    return { name: "fix", findingIds: [...new Set(ids)] };
  }
  return { name: "malformed", problem: `\`/gatehouse ${sub}\` is not a command.` };
}

export async function processCommandJob(job: CommandJob, deps: Deps): Promise<string> {
  const ref: RepoRef = { owner: job.owner, repo: job.repo };
  const now = () => deps.now().toISOString();
  const previous = await deps.store.commandOutcome(job.commentId);
  if (previous && previous !== "taken") return previous;
  const gh = await deps.github(job.installationId);
  const command = parseCommand(job.body);
  const record = (outcome: string, detail?: string) =>
    deps.store.recordCommand({ commentId: job.commentId, ...ref, pullNumber: job.pullNumber, actor: job.actor, command: command.name, outcome, ...(detail ? { detail } : {}) }, now());
  await record("taken");
  await react(gh, ref, job.commentId, "eyes");

  if (command.name === "malformed") {
    await record("malformed", command.problem);
    await react(gh, ref, job.commentId, "confused");
    await reply(gh, ref, job.pullNumber, `@${job.actor} ${command.problem}\n\n${COMMAND_HELP}`);
    return "malformed";
  }
  const pull = await getPullRequest(gh, ref, job.pullNumber);
  const needed: Role = command.name === "allow" ? await allowRole(gh, ref) : "write";
  const role = await roleOf(gh, ref, job.actor);
  if (!hasRole(role, needed)) {
    await record("refused", `needs ${needed}, has ${role}`);
    await react(gh, ref, job.commentId, "confused");
    const shown = command.name === "recheck" ? "/recheck" : `/gatehouse ${command.name}`;
    await reply(gh, ref, job.pullNumber, `@${job.actor} \`${shown}\` needs ${needed} access to this repository; you have ${role}. Ask a maintainer to run it.`);
    return "refused";
  }
  if (command.name === "help") {
    await reply(gh, ref, job.pullNumber, COMMAND_HELP);
  } else if (command.name === "fix") {
    const config = await repositoryConfig(gh, ref);
    if (!config.ok) {
      await record("refused", "invalid config");
      await react(gh, ref, job.commentId, "confused");
      await reply(gh, ref, job.pullNumber, `@${job.actor} fix requests need a valid \`.github/gatehouse.yml\`: ${config.problems.map(formatConfigProblem).join("; ")}`);
      return "refused";
    }
    const outcome = await requestFixesOrExplain({ ref, pullNumber: pull.number, headSha: pull.headSha, findingIds: command.findingIds, actor: job.actor, config: config.config }, deps, gh);
    await reply(gh, ref, job.pullNumber, describeFixRequest(outcome, job.actor, pull.number));
    if (outcome.refused) {
      await record("paused", outcome.refused);
      await react(gh, ref, job.commentId, "confused");
      return "paused";
    }
  } else {
    if (command.name === "allow") await deps.store.approve(ref, command.findingId, job.actor, command.reason, now());
    // Both re-scan: an approval changes the verdict of the current head.
    await deps.enqueue({ kind: "scan", requestId: `comment-${job.commentId}`, installationId: job.installationId, ...ref, headSha: pull.headSha, pullNumber: pull.number, trigger: "recheck", forceNew: true });
  }
  await record("done");
  await react(gh, ref, job.commentId, "rocket");
  return "done";
}

/** An installation that never granted the Issues permission gets a reply that says so, not a silent retry loop. */
async function requestFixesOrExplain(request: FixRequest, deps: Deps, gh: GitHub): Promise<FixRequestOutcome> {
  try {
    return await requestFixes(request, deps, gh);
  } catch (error) {
    if (statusOf(error) !== 403) throw error;
    return { created: [], updated: [], overCap: [], notOpen: [], cap: request.config.remediation.dailyCap, refused: "Gatehouse cannot file issues in this repository: the App needs the Issues permission (read and write)." };
  }
}

/**
 * The default branch's config, never the PR's base, for what holds repository-wide: an approval, the daily cap of
 * fix requests, the kill switch's label. A writer who could set them in a branch of their own (and open a PR into
 * it) could otherwise allow a finding everywhere or lift the cap.
 */
async function repositoryConfig(gh: GitHub, ref: RepoRef): Promise<ConfigResult> {
  const { data: repository } = await gh.request("GET /repos/{owner}/{repo}", { ...ref });
  return readConfig(gh, ref, repository.default_branch);
}

async function allowRole(gh: GitHub, ref: RepoRef): Promise<Role> {
  const config = await repositoryConfig(gh, ref);
  return (config.ok ? config.config : DEFAULT_CONFIG).commands.allowRole;
}

/**
 * Check-run buttons: Re-scan queues a new scan; Request fixes files the fix issues for that commit's findings
 * and replies on the PR (a button has no other way to answer); Allow… explains how to allow (a button cannot
 * carry a reason).
 */
export async function processActionJob(job: ActionJob, deps: Deps): Promise<string> {
  const ref: RepoRef = { owner: job.owner, repo: job.repo };
  const gh = await deps.github(job.installationId);
  const role = await roleOf(gh, ref, job.actor);
  if (!hasRole(role, "write")) {
    deps.log("action.refused", { ...ref, actor: job.actor, identifier: job.identifier, role });
    return "refused";
  }
  if (job.identifier === "rescan") {
    await deps.enqueue({ kind: "scan", requestId: job.requestId, installationId: job.installationId, ...ref, headSha: job.headSha, ...(job.pullNumber ? { pullNumber: job.pullNumber } : {}), trigger: "requested_action", forceNew: true });
    return "done";
  }
  if (job.identifier === "request-fixes") {
    const pullNumber = job.pullNumber ?? (await pullForSha(gh, ref, job.headSha));
    if (pullNumber === undefined) return "skipped";
    const config = await repositoryConfig(gh, ref);
    if (!config.ok) {
      await reply(gh, ref, pullNumber, `@${job.actor} fix requests need a valid \`.github/gatehouse.yml\`: ${config.problems.map(formatConfigProblem).join("; ")}`);
      return "refused";
    }
    const outcome = await requestFixesOrExplain({ ref, pullNumber, headSha: job.headSha, findingIds: [], actor: job.actor, config: config.config }, deps, gh);
    await reply(gh, ref, pullNumber, describeFixRequest(outcome, job.actor, pullNumber));
    return outcome.refused ? "paused" : "done";
  }
  if (job.identifier === "allow-help" && job.pullNumber) {
    await reply(gh, ref, job.pullNumber, `@${job.actor} to accept a finding, comment \`/gatehouse allow <finding-id> <reason>\` (the ids are in the check run and in the Gatehouse comment).\n\n${COMMAND_HELP}`);
    return "done";
  }
  deps.log("action.unknown", { ...ref, identifier: job.identifier });
  return "unknown";
}
