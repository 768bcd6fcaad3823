/** What goes on the queue: a small reference, never the payload. Validated with zod on the way out of the queue. */
import { z } from "../core/zod.js";

const repoFields = {
  requestId: z.string().check(z.minLength(1)),
  installationId: z.int().check(z.positive()),
  owner: z.string().check(z.minLength(1)),
  repo: z.string().check(z.minLength(1)),
};

export const scanJobSchema = z.object({
  kind: z.literal("scan"),
  ...repoFields,
  headSha: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
  pullNumber: z.optional(z.int().check(z.positive())),
  trigger: z.enum(["pull_request", "check_run", "check_suite", "requested_action", "recheck", "schedule"]),
  /** A person asked for this re-scan: it gets a new check run rather than reusing the commit's last one. */
  forceNew: z.boolean(),
});

export const commandJobSchema = z.object({
  kind: z.literal("command"),
  ...repoFields,
  pullNumber: z.int().check(z.positive()),
  commentId: z.int().check(z.positive()),
  actor: z.string().check(z.minLength(1)),
  body: z.string().check(z.maxLength(65_536)),
});

export const actionJobSchema = z.object({
  kind: z.literal("action"),
  ...repoFields,
  headSha: z.string().check(z.regex(/^[0-9a-f]{40}$/)),
  pullNumber: z.optional(z.int().check(z.positive())),
  identifier: z.string().check(z.minLength(1)),
  actor: z.string().check(z.minLength(1)),
});

/** A `fix/<finding-id>` pull request was closed: close its fix issue (merged) or reopen the finding (not merged). */
export const closedJobSchema = z.object({
  kind: z.literal("closed"),
  ...repoFields,
  pullNumber: z.int().check(z.positive()),
  headRef: z.string().check(z.minLength(1)),
  merged: z.boolean(),
});

export const jobSchema = z.discriminatedUnion("kind", [scanJobSchema, commandJobSchema, actionJobSchema, closedJobSchema]);
export type Job = z.infer<typeof jobSchema>;
export type ScanJob = z.infer<typeof scanJobSchema>;
export type CommandJob = z.infer<typeof commandJobSchema>;
export type ActionJob = z.infer<typeof actionJobSchema>;
export type ClosedJob = z.infer<typeof closedJobSchema>;
