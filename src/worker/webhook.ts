/**
 * POST /webhooks/github: verify the signature over the raw body (constant time) before parsing anything,
 * dedupe on X-GitHub-Delivery, queue a small job, answer. Anything unsigned or forged is a bare 401.
 */
import { verify } from "@octokit/webhooks-methods";
import { z } from "../core/zod.js";
import type { Deps } from "./deps.js";
import { HANDLERS } from "./events/handlers.js";
import { HttpError } from "./http-error.js";
import type { Job } from "./jobs.js";

type EventHandler = (typeof HANDLERS)[string];

export interface WebhookResult {
  status: number;
  body: { ok: true; queued?: string; ignored?: string; duplicate?: true };
}

export async function receiveWebhook(request: Request, deps: Deps): Promise<WebhookResult> {
  if (!deps.webhookSecret) throw new HttpError(503, "The webhook secret is not configured; set GITHUB_WEBHOOK_SECRET.");
  const signature = request.headers.get("x-hub-signature-256") ?? "";
  const raw = await request.text();
  let valid = false;
  try {
    valid = signature.startsWith("sha256=") && (await verify(deps.webhookSecret, raw, signature));
  } catch {
    valid = false;
  }
  if (!valid) throw new HttpError(401, "Unauthorized");

  const event = request.headers.get("x-github-event");
  const deliveryId = request.headers.get("x-github-delivery");
  if (!event || !deliveryId) throw new HttpError(400, `Missing header${!event && !deliveryId ? "s" : ""}: ${[!event && "X-GitHub-Event", !deliveryId && "X-GitHub-Delivery"].filter(Boolean).join(", ")}.`);
  let payload: unknown;
  try {
    payload = JSON.parse(raw);
  } catch {
    throw new HttpError(400, "The body is not valid JSON.");
  }
  const action = typeof payload === "object" && payload !== null && "action" in payload && typeof payload.action === "string" ? payload.action : undefined;
  const handler = HANDLERS[event];
  if (!handler) return { status: 200, body: { ok: true, ignored: `event ${event} is not one Gatehouse handles` } };

  // Claimed before the work, so a concurrent duplicate is dropped rather than queued twice; released when the work
  // fails, so GitHub's redelivery (which keeps the X-GitHub-Delivery id) is processed, not dropped as a duplicate.
  if (!(await deps.store.claimDelivery(deliveryId, event, action, deps.now().toISOString()))) {
    return { status: 200, body: { ok: true, duplicate: true } };
  }
  let job;
  try {
    job = await jobFor(handler, payload, event, deliveryId, deps);
    if (job) await deps.enqueue(job);
  } catch (error) {
    await releaseDelivery(deliveryId, deps);
    throw error;
  }
  if (!job) return { status: 200, body: { ok: true, ignored: `${event}${action ? `.${action}` : ""} needs no scan` } };
  deps.log("webhook.queued", { deliveryId, event, action, kind: job.kind });
  return { status: 202, body: { ok: true, queued: job.kind } };
}

async function jobFor(handler: EventHandler, payload: unknown, event: string, deliveryId: string, deps: Deps): Promise<Job | null> {
  try {
    return await handler(payload, { deliveryId, deps });
  } catch (error) {
    if (error instanceof z.core.$ZodError) {
      const issue = error.issues[0];
      throw new HttpError(400, `The ${event} payload is missing or has a bad \`${issue?.path.join(".")}\`: ${issue?.message}.`);
    }
    throw error;
  }
}

/** Best effort: the original failure is what the client must see, not a failure to clean up after it. */
async function releaseDelivery(deliveryId: string, deps: Deps): Promise<void> {
  try {
    await deps.store.releaseDelivery(deliveryId);
  } catch (error) {
    deps.log("webhook.release_failed", { deliveryId, reason: error instanceof Error ? error.message : String(error) });
  }
}
