/**
 * Error answers in GitHub's own words and shapes, so client code meets the same bodies it will meet live.
 */
import type { HandlerResult } from "./handlers/handler.js";

const DOCS = "https://docs.github.com/rest";

export function notFound(documentation = DOCS): HandlerResult {
  return { status: 404, json: { message: "Not Found", documentation_url: documentation, status: "404" } };
}

export function badCredentials(): HandlerResult {
  return { status: 401, json: { message: "Bad credentials", documentation_url: DOCS, status: "401" } };
}

/** What GitHub answers when an installation token reaches for something its App does not own. */
export function notAccessibleByIntegration(documentation = DOCS): HandlerResult {
  return { status: 403, json: { message: "Resource not accessible by integration", documentation_url: documentation, status: "403" } };
}

export function validationFailed(message: string, errors: string[], documentation = DOCS): HandlerResult {
  return { status: 422, json: { message, errors, documentation_url: documentation, status: "422" } };
}

/** What GitHub answers for the diff media type above 300 files or 20,000 lines. */
export function diffTooLarge(reason: "files" | "lines"): HandlerResult {
  const limit = reason === "files" ? "maximum number of files (300)" : "maximum number of lines (20000)";
  return {
    status: 406,
    json: {
      message: `Sorry, the diff exceeded the ${limit}. Consider using 'List pull requests files' API or locally cloning the repository instead.`,
      errors: [{ resource: "PullRequest", field: "diff", code: "too_large" }],
      documentation_url: `${DOCS}/pulls/pulls#list-pull-requests-files`,
      status: "406",
    },
  };
}

/** The secondary rate limit: 403 with `retry-after`, the message `@octokit/plugin-throttling` looks for. */
export function secondaryRateLimit(retryAfterSeconds: number): HandlerResult {
  return {
    status: 403,
    headers: { "retry-after": String(retryAfterSeconds) },
    json: {
      message:
        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. " +
        "If you reach out to GitHub Support for help, please include the request ID.",
      documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      status: "403",
    },
  };
}

export function serverError(status: number): HandlerResult {
  const message = status === 502 ? "Server Error" : status === 503 ? "Service Unavailable" : "Internal Server Error";
  return { status, json: { message, documentation_url: DOCS, status: String(status) } };
}
