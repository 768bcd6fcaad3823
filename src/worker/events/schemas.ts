/**
 * The fields Gatehouse reads from each webhook payload, as zod schemas (payloads carry far more; the rest
 * passes through untouched). A payload missing one of these is a 400 that names the field.
 */
import { z } from "../../core/zod.js";

const sha = z.string().check(z.regex(/^[0-9a-f]{40}$/));
const repository = z.object({ name: z.string(), owner: z.object({ login: z.string() }) });
const installation = z.object({ id: z.int() });
const sender = z.object({ login: z.string(), type: z.optional(z.string()) });

export const pullRequestEvent = z.object({
  action: z.string(),
  number: z.int(),
  pull_request: z.object({
    number: z.int(),
    state: z.string(),
    merged: z.optional(z.nullable(z.boolean())),
    head: z.object({ sha, ref: z.string() }),
    base: z.object({ sha, ref: z.string() }),
  }),
  changes: z.optional(z.partial(z.object({ base: z.optional(z.unknown()) }))),
  repository,
  installation,
});

const pullRefs = z._default(z.array(z.object({ number: z.int(), head: z.optional(z.partial(z.object({ sha: z.string() }))) })), []);

export const checkRunEvent = z.object({
  action: z.string(),
  check_run: z.object({ id: z.int(), name: z.string(), head_sha: sha, pull_requests: pullRefs }),
  requested_action: z.optional(z.object({ identifier: z.string() })),
  repository,
  installation,
  sender,
});

export const checkSuiteEvent = z.object({
  action: z.string(),
  check_suite: z.object({ id: z.int(), head_sha: sha, pull_requests: pullRefs }),
  repository,
  installation,
});

export const issueCommentEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.int(), pull_request: z.optional(z.looseObject({})) }),
  comment: z.object({ id: z.int(), body: z._default(z.nullable(z.string()), ""), user: z.object({ login: z.string(), type: z.optional(z.string()) }) }),
  repository,
  installation,
});
