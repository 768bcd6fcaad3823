// Examples for ssrf/js-request-url. `expect:` lines must fire, `ok:` lines must stay quiet.
import axios from "axios";
import got from "got";
import nodeFetch from "node-fetch";
import { request } from "undici";
import https from "node:https";
import type { Request, Response } from "express";

const ALLOWED_HOSTS = new Set(["images.example.com", "cdn.example.com"]);
const API_BASE = "https://api.example.com";

export async function proxyImage(req: Request, res: Response) {
  // expect: ssrf/js-request-url
  const upstream = await fetch(req.query.url as string);
  res.send(await upstream.arrayBuffer());
}

export async function preview(req: Request, res: Response) {
  const target = req.body.link;
  // expect: ssrf/js-request-url
  const { data } = await axios.get(target, { timeout: 5000 });
  res.json({ title: data.title });
}

export async function webhookTest(req: Request, res: Response) {
  const { callbackUrl } = req.body;
  // expect: ssrf/js-request-url
  await axios({ method: "post", url: callbackUrl, data: { ping: true }, timeout: 3000 });
  // expect: ssrf/js-request-url
  await got.post(callbackUrl, { json: { ping: true } });
  // expect: ssrf/js-request-url
  const r = await nodeFetch(`${callbackUrl}/health`);
  res.sendStatus(r.status);
}

export async function GET(request: globalThis.Request) {
  const { searchParams } = new URL(request.url);
  const feed = searchParams.get("feed");
  // expect: ssrf/js-request-url
  const upstream = await fetch(feed!);
  return new globalThis.Response(upstream.body);
}

export function avatar(req: Request, res: Response) {
  // expect: ssrf/js-request-url
  https.get(req.params.avatarUrl, (upstream) => upstream.pipe(res));
}

export async function undiciProxy(req: Request, res: Response) {
  // expect: ssrf/js-request-url
  const { body } = await request(req.query.target as string);
  body.pipe(res);
}

export async function github(req: Request, res: Response) {
  // ok: ssrf/js-request-url
  const user = await fetch(`https://api.github.com/users/${encodeURIComponent(req.params.login)}`);
  // ok: ssrf/js-request-url
  const repos = await axios.get(`${API_BASE}/repos/${encodeURIComponent(req.query.repo as string)}`);
  // ok: ssrf/js-request-url
  const status = await fetch("https://status.example.com/api/v2/status.json");
  // ok: ssrf/js-request-url
  const order = await axios.get(API_BASE + "/orders/" + encodeURIComponent(req.params.id));
  res.json({ user: await user.json(), repos: repos.data, status: await status.json(), order: order.data });
}

export async function allowlisted(req: Request, res: Response) {
  const target = new URL(String(req.query.src));
  if (!ALLOWED_HOSTS.has(target.hostname)) return res.status(400).send("host not allowed");
  // ok: ssrf/js-request-url
  const image = await fetch(target);
  res.send(await image.arrayBuffer());
}

export default {
  async fetch(request: globalThis.Request) {
    const url = new URL(request.url);
    url.hostname = "origin.internal.example.com";
    // ok: ssrf/js-request-url
    return fetch(url, request);
  },
};

// ok: ssrf/js-request-url
export const fetchWithDefaults = (input: string, init?: RequestInit) => fetch(input, { ...init, redirect: "error" });

export async function cronJob(config: { endpoint: string }) {
  // ok: ssrf/js-request-url
  await axios.post(config.endpoint, { ran: true });
  // ok: ssrf/js-request-url
  await got(process.env.HEALTHCHECK_URL!);
}

export async function promQuery(req: Request, res: Response) {
  const query = encodeURIComponent(String(req.query.q || "up"));
  // Only the query string varies; the host and path are fixed.
  // ok: ssrf/js-request-url
  const upstream = await fetch(`https://prometheus.internal.example.com/api/v1/query?query=${query}`);
  res.json(await upstream.json());
}

export async function proxyPath(req: Request, res: Response) {
  // An unencoded path substitution can walk to other paths on the host (`../admin`).
  // expect: ssrf/js-request-url
  const upstream = await fetch(`${API_BASE}/${req.params.path}?format=json`);
  res.json(await upstream.json());
}

const PREVIEW_HOSTS = new Set(["github.com", "www.youtube.com"]);
function previewable(raw: unknown): URL | undefined {
  if (typeof raw !== "string") return undefined;
  const url = new URL(raw);
  return url.protocol === "https:" && PREVIEW_HOSTS.has(url.hostname) ? url : undefined;
}

export async function unfurl(req: Request, res: Response) {
  const url = previewable(req.body?.url);
  if (!url) return res.status(422).end();
  // ok: ssrf/js-request-url
  const page = await fetch(url, { redirect: "manual" });
  res.json({ html: await page.text() });
}

export async function parsedOnly(req: Request, res: Response) {
  const url = parseUrl(req.body?.url);
  if (!url) return res.status(400).end();
  // A parser only reshapes the value; any host still gets through.
  // expect: ssrf/js-request-url
  const page = await fetch(url);
  res.json({ html: await page.text() });
}
