/**
 * State → the JSON GitHub answers with. Only the fields Gatehouse reads are filled here; conform-response.ts
 * adds every other required field from the description's response schema.
 */
import type { Actor, CheckRunState, CommentState, IssueState, PullState, RepoState } from "./state.js";

export const API = "https://api.github.com";
export const WEB = "https://github.com";

const iso = (date: Date | null) => (date ? date.toISOString().replace(/\.\d{3}Z$/, "Z") : null);

export function userShape(actor: Actor) {
  return {
    login: actor.login,
    id: actor.id,
    node_id: `U_${actor.id}`,
    type: actor.type,
    site_admin: false,
    url: `${API}/users/${encodeURIComponent(actor.login)}`,
    html_url: `${WEB}/${encodeURIComponent(actor.login)}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${actor.id}`,
  };
}

export function repoShape(repo: RepoState) {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id,
    node_id: `R_${repo.id}`,
    name: repo.name,
    full_name: fullName,
    private: repo.private,
    visibility: repo.private ? "private" : "public",
    fork: false,
    archived: false,
    disabled: false,
    default_branch: repo.defaultBranch,
    owner: userShape({ login: repo.owner, id: repo.id + 1, type: "User" }),
    html_url: `${WEB}/${fullName}`,
    url: `${API}/repos/${fullName}`,
  };
}

export function pullShape(repo: RepoState, pull: PullState) {
  const fullName = `${repo.owner}/${repo.name}`;
  const headIsFork = pull.head.repoFullName.toLowerCase() !== fullName.toLowerCase();
  const [headOwner = repo.owner, headName = repo.name] = pull.head.repoFullName.split("/");
  const headRepo = headIsFork
    ? { ...repoShape({ ...repo, owner: headOwner, name: headName, id: repo.id + 100_000 }), fork: true }
    : repoShape(repo);
  const url = `${API}/repos/${fullName}/pulls/${pull.number}`;
  return {
    id: repo.id * 1000 + pull.number,
    node_id: `PR_${repo.id}_${pull.number}`,
    number: pull.number,
    state: pull.state,
    locked: false,
    title: pull.title,
    body: pull.body,
    draft: pull.draft,
    merged: pull.merged,
    user: userShape(pull.user),
    labels: pull.labels.map((name, index) => labelShape(name, index)),
    head: { ref: pull.head.ref, sha: pull.head.sha, label: `${headOwner}:${pull.head.ref}`, repo: headRepo, user: headRepo.owner },
    base: { ref: pull.base.ref, sha: pull.base.sha, label: `${repo.owner}:${pull.base.ref}`, repo: repoShape(repo), user: repoShape(repo).owner },
    url,
    html_url: `${WEB}/${fullName}/pull/${pull.number}`,
    diff_url: `${WEB}/${fullName}/pull/${pull.number}.diff`,
    patch_url: `${WEB}/${fullName}/pull/${pull.number}.patch`,
    issue_url: `${API}/repos/${fullName}/issues/${pull.number}`,
    comments_url: `${API}/repos/${fullName}/issues/${pull.number}/comments`,
    changed_files: pull.files.length,
    additions: pull.files.reduce((sum, file) => sum + file.additions, 0),
    deletions: pull.files.reduce((sum, file) => sum + file.deletions, 0),
    created_at: iso(pull.createdAt),
    updated_at: iso(pull.createdAt),
  };
}

export function labelShape(name: string, index: number) {
  return { id: 700_000 + index, node_id: `LA_${index}`, name, color: "ededed", default: false, description: null };
}

export function issueShape(repo: RepoState, issue: IssueState) {
  const fullName = `${repo.owner}/${repo.name}`;
  return {
    id: repo.id * 1000 + issue.number,
    node_id: `I_${repo.id}_${issue.number}`,
    number: issue.number,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: issue.labels.map((name, index) => labelShape(name, index)),
    user: userShape(issue.user),
    url: `${API}/repos/${fullName}/issues/${issue.number}`,
    html_url: `${WEB}/${fullName}/issues/${issue.number}`,
    created_at: iso(issue.createdAt),
    updated_at: iso(issue.updatedAt),
  };
}

export function commentShape(repo: RepoState, comment: CommentState) {
  const fullName = `${repo.owner}/${repo.name}`;
  const onPull = repo.pulls.some((pull) => pull.number === comment.issueNumber);
  return {
    id: comment.id,
    node_id: `IC_${comment.id}`,
    body: comment.body,
    user: userShape(comment.user),
    url: `${API}/repos/${fullName}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${fullName}/${onPull ? "pull" : "issues"}/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${API}/repos/${fullName}/issues/${comment.issueNumber}`,
    author_association: comment.user.type === "Bot" ? "NONE" : "CONTRIBUTOR",
    created_at: iso(comment.createdAt),
    updated_at: iso(comment.updatedAt),
  };
}

export function checkRunShape(repo: RepoState, run: CheckRunState) {
  const fullName = `${repo.owner}/${repo.name}`;
  const pulls = repo.pulls.filter((pull) => pull.head.sha === run.headSha && pull.state === "open");
  return {
    id: run.id,
    node_id: `CR_${run.id}`,
    name: run.name,
    head_sha: run.headSha,
    external_id: run.externalId,
    details_url: run.detailsUrl,
    status: run.status,
    conclusion: run.conclusion,
    started_at: iso(run.startedAt),
    completed_at: iso(run.completedAt),
    url: `${API}/repos/${fullName}/check-runs/${run.id}`,
    html_url: `${WEB}/${fullName}/runs/${run.id}`,
    output: {
      ...run.output,
      annotations_count: run.annotations.length,
      annotations_url: `${API}/repos/${fullName}/check-runs/${run.id}/annotations`,
    },
    check_suite: { id: run.id + 1_000_000 },
    app: { id: run.app.id, slug: run.app.slug, name: run.app.name, owner: userShape(run.app.owner) },
    // GitHub leaves this empty for pull requests from forks; Gatehouse must map the head SHA back itself.
    pull_requests: pulls
      .filter((pull) => pull.head.repoFullName.toLowerCase() === fullName.toLowerCase())
      .map((pull) => ({
        id: repo.id * 1000 + pull.number,
        number: pull.number,
        url: `${API}/repos/${fullName}/pulls/${pull.number}`,
        head: { ref: pull.head.ref, sha: pull.head.sha, repo: { id: repo.id, name: repo.name, url: `${API}/repos/${fullName}` } },
        base: { ref: pull.base.ref, sha: pull.base.sha, repo: { id: repo.id, name: repo.name, url: `${API}/repos/${fullName}` } },
      })),
  };
}

export { iso };
