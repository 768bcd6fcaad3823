/**
 * Fix issues on GitHub: find one by label and hidden marker (only Gatehouse's own), create it, update it, and
 * the kill switch: an open issue or pull request labelled `codex-paused` stops every fix request.
 */
import { CREATE_ONCE, type GitHub } from "./client.js";
import type { RepoRef } from "./pull-request.js";
import { FIX_LABEL } from "./render/fix-issue.js";

const MARKER = /<!-- gatehouse:fix-issue (GH-[0-9a-f]{8}) -->/;
const MAX_PAGES = 20;

/** Gatehouse's open and closed fix issues in the repository, by finding id (the first one wins). */
export async function listFixIssues(gh: GitHub, ref: RepoRef, botLogin: string): Promise<Map<string, number>> {
  const found = new Map<string, number>();
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { data } = await gh.request("GET /repos/{owner}/{repo}/issues", { ...ref, labels: FIX_LABEL, state: "all", direction: "asc", per_page: 100, page });
    for (const issue of data) {
      const id = MARKER.exec(issue.body ?? "")?.[1];
      // Anyone can write the marker into an issue; only the App's own issues count.
      if (id && issue.user?.login === botLogin && !issue.pull_request && !found.has(id)) found.set(id, issue.number);
    }
    if (data.length < 100) break;
  }
  return found;
}

export async function createFixIssue(gh: GitHub, ref: RepoRef, title: string, body: string): Promise<number> {
  const { data } = await gh.request("POST /repos/{owner}/{repo}/issues", { ...ref, title, body, labels: [FIX_LABEL], request: CREATE_ONCE });
  return data.number;
}

export async function updateFixIssue(gh: GitHub, ref: RepoRef, issueNumber: number, update: { title?: string; body: string; state: "open" | "closed" }): Promise<void> {
  await gh.request("PATCH /repos/{owner}/{repo}/issues/{issue_number}", {
    ...ref,
    issue_number: issueNumber,
    body: update.body,
    state: update.state,
    ...(update.title ? { title: update.title } : {}),
    ...(update.state === "closed" ? { state_reason: "completed" as const } : {}),
  });
}

/**
 * The kill switch: the number of an open issue or pull request carrying `label`, or undefined. GitHub's issue
 * list includes pull requests, so one request covers both.
 */
export async function pausedBy(gh: GitHub, ref: RepoRef, label: string): Promise<number | undefined> {
  const { data } = await gh.request("GET /repos/{owner}/{repo}/issues", { ...ref, labels: label, state: "open", per_page: 1 });
  return data[0]?.number;
}
