/**
 * Fault injection: `failNext("POST", "/repos/{owner}/{repo}/check-runs", 502, 2)` makes the next two matching
 * requests fail before they reach a handler (so nothing changes in state), to test retries and failing closed.
 * With `{ afterHandler: true }` the request takes effect and only its answer is lost, as when GitHub completes a
 * write but the client sees a 502 from a proxy: what makes blindly retrying a POST create a duplicate.
 */
import { secondaryRateLimit, serverError } from "./github-errors.js";
import type { HandlerResult } from "./handlers/handler.js";

export interface FaultOptions {
  /** Seconds in `retry-after` for 403/429 rate-limit faults; defaults to 1. */
  retryAfter?: number;
  /** Replaces the default body GitHub would send for this status. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Let the handler run (and change state) first, then answer with the fault instead of its result. */
  afterHandler?: boolean;
}

interface Fault {
  method: string;
  pattern: string | RegExp;
  status: number;
  remaining: number;
  options: FaultOptions;
}

export class FaultPlan {
  private readonly faults: Fault[] = [];

  /**
   * `pathPattern` is a RegExp over the path, the operation's template ("/repos/{owner}/{repo}/check-runs"), a
   * literal path, or a glob where `*` is one segment and `**` any number.
   */
  add(method: string, pathPattern: string | RegExp, status: number, times = 1, options: FaultOptions = {}): void {
    this.faults.push({ method: method.toUpperCase(), pattern: pathPattern, status, remaining: times, options });
  }

  /** The injected answer for this request, if a fault is due at this point (before or after the handler); counts it down. */
  take(method: string, path: string, template: string | undefined, afterHandler = false): HandlerResult | undefined {
    const fault = this.faults.find(
      (candidate) =>
        candidate.remaining > 0 &&
        (candidate.options.afterHandler ?? false) === afterHandler &&
        (candidate.method === "*" || candidate.method === method.toUpperCase()) &&
        matches(candidate.pattern, path, template),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    return answer(fault);
  }

  get pending(): number {
    return this.faults.reduce((sum, fault) => sum + fault.remaining, 0);
  }
}

function matches(pattern: string | RegExp, path: string, template: string | undefined): boolean {
  if (pattern instanceof RegExp) return pattern.test(path);
  if (pattern === path || pattern === template) return true;
  if (!pattern.includes("*")) return false;
  const regex = pattern
    .split(/(\*\*|\*)/)
    .map((part) => (part === "**" ? ".*" : part === "*" ? "[^/]+" : part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`).test(path);
}

function answer(fault: Fault): HandlerResult {
  const base =
    fault.status === 403 || fault.status === 429
      ? { ...secondaryRateLimit(fault.options.retryAfter ?? 1), status: fault.status }
      : serverError(fault.status);
  return {
    ...base,
    ...(fault.options.body !== undefined ? { json: fault.options.body } : {}),
    headers: { ...base.headers, ...fault.options.headers },
  };
}
