/**
 * Check runs: create, update (annotations append, as on GitHub) and list for a ref. The 50-annotation and
 * 65,535-character limits are enforced before a handler runs (contract/prose-limits.ts). A run belongs to the
 * App that created it: other Apps (GitHub Actions, for one) can name theirs the same, but cannot update ours.
 */
import { notAccessibleByIntegration, notFound, validationFailed } from "../github-errors.js";
import { checkRunShape } from "../shapes.js";
import type { CheckRunState, SandboxState } from "../state.js";
import { ok, requireRepo, type Handler } from "./handler.js";

type CheckRunBody = {
  name?: string;
  head_sha?: string;
  status?: string;
  conclusion?: string;
  external_id?: string;
  details_url?: string;
  started_at?: string;
  completed_at?: string;
  output?: { title?: string; summary?: string; text?: string; annotations?: unknown[] };
  actions?: unknown[];
};

export const createCheckRun: Handler = (request, state) => {
  const repo = requireRepo(request);
  const body = request.body as CheckRunBody;
  const headSha = body.head_sha ?? "";
  if (!repo.trees[headSha]) {
    return validationFailed(`No commit found for SHA: ${headSha}`, [`head_sha ${headSha} is not a commit in ${repo.owner}/${repo.name}`]);
  }
  const run: CheckRunState = {
    id: state.nextId(),
    name: body.name ?? "",
    app: { id: state.app.id, slug: state.app.slug, name: state.app.name, owner: state.app.bot },
    headSha,
    status: "queued",
    conclusion: null,
    externalId: null,
    detailsUrl: null,
    startedAt: state.now(),
    completedAt: null,
    output: { title: null, summary: null, text: null },
    annotations: [],
    actions: [],
    history: [],
  };
  applyUpdate(run, body, state);
  repo.checkRuns.push(run);
  return ok(checkRunShape(repo, run), 201);
};

export const updateCheckRun: Handler = (request, state) => {
  const repo = requireRepo(request);
  const run = repo.checkRuns.find((candidate) => candidate.id === request.params.check_run_id);
  if (!run) return notFound("https://docs.github.com/rest/checks/runs#update-a-check-run");
  if (run.app.id !== state.app.id) return notAccessibleByIntegration("https://docs.github.com/rest/checks/runs#update-a-check-run");
  applyUpdate(run, request.body as CheckRunBody, state);
  return ok(checkRunShape(repo, run));
};

export const getCheckRun: Handler = (request, state) => {
  const repo = requireRepo(request);
  const run = repo.checkRuns.find((candidate) => candidate.id === request.params.check_run_id);
  if (!run) return notFound("https://docs.github.com/rest/checks/runs#get-a-check-run");
  return ok(checkRunShape(repo, run));
};

/** `filter=latest` (the default) keeps the newest run of each name, after the `app_id` filter. */
export const listCheckRunsForRef: Handler = (request, state) => {
  const repo = requireRepo(request);
  const ref = String(request.params.ref);
  const sha = repo.trees[ref] ? ref : repo.refs[ref.replace(/^refs\/heads\//, "")];
  let runs = repo.checkRuns.filter((run) => run.headSha === sha);
  if (request.query.check_name) runs = runs.filter((run) => run.name === request.query.check_name);
  if (request.query.status) runs = runs.filter((run) => run.status === request.query.status);
  if (request.query.app_id !== undefined) runs = runs.filter((run) => run.app.id === request.query.app_id);
  if ((request.query.filter ?? "latest") === "latest") runs = latestPerName(runs);
  runs = [...runs].sort((a, b) => b.id - a.id);
  return ok({ total_count: runs.length, check_runs: runs.map((run) => checkRunShape(repo, run)) });
};

/** GitHub: giving a conclusion sets the status to completed. */
function applyUpdate(run: CheckRunState, body: CheckRunBody, state: SandboxState): void {
  run.history.push(structuredClone(body));
  if (body.name !== undefined) run.name = body.name;
  if (body.external_id !== undefined) run.externalId = body.external_id;
  if (body.details_url !== undefined) run.detailsUrl = body.details_url;
  if (body.started_at !== undefined) run.startedAt = new Date(body.started_at);
  if (body.status !== undefined) run.status = body.status;
  if (body.conclusion !== undefined) {
    run.conclusion = body.conclusion;
    run.status = "completed";
  }
  if (run.status === "completed") run.completedAt = body.completed_at ? new Date(body.completed_at) : state.now();
  if (body.output) {
    if (body.output.title !== undefined) run.output.title = body.output.title;
    if (body.output.summary !== undefined) run.output.summary = body.output.summary;
    if (body.output.text !== undefined) run.output.text = body.output.text;
    run.annotations.push(...(body.output.annotations ?? []));
  }
  if (body.actions !== undefined) run.actions = body.actions;
}

function latestPerName(runs: CheckRunState[]): CheckRunState[] {
  const latest = new Map<string, CheckRunState>();
  for (const run of runs) {
    const current = latest.get(run.name);
    if (!current || run.id > current.id) latest.set(run.name, run);
  }
  return [...latest.values()];
}
