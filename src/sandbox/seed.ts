/**
 * The typed object a test (or `npm start`) describes its GitHub with, and how it becomes SandboxState.
 *
 * @example
 * createGitHubSandbox({
 *   repos: [{
 *     owner: "acme", name: "shop",
 *     files: { ".github/gatehouse.yml": "branches: ['codex/*']\n" },
 *     permissions: { alice: "maintain", bob: "read" },
 *     pulls: [{
 *       number: 7,
 *       head: { ref: "codex/add-search", sha: "b".repeat(40) },
 *       base: { ref: "main", sha: "a".repeat(40) },
 *       filesAtHead: { "src/search.ts": "db.query(`SELECT * FROM t WHERE q = ${q}`)\n" },
 *     }],
 *   }],
 * });
 */
import { changedFilesFromDiff, synthesizeDiff } from "./pull-diff.js";
import {
  actorFor,
  type CommentState,
  type IssueState,
  type PullFile,
  type PullState,
  type RepoState,
  type RoleName,
  type SandboxState,
} from "./state.js";

export interface SandboxSeed {
  app?: { id?: number; slug?: string; name?: string; publicKey?: CryptoKey | string };
  /** Defaults to one installation, id 1, that holds every seeded repository. */
  installations?: { id: number; account?: string }[];
  repos?: RepoSeed[];
  /** Personal tokens the sandbox accepts, token → login (for requests made as a user rather than the App). */
  userTokens?: Record<string, string>;
  /** The clock for timestamps and token expiry; defaults to the real one. */
  now?: () => Date;
}

export interface RepoSeed {
  owner: string;
  name: string;
  id?: number;
  private?: boolean;
  defaultBranch?: string;
  installationId?: number;
  /** Files on the default branch (and so at every pull request's base unless `filesAtBase` says otherwise). */
  files?: Record<string, string>;
  defaultBranchSha?: string;
  /** login → role; anyone not listed has permission `none`. */
  permissions?: Record<string, RoleName>;
  pulls?: PullSeed[];
  issues?: IssueSeed[];
  comments?: CommentSeed[];
}

export interface PullSeed {
  number: number;
  head: { ref: string; sha: string; /** "owner/name" of a fork; defaults to the base repository. */ repo?: string };
  base: { ref: string; sha: string };
  title?: string;
  body?: string;
  /** The author's login; defaults to "octocat". */
  user?: string;
  state?: "open" | "closed";
  draft?: boolean;
  merged?: boolean;
  labels?: string[];
  /** The unified diff. Without it one is synthesized from `filesAtBase` and `filesAtHead`. */
  diff?: string;
  /** Answer the diff media type with 406 too_large (GitHub does so above 300 files or 20,000 lines anyway). */
  diffTooLarge?: boolean;
  /** Changed files' text at the head SHA; `null` marks a deleted file. */
  filesAtHead?: Record<string, string | null>;
  /** Files at the base SHA, on top of the repository's `files`. */
  filesAtBase?: Record<string, string>;
  /** The `/pulls/N/files` list, when it must differ from what the diff says (e.g. thousands of files). */
  files?: PullFile[];
}

export interface IssueSeed {
  number?: number;
  title: string;
  body?: string;
  labels?: string[];
  state?: "open" | "closed";
  user?: string;
}

export interface CommentSeed {
  id?: number;
  issueNumber: number;
  body: string;
  user: string;
}

/** Lines and files above which GitHub refuses the diff media type. */
const DIFF_MAX_FILES = 300;
const DIFF_MAX_LINES = 20_000;

export function seedState(seed: SandboxSeed = {}): SandboxState {
  let lastId = 1000;
  const now = seed.now ?? (() => new Date());
  const slug = seed.app?.slug ?? "gatehouse";
  const installations = (seed.installations ?? [{ id: 1 }]).map((installation) => ({
    id: installation.id,
    account: installation.account ?? seed.repos?.[0]?.owner ?? "octo-org",
    deleted: false,
  }));
  const state: SandboxState = {
    app: {
      id: seed.app?.id ?? 1,
      slug,
      name: seed.app?.name ?? "Gatehouse",
      bot: actorFor(`${slug}[bot]`),
      ...(seed.app?.publicKey ? { publicKey: seed.app.publicKey } : {}),
    },
    installations,
    repos: [],
    tokens: new Map(),
    now,
    nextId: () => ++lastId,
  };
  for (const [token, login] of Object.entries(seed.userTokens ?? {})) {
    state.tokens.set(token, { kind: "user", actor: actorFor(login) });
  }
  for (const [index, repoSeed] of (seed.repos ?? []).entries()) {
    state.repos.push(seedRepo(repoSeed, index, installations[0]?.id ?? 1, now));
  }
  for (const repo of state.repos) {
    for (const comment of repo.comments) lastId = Math.max(lastId, comment.id);
  }
  return state;
}

