/**
 * One thin handler per event: read the few fields it needs, decide whether Gatehouse has work, and return the
 * job to queue (or null). The scan itself always runs in the queue consumer.
 */
import { isCommand } from "../commands.js";
import type { Deps } from "../deps.js";
import { fixTarget } from "../fix-links.js";
import type { Job } from "../jobs.js";
import { checkRunEvent, checkSuiteEvent, issueCommentEvent, pullRequestEvent } from "./schemas.js";

export interface EventContext {
  deliveryId: string;
  deps: Deps;
}

type Handler = (payload: unknown, context: EventContext) => Promise<Job | null>;

const SCANNED_PR_ACTIONS = new Set(["opened", "synchronize", "reopened", "ready_for_review"]);

const repoOf = (payload: { repository: { name: string; owner: { login: string } }; installation: { id: number } }) => ({
  installationId: payload.installation.id,
  owner: payload.repository.owner.login,
  repo: payload.repository.name,
});

export const pullRequest: Handler = async (raw, { deliveryId, deps }) => {
  const payload = pullRequestEvent.parse(raw);
  const pr = payload.pull_request;
  const repo = repoOf(payload);
  // `edited` matters only when the base branch changed: the comparison, and so the added code, changed.
  const scans = SCANNED_PR_ACTIONS.has(payload.action) || (payload.action === "edited" && payload.changes?.base !== undefined);
  // A scan records the head from GitHub's own answer in the consumer; only other actions (closed, merged)
  // are recorded here, which keeps the acknowledgement to one D1 write and one queue send.
  if (!scans) await deps.store.recordPullHead(repo, pr.number, pr.head.sha, pr.head.ref, pr.merged ? "merged" : pr.state, deps.now().toISOString());
  // A closed fix/<finding-id> PR settles its fix issue: closed when merged, the finding reopened when not.
  if (payload.action === "closed" && fixTarget(pr.head.ref)) {
    return { kind: "closed", requestId: deliveryId, ...repo, pullNumber: pr.number, headRef: pr.head.ref, merged: pr.merged === true };
  }
  if (!scans) return null;
  return { kind: "scan", requestId: deliveryId, ...repo, headSha: pr.head.sha, pullNumber: pr.number, trigger: "pull_request", forceNew: false };
};

export const checkRun: Handler = async (raw, { deliveryId, deps }) => {
  const payload = checkRunEvent.parse(raw);
  if (payload.check_run.name !== deps.checkName) return null;
  const repo = repoOf(payload);
  const pullNumber = payload.check_run.pull_requests[0]?.number;
  if (payload.action === "rerequested") {
    return { kind: "scan", requestId: deliveryId, ...repo, headSha: payload.check_run.head_sha, ...(pullNumber ? { pullNumber } : {}), trigger: "check_run", forceNew: true };
  }
  if (payload.action === "requested_action" && payload.requested_action) {
    return { kind: "action", requestId: deliveryId, ...repo, headSha: payload.check_run.head_sha, ...(pullNumber ? { pullNumber } : {}), identifier: payload.requested_action.identifier, actor: payload.sender.login };
  }
  return null;
};

export const checkSuite: Handler = async (raw, { deliveryId }) => {
  const payload = checkSuiteEvent.parse(raw);
  if (payload.action !== "rerequested") return null;
  const pullNumber = payload.check_suite.pull_requests[0]?.number;
  return { kind: "scan", requestId: deliveryId, ...repoOf(payload), headSha: payload.check_suite.head_sha, ...(pullNumber ? { pullNumber } : {}), trigger: "check_suite", forceNew: true };
};

export const issueComment: Handler = async (raw, { deliveryId, deps }) => {
  const payload = issueCommentEvent.parse(raw);
  const body = payload.comment.body ?? "";
  // Bots (our own replies included) never drive commands: that is how comment loops start.
  if (payload.action !== "created" || !payload.issue.pull_request || payload.comment.user.type === "Bot" || !isCommand(body)) return null;
  deps.log("command.received", { deliveryId, commentId: payload.comment.id });
  return { kind: "command", requestId: deliveryId, ...repoOf(payload), pullNumber: payload.issue.number, commentId: payload.comment.id, actor: payload.comment.user.login, body: body.slice(0, 65_536) };
};

export const HANDLERS: Record<string, Handler> = {
  pull_request: pullRequest,
  check_run: checkRun,
  check_suite: checkSuite,
  issue_comment: issueComment,
};
