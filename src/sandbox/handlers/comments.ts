/**
 * Issue and pull request comments (GitHub keeps both on the issue), and reactions to them. Comments made with
 * an installation token are written by the App's bot, which is how Gatehouse finds its own sticky comment.
 */
import { notFound } from "../github-errors.js";
import { paginate } from "../pagination.js";
import { commentShape, iso, userShape } from "../shapes.js";
import type { CommentState, RepoState } from "../state.js";
import { ok, requireRepo, type Handler, type HandlerRequest } from "./handler.js";

function issueExists(repo: RepoState, number: unknown): boolean {
  return [...repo.pulls, ...repo.issues].some((item) => item.number === number);
}

function findComment(request: HandlerRequest): { repo: RepoState; comment: CommentState | undefined } {
  const repo = requireRepo(request);
  return { repo, comment: repo.comments.find((candidate) => candidate.id === request.params.comment_id) };
}

export const listComments: Handler = (request) => {
  const repo = requireRepo(request);
  if (!issueExists(repo, request.params.issue_number)) return notFound();
  const since = typeof request.query.since === "string" ? new Date(request.query.since) : undefined;
  const comments = repo.comments
    .filter((comment) => comment.issueNumber === request.params.issue_number)
    .filter((comment) => !since || comment.updatedAt >= since)
    .sort((a, b) => a.id - b.id);
  const page = paginate(comments, request.query, request.url);
  return ok(page.items.map((comment) => commentShape(repo, comment)), 200, page.headers);
};

export const createComment: Handler = (request, state) => {
  const repo = requireRepo(request);
  if (!issueExists(repo, request.params.issue_number)) return notFound();
  const comment: CommentState = {
    id: state.nextId(),
    issueNumber: Number(request.params.issue_number),
    body: (request.body as { body: string }).body,
    user: request.actor,
    createdAt: state.now(),
    updatedAt: state.now(),
    reactions: [],
  };
  repo.comments.push(comment);
  return ok(commentShape(repo, comment), 201);
};

export const updateComment: Handler = (request, state) => {
  const { repo, comment } = findComment(request);
  if (!comment) return notFound();
  comment.body = (request.body as { body: string }).body;
  comment.updatedAt = state.now();
  return ok(commentShape(repo, comment));
};

/** 201 for a new reaction, 200 when this user already reacted with the same content (GitHub's behaviour). */
export const createReaction: Handler = (request, state) => {
  const { comment } = findComment(request);
  if (!comment) return notFound();
  const content = (request.body as { content: string }).content;
  const existing = comment.reactions.find((r) => r.content === content && r.user.id === request.actor.id);
  const reaction = existing ?? { id: state.nextId(), content, user: request.actor, createdAt: state.now() };
  if (!existing) comment.reactions.push(reaction);
  const json = { id: reaction.id, node_id: `REA_${reaction.id}`, content, user: userShape(reaction.user), created_at: iso(reaction.createdAt) };
  return ok(json, existing ? 200 : 201);
};
