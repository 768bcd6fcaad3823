/**
 * The sandbox's in-memory GitHub: plain objects and arrays, so tests can read what Gatehouse did
 * (`sandbox.state.repos[0].checkRuns`) without going through the API.
 */

/** Repository roles, as `role_name` reports them; `permission` collapses them to admin/write/read/none. */
export type RoleName = "admin" | "maintain" | "write" | "triage" | "read";

export interface Actor {
  login: string;
  id: number;
  type: "User" | "Bot";
}

export interface AppState {
  id: number;
  slug: string;
  name: string;
  /** The bot account the App's installation tokens act as: `<slug>[bot]`. */
  bot: Actor;
  /** When set, installation-token requests must carry a JWT signed by the matching private key. */
  publicKey?: CryptoKey | string;
}

export interface InstallationState {
  id: number;
  account: string;
  /** Deleting the installation (uninstalling the App) makes its tokens and token requests fail. */
  deleted: boolean;
}

export type TokenState =
  | { kind: "installation"; installationId: number; expiresAt: Date }
  | { kind: "user"; actor: Actor };

export interface PullFile {
  filename: string;
  status: "added" | "removed" | "modified" | "renamed";
  additions: number;
  deletions: number;
  changes: number;
  /** The file's hunks; GitHub leaves it out for binary and very large files. */
  patch?: string;
  previousFilename?: string;
}

export interface PullState {
  number: number;
  title: string;
  body: string | null;
  user: Actor;
  state: "open" | "closed";
  draft: boolean;
  merged: boolean;
  labels: string[];
  head: { ref: string; sha: string; repoFullName: string };
  base: { ref: string; sha: string };
  /** The unified diff served for `Accept: application/vnd.github.diff`. */
  diff: string;
  /** Answer the diff media type with 406 too_large, as GitHub does above 300 files or 20,000 lines. */
  diffTooLarge: boolean;
  files: PullFile[];
  createdAt: Date;
}

export interface IssueState {
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  state: "open" | "closed";
  user: Actor;
  createdAt: Date;
  updatedAt: Date;
}

export interface ReactionState {
  id: number;
  content: string;
  user: Actor;
  createdAt: Date;
}

export interface CommentState {
  id: number;
  /** The issue or pull request number: GitHub keeps pull request comments on the issue. */
  issueNumber: number;
  body: string;
  user: Actor;
  createdAt: Date;
  updatedAt: Date;
  reactions: ReactionState[];
}

/** The App a check run belongs to: only it may update the run, and `app_id` filters lists by it. */
export interface CheckRunApp {
  id: number;
  slug: string;
  name: string;
  owner: Actor;
}

export interface CheckRunState {
  id: number;
  name: string;
  app: CheckRunApp;
  headSha: string;
  status: string;
  conclusion: string | null;
  externalId: string | null;
  detailsUrl: string | null;
  startedAt: Date | null;
  completedAt: Date | null;
  output: { title: string | null; summary: string | null; text: string | null };
  /** Every annotation sent, across all requests: GitHub appends them on each update. */
  annotations: unknown[];
  actions: unknown[];
  /** Each create/update body in order, to assert what was sent and when. */
  history: unknown[];
}

export interface RepoState {
  id: number;
  owner: string;
  name: string;
  private: boolean;
  defaultBranch: string;
  installationId: number;
  /** Branch name → head SHA. */
  refs: Record<string, string>;
  /** Commit SHA → the full file tree at that commit (path → text). */
  trees: Record<string, Record<string, string>>;
  permissions: Record<string, RoleName>;
  pulls: PullState[];
  issues: IssueState[];
  comments: CommentState[];
  checkRuns: CheckRunState[];
}

export interface SandboxState {
  app: AppState;
  installations: InstallationState[];
  repos: RepoState[];
  tokens: Map<string, TokenState>;
  now: () => Date;
  nextId: () => number;
}

export function findRepo(state: SandboxState, owner: string, name: string): RepoState | undefined {
  const wanted = `${owner}/${name}`.toLowerCase();
  return state.repos.find((repo) => `${repo.owner}/${repo.name}`.toLowerCase() === wanted);
}

/** A SHA or a branch name, as the `ref` query parameter accepts; undefined means the default branch. */
export function resolveRef(repo: RepoState, ref: string | undefined): string | undefined {
  const wanted = ref ?? repo.defaultBranch;
  if (repo.trees[wanted]) return wanted;
  const branch = wanted.replace(/^refs\/heads\//, "");
  return repo.refs[branch];
}

/** Issues and pull requests share one number sequence per repository, as on GitHub. */
export function nextIssueNumber(repo: RepoState): number {
  const numbers = [...repo.pulls, ...repo.issues].map((item) => item.number);
  return Math.max(0, ...numbers) + 1;
}

/** A stable user id from a login, so seeded and API-created actors agree without a user table. */
export function actorFor(login: string): Actor {
  let hash = 0;
  for (const char of login) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return { login, id: 100_000 + (hash % 900_000_000), type: login.endsWith("[bot]") ? "Bot" : "User" };
}