function seedRepo(seed: RepoSeed, index: number, defaultInstallation: number, now: () => Date): RepoState {
  const defaultBranch = seed.defaultBranch ?? "main";
  const baseOfDefault = seed.pulls?.find((pull) => pull.base.ref === defaultBranch)?.base.sha;
  const defaultSha = seed.defaultBranchSha ?? baseOfDefault ?? placeholderSha(index + 1);
  const files = seed.files ?? {};
  const repo: RepoState = {
    id: seed.id ?? 500_000 + index,
    owner: seed.owner,
    name: seed.name,
    private: seed.private ?? false,
    defaultBranch,
    installationId: seed.installationId ?? defaultInstallation,
    refs: { [defaultBranch]: defaultSha },
    trees: { [defaultSha]: { ...files } },
    permissions: { ...seed.permissions },
    pulls: [],
    issues: [],
    comments: [],
    checkRuns: [],
  };
  for (const pull of seed.pulls ?? []) repo.pulls.push(seedPull(repo, pull, files, now));
  for (const issue of seed.issues ?? []) repo.issues.push(seedIssue(repo, issue, now));
  let commentId = 900_000;
  repo.comments = (seed.comments ?? []).map(
    (comment): CommentState => ({
      id: comment.id ?? ++commentId,
      issueNumber: comment.issueNumber,
      body: comment.body,
      user: actorFor(comment.user),
      createdAt: now(),
      updatedAt: now(),
      reactions: [],
    }),
  );
  return repo;
}

function seedPull(repo: RepoState, seed: PullSeed, repoFiles: Record<string, string>, now: () => Date): PullState {
  const baseTree = { ...repoFiles, ...seed.filesAtBase };
  const headTree: Record<string, string> = { ...baseTree };
  for (const [path, text] of Object.entries(seed.filesAtHead ?? {})) {
    if (text === null) delete headTree[path];
    else headTree[path] = text;
  }
  repo.trees[seed.base.sha] ??= baseTree;
  repo.trees[seed.head.sha] = headTree;
  repo.refs[seed.base.ref] ??= seed.base.sha;
  if (!seed.head.repo) repo.refs[seed.head.ref] = seed.head.sha;

  const diff = seed.diff ?? synthesizeDiff(baseTree, seed.filesAtHead ?? {});
  const files = seed.files ?? changedFilesFromDiff(diff);
  const changedLines = files.reduce((sum, file) => sum + file.changes, 0);
  return {
    number: seed.number,
    title: seed.title ?? `Pull request #${seed.number}`,
    body: seed.body ?? null,
    user: actorFor(seed.user ?? "octocat"),
    state: seed.state ?? "open",
    draft: seed.draft ?? false,
    merged: seed.merged ?? false,
    labels: seed.labels ?? [],
    head: { ref: seed.head.ref, sha: seed.head.sha, repoFullName: seed.head.repo ?? `${repo.owner}/${repo.name}` },
    base: { ...seed.base },
    diff,
    diffTooLarge: seed.diffTooLarge ?? (files.length > DIFF_MAX_FILES || changedLines > DIFF_MAX_LINES),
    files,
    createdAt: now(),
  };
}

function seedIssue(repo: RepoState, seed: IssueSeed, now: () => Date): IssueState {
  const numbers = [...repo.pulls, ...repo.issues].map((item) => item.number);
  return {
    number: seed.number ?? Math.max(0, ...numbers) + 1,
    title: seed.title,
    body: seed.body ?? null,
    labels: seed.labels ?? [],
    state: seed.state ?? "open",
    user: actorFor(seed.user ?? "octocat"),
    createdAt: now(),
    updatedAt: now(),
  };
}

function placeholderSha(n: number): string {
  return n.toString(16).padStart(40, "0");
}
