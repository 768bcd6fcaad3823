/**
 * The GitHub sandbox: a Hono app (web-standard only, so it runs in workerd and under Node) that answers the
 * REST operations Gatehouse calls, from in-memory state, after checking every request against GitHub's own
 * OpenAPI description. Anything GitHub would refuse is answered 422 and recorded in `violations`, so a test can
 * end with `expect(sandbox.violations).toEqual([])`.
 *
 * Each request goes: log → route to an operation → contract check → authentication → repository lookup →
 * injected fault → handler → injected fault after the handler (`afterHandler`) → response conformed to the
 * description's schema.
 *
 * @example
 * const sandbox = createGitHubSandbox({ repos: [{ owner: "acme", name: "shop", pulls: [...] }] });
 * const octokit = new Octokit({ auth: sandbox.installationToken(), request: { fetch: sandbox.fetch } });
 * sandbox.failNext("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}", 502);
 */
import { Hono } from "hono";
import { authenticate } from "./auth.js";
import { conformToSchema } from "./contract/conform-response.js";
import { matchOperation, type Operation } from "./contract/operations.js";
import { validateRequest } from "./contract/validate-request.js";
import { FaultPlan, type FaultOptions } from "./faults.js";
import { badCredentials, notFound, validationFailed } from "./github-errors.js";
import type { HandlerRequest, HandlerResult } from "./handlers/handler.js";
import { HANDLERS } from "./handlers/index.js";
import { seedState, type SandboxSeed } from "./seed.js";
import { findRepo, type SandboxState } from "./state.js";

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-cased names; `authorization` and `cookie` are left out. */
  headers: Record<string, string>;
  /** The parsed JSON body, the raw text when it was not JSON, or undefined. */
  body: unknown;
  /** 0 until the answer is sent. */
  status: number;
  operationId?: string;
}

export interface ContractViolation {
  method: string;
  path: string;
  operationId?: string;
  kind: "unknown-operation" | "invalid-request" | "unauthenticated" | "rejected";
  errors: string[];
}

export interface GitHubSandbox {
  app: Hono;
  /** A `fetch` to hand to Octokit (`request: { fetch }`): any origin, only the path counts. */
  fetch: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  state: SandboxState;
  requests: RecordedRequest[];
  violations: ContractViolation[];
  /** Makes the next `times` requests matching method and path fail with `status` (see faults.ts). */
  failNext(method: string, pathPattern: string | RegExp, status: number, times?: number, options?: FaultOptions): void;
  /** Mints an installation token directly, for tests that do not exercise the App JWT flow. */
  installationToken(installationId?: number): string;
}

/** GitHub Enterprise Server serves the same REST API under /api/v3. */
const ENTERPRISE_PREFIX = /^\/api\/v3(?=\/)/;
const HIDDEN_HEADERS = new Set(["authorization", "cookie"]);

export function createGitHubSandbox(seed?: SandboxSeed): GitHubSandbox {
  const state = seedState(seed);
  const requests: RecordedRequest[] = [];
  const violations: ContractViolation[] = [];
  const faults = new FaultPlan();
  const app = new Hono();

  app.onError((error) =>
    Response.json({ message: `Gatehouse sandbox bug: ${error.message}`, status: "500" }, { status: 500 }),
  );

  app.all("*", async (c) => {
    const request = c.req.raw;
    const url = new URL(request.url);
    const path = url.pathname.replace(ENTERPRISE_PREFIX, "");
    const { body, bodyError } = await readBody(request);
    const recorded: RecordedRequest = {
      method: request.method,
      path,
      query: Object.fromEntries(url.searchParams),
      headers: visibleHeaders(request.headers),
      body,
      status: 0,
    };
    requests.push(recorded);

    const violation = (kind: ContractViolation["kind"], errors: string[], operation?: Operation) => {
      violations.push({ method: request.method, path, kind, errors, ...(operation ? { operationId: operation.id } : {}) });
    };
    const result = await answer({ request, url, path, body, bodyError, state, faults, violation, recorded });
    recorded.status = result.status;
    return toResponse(result);
  });

  const installationToken = (installationId = state.installations[0]?.id ?? 1) => {
    const token = `ghs_${crypto.randomUUID().replace(/-/g, "")}`;
    state.tokens.set(token, { kind: "installation", installationId, expiresAt: new Date(state.now().getTime() + 3_600_000) });
    return token;
  };

  return {
    app,
    fetch: async (input, init) => app.fetch(new Request(input, init)),
    state,
    requests,
    violations,
    failNext: (method, pathPattern, status, times = 1, options = {}) => faults.add(method, pathPattern, status, times, options),
    installationToken,
  };
}

