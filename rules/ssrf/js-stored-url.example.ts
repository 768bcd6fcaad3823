// Examples for ssrf/js-stored-url. `expect:` lines must fire, `ok:` lines must stay quiet.
import axios from "axios";
import { db } from "./db";
import { config } from "./config";
import { assertPublicUrl } from "./net";

export async function refreshAvatars() {
  const users = await db.user.findMany({ where: { avatarUrl: { not: null } } });
  for (const user of users) {
    // expect: ssrf/js-stored-url
    const response = await fetch(user.avatarUrl!, { signal: AbortSignal.timeout(10_000) });
    await db.avatar.upsert({ where: { userId: user.id }, update: { bytes: Buffer.from(await response.arrayBuffer()) }, create: { userId: user.id } });
  }
}

export async function deliver(event: { id: string }, webhook: { url: string; secret: string }) {
  // expect: ssrf/js-stored-url
  await axios.post(webhook.url, event, { timeout: 5000 });
}

export async function deliverChecked(event: { id: string }, webhook: { url: string }) {
  await assertPublicUrl(webhook.url);
  // ok: ssrf/js-stored-url
  await axios.post(webhook.url, event, { timeout: 5000 });
}

export async function notifyOps(message: string) {
  // ok: ssrf/js-stored-url
  await fetch(config.webhookUrl, { method: "POST", body: message });
  // ok: ssrf/js-stored-url
  await fetch(process.env.ALERT_WEBHOOK_URL!, { method: "POST", body: message });
}

export async function loadProduct(product: { apiPath: string }) {
  // ok: ssrf/js-stored-url
  return fetch(product.apiPath);
}

// ---- Fresh cases (written before tuning the rule against them) ----
export async function postToSlack(teamId: string, text: string) {
  const team = await db.team.findUniqueOrThrow({ where: { id: teamId } });
  // expect: ssrf/js-stored-url
  await fetch(team.slackWebhookUrl, { method: "POST", body: JSON.stringify({ text }) });
}

export async function deliverEvent(event: { type: string }) {
  const subscriptions = await db.webhookSubscription.findMany({ where: { events: { has: event.type } } });
  for (const sub of subscriptions) {
    // expect: ssrf/js-stored-url
    await got.post(sub.targetUrl, { json: event, timeout: { request: 5000 } });
  }
}

export async function importFeed(feedId: string) {
  const feed = await db.feed.findUniqueOrThrow({ where: { id: feedId } });
  // expect: ssrf/js-stored-url
  const xml = await (await fetch(feed.url)).text();
  return xml.length;
}

export async function pingIntegration(integration: { callback_url: string }) {
  // expect: ssrf/js-stored-url
  await axios.post(integration.callback_url, { ping: true }, { timeout: 5000 });
}

// Negatives.
export async function syncCatalog(store: { id: string }) {
  // ok: ssrf/js-stored-url
  await fetch(`https://api.shopify.example.com/stores/${encodeURIComponent(store.id)}/catalog`);
}

export async function alertOps(service: { name: string }) {
  // ok: ssrf/js-stored-url
  await axios.post(this.config.slackWebhookUrl, { text: `${service.name} is down` });
}

export async function deliverValidated(webhook: { url: string }) {
  const target = new URL(webhook.url);
  if (!(await isPublicHost(target.hostname))) throw new Error("webhook points at a private address");
  // ok: ssrf/js-stored-url
  await fetch(target, { method: "POST", redirect: "manual" });
}
