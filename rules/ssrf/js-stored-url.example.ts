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
