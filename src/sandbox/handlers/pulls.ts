/** Pull requests: one (JSON or the diff media type), its changed files, and the lists that map a SHA back to it. */
import { diffTooLarge, notFound } from "../github-errors.js";
import { paginate } from "../pagination.js";
import { API, pullShape, WEB } from "../shapes.js";
import type { PullState, RepoState } from "../state.js";
import { ok, requireRepo, type Handler, type HandlerRequest } from "./handler.js";
import { gitBlobSha } from "./repos.js";

/** GitHub stops listing a pull request's files after 3,000. */
const MAX_LISTED_FILES = 3000;
const DIFF_MAX_FILES = 300;

function findPull(request: HandlerRequest): { repo: RepoState; pull: PullState | undefined } {
  const repo = requireRepo(request);
  return { repo, pull: repo.pulls.find((candidate) => candidate.number === request.params.pull_number) };
}

export const getPull: Handler = (request) => {
  const { repo, pull } = findPull(request);
  if (!pull) return notFound("https://docs.github.com/rest/pulls/pulls#get-a-pull-request");
  const accept = request.headers.get("accept") ?? "";
  if (accept.includes("application/vnd.github.diff") || accept.includes("application/vnd.github.v3.diff")) {
    if (pull.diffTooLarge) return diffTooLarge(pull.files.length > DIFF_MAX_FILES ? "files" : "lines");
    return { status: 200, text: pull.diff, contentType: "application/vnd.github.diff; charset=utf-8" };
  }
  return ok(pullShape(repo, pull));
};

export const listPullFiles: Handler = async (request) => {
  const { repo, pull } = findPull(request);
  if (!pull) return notFound("https://docs.github.com/rest/pulls/pulls#list-pull-requests-files");
  const fullName = `${repo.owner}/${repo.name}`;
  const page = paginate(pull.files.slice(0, MAX_LISTED_FILES), request.query, request.url);
  const headTree = repo.trees[pull.head.sha] ?? {};
  const items = await Promise.all(
    page.items.map(async (file) => ({
      sha: await gitBlobSha(headTree[file.filename] ?? ""),
      filename: file.filename,
      status: file.status,
      additions: file.additions,
      deletions: file.deletions,
      changes: file.changes,
      blob_url: `${WEB}/${fullName}/blob/${pull.head.sha}/${file.filename}`,
      raw_url: `${WEB}/${fullName}/raw/${pull.head.sha}/${file.filename}`,
      contents_url: `${API}/repos/${fullName}/contents/${file.filename}?ref=${pull.head.sha}`,
      ...(file.patch !== undefined ? { patch: file.patch } : {}),
      ...(file.previousFilename ? { previous_filename: file.previousFilename } : {}),
    })),
  );
  return ok(items, 200, page.headers);
};

/** `head` is "user:ref" (or "org:ref"), as GitHub documents it. */
export const listPulls: Handler = (request) => {
  const repo = requireRepo(request);
  const wantedState = (request.query.state as string | undefined) ?? "open";
  const head = request.query.head as string | undefined;
  const base = request.query.base as string | undefined;
  const matching = repo.pulls.filter((pull) => {
    if (wantedState !== "all" && pull.state !== wantedState) return false;
    if (base && pull.base.ref !== base) return false;
    if (head) {
      const [owner, ref] = head.includes(":") ? head.split(":", 2) : [undefined, head];
      const headOwner = pull.head.repoFullName.split("/")[0] ?? "";
      if (ref !== pull.head.ref || (owner && owner.toLowerCase() !== headOwner.toLowerCase())) return false;
    }
    return true;
  });
  // GitHub sorts by creation, newest first, unless told otherwise; numbers grow with creation here.
  const direction = request.query.direction ?? "desc";
  const sorted = [...matching].sort((a, b) => (direction === "asc" ? a.number - b.number : b.number - a.number));
  const page = paginate(sorted, request.query, request.url);
  return ok(page.items.map((pull) => pullShape(repo, pull)), 200, page.headers);
};

/** Pull requests whose head is the commit; fork pull requests are found here too, unlike check_run payloads. */
export const listPullsForCommit: Handler = (request) => {
  const repo = requireRepo(request);
  const sha = String(request.params.commit_sha);
  const matching = repo.pulls.filter((pull) => pull.head.sha === sha || pull.head.ref === sha);
  const page = paginate(matching, request.query, request.url);
  return ok(page.items.map((pull) => pullShape(repo, pull)), 200, page.headers);
};
