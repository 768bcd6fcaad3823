/**
 * Dependencies fetched from a git repository instead of a registry: `github:owner/repo#main`,
 * `pkg @ git+https://host/repo@v1`, `{ git = "...", branch = "main" }`. Only a full commit hash pins what gets
 * installed; a branch, a tag or no ref at all installs whatever the repository holds at install time, and none of
 * the registry checks (existence, advisories, install scripts) apply to it.
 */
import type { DeclaredDependency } from "./dependency.js";
import { inlineField } from "./toml-lines.js";

export interface GitSource {
  /** The repository as written. */
  repository: string;
  /** The branch, tag or commit asked for; absent when the declaration names none (the default branch). */
  ref?: string;
}

const FULL_COMMIT = /^[0-9a-f]{40}$/i;
const NPM_GIT = /^(?:github:|gitlab:|bitbucket:|git\+|git:\/\/)|^[\w-]+\/[\w.-]+(?:#.*)?$|^https?:\/\/[^#]+\.git(?:#.*)?$/;

export function gitSource(dep: DeclaredDependency): GitSource | undefined {
  if (!dep.nonRegistry || dep.source !== "manifest") return undefined;
  const spec = dep.spec.trim();
  if (dep.ecosystem === "npm") {
    if (!NPM_GIT.test(spec)) return undefined;
    const [repository = spec, ref] = spec.split("#", 2);
    return { repository, ...(ref ? { ref: ref.replace(/^semver:/, "") } : {}) };
  }
  if (spec.startsWith("{")) {
    // Poetry, Pipfile and Cargo tables: `{ git = "...", branch = "main" }`, `rev = "<sha>"`, `tag = "v1"`.
    const repository = inlineField(spec, "git");
    if (repository === undefined) return undefined;
    const ref = inlineField(spec, "rev") ?? inlineField(spec, "tag") ?? inlineField(spec, "branch");
    return { repository, ...(ref ? { ref } : {}) };
  }
  // PEP 508 direct reference: `@ git+https://github.com/owner/repo@ref#egg=name`.
  const direct = /^@\s*(git\+\S+)$/.exec(spec);
  if (!direct?.[1]) return undefined;
  const url = (direct[1].split("#")[0] ?? "").replace(/^git\+/, "");
  const at = url.lastIndexOf("@");
  const afterScheme = url.indexOf("://") + 3;
  // An `@` before the host's first slash is a user (`git@github.com`), not a ref.
  const isRef = at > url.indexOf("/", afterScheme);
  return isRef ? { repository: url.slice(0, at), ref: url.slice(at + 1) } : { repository: url };
}

/** True when the source names one exact commit: the only ref that cannot move. */
export function pinsCommit(source: GitSource): boolean {
  return source.ref !== undefined && FULL_COMMIT.test(source.ref);
}
