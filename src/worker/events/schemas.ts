/**
 * The fields Gatehouse reads from each webhook payload, as zod schemas (payloads carry far more; the rest
 * passes through untouched). A payload missing one of these is a 400 that names the field.
 */
import { z } from "zod";

const sha = z.string().regex(/^[0-9a-f]{40}$/);
const repository = z.object({ name: z.string(), owner: z.object({ login: z.string() }) });
const installation = z.object({ id: z.number().int() });
const sender = z.object({ login: z.string(), type: z.string().optional() });

export const pullRequestEvent = z.object({
  action: z.string(),
  number: z.number().int(),
  pull_request: z.object({
    number: z.number().int(),
    state: z.string(),
    merged: z.boolean().nullable().optional(),
    head: z.object({ sha, ref: z.string() }),
    base: z.object({ sha, ref: z.string() }),
  }),
  changes: z.object({ base: z.unknown().optional() }).partial().optional(),
  repository,
  installation,
});

const pullRefs = z.array(z.object({ number: z.number().int(), head: z.object({ sha: z.string() }).partial().optional() })).default([]);

export const checkRunEvent = z.object({
  action: z.string(),
  check_run: z.object({ id: z.number().int(), name: z.string(), head_sha: sha, pull_requests: pullRefs }),
  requested_action: z.object({ identifier: z.string() }).optional(),
  repository,
  installation,
  sender,
});

export const checkSuiteEvent = z.object({
  action: z.string(),
  check_suite: z.object({ id: z.number().int(), head_sha: sha, pull_requests: pullRefs }),
  repository,
  installation,
});

export const issueCommentEvent = z.object({
  action: z.string(),
  issue: z.object({ number: z.number().int(), pull_request: z.object({}).passthrough().optional() }),
  comment: z.object({ id: z.number().int(), body: z.string().nullable().default(""), user: z.object({ login: z.string(), type: z.string().optional() }) }),
  repository,
  installation,
});
