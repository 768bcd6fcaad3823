/** The HTTP surface: the webhook, the queue API, a health check, and (under `npm start` only) the GitHub sandbox. */
import { Hono } from "hono";
import type { Deps } from "./deps.js";
import type { Env } from "./env.js";
import { queueApi } from "./api.js";
import { HttpError } from "./http-error.js";
import { receiveWebhook } from "./webhook.js";

/** GitHub sends payloads up to 25 MB; anything larger is not from GitHub. */
const MAX_BODY_BYTES = 26 * 1024 * 1024;

export function createApp(deps: (env: Env) => Deps | Promise<Deps>, sandboxRoutes?: (env: Env) => Promise<Hono | undefined>) {
  const app = new Hono<{ Bindings: Env }>();
  app.get("/healthz", (c) => c.json({ ok: true }));
  if (sandboxRoutes) {
    // Only under `npm start`: read what the GitHub sandbox received. Absent (404) in a real deployment.
    app.all("/__sandbox/*", async (c) => {
      const routes = await sandboxRoutes(c.env);
      if (!routes) throw new HttpError(404, "No sandbox: this Worker talks to GitHub.");
      return routes.fetch(new Request(new URL(c.req.path.replace(/^\/__sandbox/, ""), c.req.url), c.req.raw));
    });
  }
  app.route("/api", queueApi(deps));
  app.post("/webhooks/github", async (c) => {
    const length = Number(c.req.header("content-length") ?? "0");
    if (length > MAX_BODY_BYTES) throw new HttpError(413, "The payload is larger than GitHub ever sends.");
    const result = await receiveWebhook(c.req.raw, await deps(c.env));
    return c.json(result.body, result.status as 200 | 202);
  });
  app.notFound((c) => c.json({ error: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.` }, 404));
  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message }, error.status);
    console.error(JSON.stringify({ event: "http.error", message: error instanceof Error ? error.message : String(error) }));
    return c.json({ error: "Gatehouse hit an internal error; GitHub will show the delivery as failed and it can be redelivered." }, 500);
  });
  return app;
}
