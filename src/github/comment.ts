/** The sticky PR comment: updated in place, found again by its marker and the App's bot login, never duplicated. */
import { CREATE_ONCE, statusOf, type GitHub } from "./client.js";
import type { RepoRef } from "./pull-request.js";
import { STICKY_MARKER } from "./render/comment.js";

export async function findStickyComment(gh: GitHub, ref: RepoRef, issueNumber: number, botLogin: string): Promise<number | undefined> {
  for (let page = 1; page <= 30; page++) {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ref, issue_number: issueNumber, per_page: 100, page });
    const mine = data.find((comment) => comment.user?.login === botLogin && comment.body?.includes(STICKY_MARKER));
    if (mine) return Number(mine.id);
    if (data.length < 100) return undefined;
  }
  return undefined;
}

/** Creates or updates the sticky comment and returns its id. */
export async function upsertStickyComment(gh: GitHub, ref: RepoRef, issueNumber: number, body: string, knownId: number | null, botLogin: string): Promise<number> {
  const existing = knownId ?? (await findStickyComment(gh, ref, issueNumber, botLogin));
  if (existing) {
    try {
      await gh.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...ref, comment_id: existing, body });
      return existing;
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      // Someone deleted it; fall through to find another copy or create a fresh one.
      const other = knownId ? await findStickyComment(gh, ref, issueNumber, botLogin) : undefined;
      if (other && other !== existing) {
        await gh.request("PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}", { ...ref, comment_id: other, body });
        return other;
      }
    }
  }
  const { data } = await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ref, issue_number: issueNumber, body, request: CREATE_ONCE });
  return Number(data.id);
}

export type Reaction = "eyes" | "rocket" | "confused" | "+1";

export async function react(gh: GitHub, ref: RepoRef, commentId: number, content: Reaction): Promise<void> {
  await gh.request("POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions", { ...ref, comment_id: commentId, content });
}

export async function reply(gh: GitHub, ref: RepoRef, issueNumber: number, body: string): Promise<void> {
  await gh.request("POST /repos/{owner}/{repo}/issues/{issue_number}/comments", { ...ref, issue_number: issueNumber, body });
}

const ROLE_RANK = { none: 0, read: 1, triage: 2, write: 3, maintain: 4, admin: 5 } as const;
export type Role = keyof typeof ROLE_RANK;

/** The commenter's role on the repository (`role_name` distinguishes maintain from write). */
export async function roleOf(gh: GitHub, ref: RepoRef, username: string): Promise<Role> {
  try {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/collaborators/{username}/permission", { ...ref, username });
    const role = (data.role_name ?? data.permission) as string;
    return role in ROLE_RANK ? (role as Role) : data.permission === "write" ? "write" : data.permission === "admin" ? "admin" : "read";
  } catch (error) {
    if (statusOf(error) === 404) return "none";
    throw error;
  }
}

export function hasRole(actual: Role, needed: Role): boolean {
  return ROLE_RANK[actual] >= ROLE_RANK[needed];
}