interface Exchange {
  request: Request;
  url: URL;
  path: string;
  body: unknown;
  bodyError: string | undefined;
  state: SandboxState;
  faults: FaultPlan;
  violation: (kind: ContractViolation["kind"], errors: string[], operation?: Operation) => void;
  recorded: RecordedRequest;
}

async function answer(exchange: Exchange): Promise<HandlerResult> {
  const { request, url, path, state, violation } = exchange;
  const routed = matchOperation(request.method, path);
  if (!routed.match) {
    const detail =
      routed.allowedMethods.length > 0
        ? `${request.method} is not allowed on ${path}; the description defines ${routed.allowedMethods.join(", ")}`
        : `${request.method} ${path} is not an operation in fixtures/github/openapi-subset.json`;
    violation("unknown-operation", [detail]);
    return validationFailed(`Gatehouse sandbox: ${detail}.`, [detail]);
  }
  const { operation, params } = routed.match;
  exchange.recorded.operationId = operation.id;

  const validated = validateRequest({ operation, params, query: url.searchParams, body: exchange.body, ...(exchange.bodyError ? { bodyError: exchange.bodyError } : {}) });
  if (validated.errors.length > 0) {
    violation("invalid-request", validated.errors, operation);
    return validationFailed(`Invalid request for ${operation.id}.\n\n${validated.errors.join("\n")}`, validated.errors);
  }

  const auth = await authenticate(state, operation.id, request.headers);
  if (!auth.ok) {
    violation("unauthenticated", [auth.reason], operation);
    return badCredentials();
  }

  let repo: HandlerRequest["repo"];
  if (typeof validated.params.owner === "string" && typeof validated.params.repo === "string") {
    repo = findRepo(state, validated.params.owner, validated.params.repo);
    // An installation token cannot see repositories outside its installation; GitHub answers 404, not 403.
    if (!repo || (auth.installationId !== undefined && repo.installationId !== auth.installationId)) return notFound();
  }

  const fault = exchange.faults.take(request.method, path, operation.template);
  if (fault) return fault;

  const handler = HANDLERS[operation.id];
  if (!handler) throw new Error(`no handler for ${operation.id}`);
  const result = await handler(
    {
      operationId: operation.id,
      params: validated.params,
      query: validated.query,
      body: exchange.body,
      headers: request.headers,
      url,
      actor: auth.actor,
      ...(auth.installationId !== undefined ? { installationId: auth.installationId } : {}),
      ...(repo ? { repo } : {}),
    },
    state,
  );
  if (result.status === 422) violation("rejected", errorStrings(result.json), operation);
  const lostAnswer = exchange.faults.take(request.method, path, operation.template, true);
  if (lostAnswer) return lostAnswer;
  if (result.status >= 200 && result.status < 300 && result.json !== undefined) {
    return { ...result, json: conformToSchema(operation.successSchema, result.json) };
  }
  return result;
}

async function readBody(request: Request): Promise<{ body: unknown; bodyError?: string }> {
  const text = await request.text();
  if (text === "") return { body: undefined };
  const contentType = request.headers.get("content-type") ?? "application/json";
  if (!/json/i.test(contentType)) return { body: text, bodyError: `expected a JSON body, got content-type ${contentType}` };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { body: text, bodyError: "the body is not valid JSON" };
  }
}

function visibleHeaders(headers: Headers): Record<string, string> {
  const visible: Record<string, string> = {};
  headers.forEach((value, name) => {
    if (!HIDDEN_HEADERS.has(name.toLowerCase())) visible[name.toLowerCase()] = value;
  });
  return visible;
}

function errorStrings(json: unknown): string[] {
  const errors = (json as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.map(String) : [String((json as { message?: unknown })?.message)];
}

function toResponse(result: HandlerResult): Response {
  const headers = new Headers(result.headers);
  if (result.text !== undefined) {
    headers.set("content-type", result.contentType ?? "text/plain; charset=utf-8");
    return new Response(result.text, { status: result.status, headers });
  }
  if (result.json === undefined) return new Response(null, { status: result.status, headers });
  headers.set("content-type", "application/json; charset=utf-8");
  return new Response(JSON.stringify(result.json), { status: result.status, headers });
}
