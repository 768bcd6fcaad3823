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

// ---- Fresh cases across frameworks (written before tuning the rule against them) ----

// Fastify.
fastify.get("/proxy", async (request, reply) => {
  // expect: ssrf/js-request-url
  const upstream = await fetch((request.query as { url: string }).url);
  return reply.send(Buffer.from(await upstream.arrayBuffer()));
});

fastify.post("/link-preview", async (request, reply) => {
  const { url } = request.body as { url: string };
  // expect: ssrf/js-request-url
  const { data } = await axios.get(url, { timeout: 5000, maxContentLength: 1_000_000 });
  return reply.send({ title: /<title>(.*?)<\/title>/.exec(data)?.[1] });
});

fastify.post("/fetch-manifest", async (request, reply) => {
  const body = request.body as { manifestUrl: string };
  // expect: ssrf/js-request-url
  const { body: manifest } = await undici.request(body.manifestUrl, { headersTimeout: 5000 });
  return reply.send(await manifest.json());
});

// Hono.
hono.get("/og-image", async (c) => {
  const src = c.req.query("src");
  if (!src) return c.text("missing src", 400);
  // expect: ssrf/js-request-url
  const image = await fetch(src, { signal: AbortSignal.timeout(5000) });
  return c.body(image.body, 200, { "content-type": image.headers.get("content-type") ?? "image/png" });
});

hono.post("/rss/subscribe", async (c) => {
  const { feedUrl } = await c.req.json<{ feedUrl: string }>();
  // A syntax check does not pick the host.
  if (!isURL(feedUrl)) return c.json({ error: "invalid url" }, 400);
  // expect: ssrf/js-request-url
  const xml = await got(feedUrl, { timeout: { request: 5000 } }).text();
  return c.json({ items: parseFeed(xml).length });
});

// Next.js route handler.
export async function POST(req: globalThis.Request) {
  const { imageUrl } = await req.json();
  // expect: ssrf/js-request-url
  const res = await fetch(imageUrl, { cache: "no-store" });
  return new globalThis.Response(res.body, { headers: { "content-type": "image/*" } });
}

// NestJS: decorated parameters are request values.
@Controller("integrations")
export class IntegrationsController {
  constructor(private readonly httpService: HttpService) {}

  @Post("test")
  async test(@Body() dto: { endpoint: string }) {
    // expect: ssrf/js-request-url
    const response = await firstValueFrom(this.httpService.post(dto.endpoint, { ping: true }));
    return { status: response.status };
  }

  @Get("probe")
  async probe(@Query("target") target: string) {
    // expect: ssrf/js-request-url
    const { status } = await axios.head(target, { timeout: 3000 });
    return { status };
  }
}

// Negatives.
hono.get("/weather/:city", async (c) => {
  const city = c.req.param("city");
  // ok: ssrf/js-request-url
  const res = await fetch(`https://api.openweathermap.org/data/2.5/weather?q=${encodeURIComponent(city)}&appid=${process.env.OWM_KEY}`);
  return c.json(await res.json());
});

fastify.get("/repos/:owner/:repo", async (request, reply) => {
  const { owner, repo } = request.params as { owner: string; repo: string };
  // ok: ssrf/js-request-url
  const res = await fetch(`https://api.github.com/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`);
  return reply.send(await res.json());
});

fastify.get("/search", async (request, reply) => {
  // The URL is fixed; the user's text travels as a query parameter.
  // ok: ssrf/js-request-url
  const { data } = await axios.get(`${API_BASE}/search`, { params: { q: (request.query as { q: string }).q }, timeout: 5000 });
  return reply.send(data);
});

const PERMITTED_IMAGE_HOSTS = ["images.unsplash.com", "cdn.example.com"];
export async function imageProxy(req: Request, res: Response) {
  const target = new URL(String(req.query.url));
  if (target.protocol !== "https:" || !PERMITTED_IMAGE_HOSTS.includes(target.hostname)) return res.sendStatus(400);
  // ok: ssrf/js-request-url
  const upstream = await fetch(target);
  res.send(Buffer.from(await upstream.arrayBuffer()));
}

export async function billingPortal(req: Request, res: Response) {
  // The operator's configured endpoint.
  // ok: ssrf/js-request-url
  const r = await axios.post(`${process.env.BILLING_API_URL}/portal-sessions`, { customer: req.user.stripeCustomerId }, { timeout: 5000 });
  res.json(r.data);
}

// A client component: a relative URL goes back to the app's own origin.
export function ItemDetails() {
  const searchParams = useSearchParams();
  const id = searchParams.get("id");
  useEffect(() => {
    // ok: ssrf/js-request-url
    fetch(`/api/items/${id}`).then((r) => r.json()).then(setItem);
  }, [id]);
}

export async function userProfile(req: Request, res: Response) {
  const url = new URL(`/v1/users/${encodeURIComponent(req.params.id)}`, API_BASE);
  // ok: ssrf/js-request-url
  const r = await fetch(url, { headers: { authorization: `Bearer ${process.env.USERS_API_TOKEN}` } });
  res.json(await r.json());
}
