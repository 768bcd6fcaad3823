/** Issues: the remediation queue files one per finding, labels them, and lists them by label. */
import { notFound } from "../github-errors.js";
import { paginate } from "../pagination.js";
import { issueShape } from "../shapes.js";
import { nextIssueNumber, type IssueState } from "../state.js";
import { ok, requireRepo, type Handler } from "./handler.js";

type IssueBody = { title?: string | number; body?: string | null; state?: "open" | "closed"; labels?: (string | { name?: string })[] };

function labelNames(labels: IssueBody["labels"]): string[] {
  return (labels ?? []).map((label) => (typeof label === "string" ? label : (label.name ?? ""))).filter(Boolean);
}

export const createIssue: Handler = (request, state) => {
  const repo = requireRepo(request);
  const body = request.body as IssueBody;
  const issue: IssueState = {
    number: nextIssueNumber(repo),
    title: String(body.title ?? ""),
    body: body.body ?? null,
    labels: labelNames(body.labels),
    state: "open",
    user: request.actor,
    createdAt: state.now(),
    updatedAt: state.now(),
  };
  repo.issues.push(issue);
  return ok(issueShape(repo, issue), 201);
};

export const updateIssue: Handler = (request, state) => {
  const repo = requireRepo(request);
  const issue = repo.issues.find((candidate) => candidate.number === request.params.issue_number);
  if (!issue) return notFound("https://docs.github.com/rest/issues/issues#update-an-issue");
  const body = request.body as IssueBody;
  if (body.title !== undefined) issue.title = String(body.title);
  if (body.body !== undefined) issue.body = body.body;
  if (body.state !== undefined) issue.state = body.state;
  if (body.labels !== undefined) issue.labels = labelNames(body.labels);
  issue.updatedAt = state.now();
  return ok(issueShape(repo, issue));
};

/** `labels` is a comma-separated list and an issue must carry all of them. Pull requests are not listed here. */
export const listIssues: Handler = (request) => {
  const repo = requireRepo(request);
  const wantedState = (request.query.state as string | undefined) ?? "open";
  const wantedLabels = typeof request.query.labels === "string" ? request.query.labels.split(",").map((l) => l.trim()).filter(Boolean) : [];
  const matching = repo.issues
    .filter((issue) => wantedState === "all" || issue.state === wantedState)
    .filter((issue) => wantedLabels.every((label) => issue.labels.includes(label)))
    .sort((a, b) => (request.query.direction === "asc" ? a.number - b.number : b.number - a.number));
  const page = paginate(matching, request.query, request.url);
  return ok(page.items.map((issue) => issueShape(repo, issue)), 200, page.headers);
};
