/**
 * The one way registry clients make a request: a timeout on every call (AbortSignal.timeout), one retry on a
 * 5xx answer or a network error, and an outcome instead of an exception, so "unreachable" carries its reason.
 */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface HttpSettings {
  fetch: FetchLike;
  timeoutMs: number;
  userAgent: string;
}

export type HttpOutcome =
  | { kind: "ok"; status: number; body: string }
  | { kind: "not-found"; status: number }
  | { kind: "error"; reason: string };

export async function request(settings: HttpSettings, url: string, init: { method?: "GET" | "POST"; json?: unknown; accept?: string } = {}): Promise<HttpOutcome> {
  const headers: Record<string, string> = { "user-agent": settings.userAgent, accept: init.accept ?? "application/json" };
  if (init.json !== undefined) headers["content-type"] = "application/json";
  let lastReason = "";
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const response = await settings.fetch(url, {
        method: init.method ?? "GET",
        headers,
        ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
        signal: AbortSignal.timeout(settings.timeoutMs),
      });
      if (response.status === 404 || response.status === 410) {
        await response.body?.cancel();
        return { kind: "not-found", status: response.status };
      }
      if (response.status >= 500) {
        await response.body?.cancel();
        lastReason = `${url} answered HTTP ${response.status}`;
        continue;
      }
      if (!response.ok) {
        await response.body?.cancel();
        return { kind: "error", reason: `${url} answered HTTP ${response.status}` };
      }
      return { kind: "ok", status: response.status, body: await response.text() };
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "TimeoutError" || name === "AbortError") return { kind: "error", reason: `${url} did not answer within ${settings.timeoutMs} ms` };
      lastReason = `${url} could not be reached (${error instanceof Error ? error.message : String(error)})`;
    }
  }
  return { kind: "error", reason: lastReason };
}

/** Parses a body as JSON, or gives the reason it is not. */
export function parseJson(body: string, url: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false, reason: `${url} did not answer with JSON` };
  }
}
