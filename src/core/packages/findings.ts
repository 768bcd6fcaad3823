/**
 * One builder per `package/<kind>` finding. Each message names the package, the file and what was found; `why`
 * gives the consequence; `fix` is the concrete change for the agent.
 */
import type { Detection } from "../analyzers/analyzer.js";
import { severityRank, type Severity } from "../finding.js";
import { redactSecrets } from "../redact.js";
import type { DeclaredDependency } from "./dependency.js";
import type { Advisory, Ecosystem } from "./registry-port.js";
import type { TyposquatMatch } from "./typosquat.js";
import type { GitSource } from "./vcs.js";

export const REGISTRY_NAMES: Record<Ecosystem, string> = { npm: "the npm registry", pypi: "PyPI", go: "the Go module proxy", crates: "crates.io" };

function base(dep: DeclaredDependency, ruleId: string, severity: Severity, confidence: Detection["confidence"]): Omit<Detection, "message" | "why" | "fix"> {
  return { ruleId: `package/${ruleId}`, category: "package", severity, confidence, path: dep.path, line: dep.line, endLine: dep.line, matchedText: dep.text };
}

const declared = (dep: DeclaredDependency) => `\`${dep.name}\` (${dep.spec}) in \`${dep.path}\``;

export function notFound(dep: DeclaredDependency, lookalike: TyposquatMatch | undefined): Detection {
  const meant = lookalike ? ` It looks like a misspelling of the popular \`${lookalike.target}\`.` : "";
  return {
    ...base(dep, "not-found", "critical", "high"),
    message: `${declared(dep)} does not exist on ${REGISTRY_NAMES[dep.ecosystem]}: likely a hallucinated name.${meant}`,
    why: "A package name that does not exist can be registered by anyone; whoever registers it first gets their code installed and run by everyone who installs this project.",
    fix: lookalike
      ? `Replace \`${dep.name}\` with \`${lookalike.target}\` if that is what was meant, or remove the dependency; do not register the missing name.`
      : `Remove \`${dep.name}\` from \`${dep.path}\`, or replace it with the real package that provides what the code needs (check its page on ${REGISTRY_NAMES[dep.ecosystem]}); do not register the missing name.`,
    cwe: "CWE-1357",
  };
}

export function versionNotFound(dep: DeclaredDependency, latest: string | undefined): Detection {
  return {
    ...base(dep, "version-not-found", "high", "high"),
    message: `${declared(dep)}: no published version of \`${dep.name}\` matches \`${dep.spec}\`${latest ? ` (latest is ${latest})` : ""}.`,
    why: "The install fails, or a later publish that happens to match this version installs code nobody reviewed.",
    fix: `Pin \`${dep.name}\` to a version that exists${latest ? `, for example ${latest}` : ""}, and regenerate the lockfile.`,
    cwe: "CWE-1357",
  };
}

const TECHNIQUES: Record<TyposquatMatch["technique"], string> = {
  "edit-distance": "differs by a character or two",
  "swapped-characters": "swaps two characters",
  "doubled-character": "doubles a character",
  "missing-character": "drops a character",
  homoglyph: "uses look-alike characters",
  "scope-confusion": "imitates the scope",
  separator: "rearranges the separators or words",
};

/**
 * `evidence` is what the registry adds when it has the look-alike: a version range that fits the popular package
 * but nothing the look-alike ever published, which makes the slip near certain (and is one problem, not two).
 */
export function typosquat(dep: DeclaredDependency, match: TyposquatMatch, evidence?: string): Detection {
  return {
    ...base(dep, "typosquat", "high", evidence ? "high" : "medium"),
    message: `${declared(dep)} ${TECHNIQUES[match.technique]} of the popular package \`${match.target}\`: possible typosquat.${evidence ? ` ${evidence}` : ""}`,
    why: "Typosquatted packages are published to catch exactly this slip; their install scripts and code run with the developer's and CI's credentials.",
    fix: `Replace \`${dep.name}\` with \`${match.target}\` if that is what was meant; if \`${dep.name}\` is really intended, add it to \`packages.allow\` in \`.github/gatehouse.yml\` with a comment saying why.`,
    cwe: "CWE-1357",
  };
}

export function installScripts(dep: DeclaredDependency, version: string, scripts: Record<string, string>): Detection {
  // Redacted before it is cut, so a token in a command is never printed in part.
  const listed = Object.entries(scripts)
    .map(([hook, command]) => [hook, redactSecrets(command)] as const)
    .map(([hook, command]) => `${hook}: \`${command.length > 80 ? `${command.slice(0, 77)}...` : command}\``)
    .join(", ");
  return {
    ...base(dep, "install-scripts", "medium", "high"),
    message: `${declared(dep)}: version ${version} runs code on install (${listed}).`,
    why: "Install scripts run with the installing user's rights before anyone reviews the code: the usual way a malicious or hijacked package steals tokens.",
    fix: `Confirm that \`${dep.name}\` needs its install script; otherwise choose a package without one, or install with \`--ignore-scripts\` and run the needed step explicitly.`,
    cwe: "CWE-1357",
  };
}

export function recentlyPublished(dep: DeclaredDependency, createdAt: string, days: number): Detection {
  return {
    ...base(dep, "recently-published", "medium", "medium"),
    message: `${declared(dep)}: \`${dep.name}\` was first published ${days === 0 ? "today" : `${days} day${days === 1 ? "" : "s"} ago`} (${createdAt.slice(0, 10)}).`,
    why: "Most malicious packages are removed within days of publication; a package this new has no track record and may be one of them.",
    fix: `Check who publishes \`${dep.name}\` and what it does before depending on it, or use an established package for the same job.`,
    cwe: "CWE-1357",
  };
}

export function deprecated(dep: DeclaredDependency, version: string, reason: string): Detection {
  return {
    ...base(dep, "deprecated", "medium", "high"),
    message: `${declared(dep)}: version ${version} is deprecated ("${reason.length > 160 ? `${reason.slice(0, 157)}...` : reason}").`,
    why: "A deprecated package gets no security fixes; new code should not start depending on it.",
    fix: `Replace \`${dep.name}\` with the package or version its deprecation notice recommends.`,
    cwe: "CWE-1104",
  };
}

function advisorySeverity(advisory: Advisory): Severity {
  // An advisory without a severity is treated as high: fail closed rather than wave it through as low.
  return advisory.severity === "unknown" ? "high" : advisory.severity;
}

export function vulnerable(dep: DeclaredDependency, version: string, advisories: Advisory[], fixedIn: string | undefined): Detection {
  const severity = advisories.map(advisorySeverity).reduce<Severity>((max, s) => (severityRank(s) > severityRank(max) ? s : max), "low");
  const listed = advisories
    .slice(0, 3)
    .map((a) => `${a.id} "${a.title}" (${a.severity})`)
    .join("; ");
  const more = advisories.length > 3 ? ` and ${advisories.length - 3} more` : "";
  return {
    ...base(dep, "vulnerable", severity, "high"),
    message: `${declared(dep)}: ${dep.name}@${version} has ${advisories.length} known vulnerabilit${advisories.length === 1 ? "y" : "ies"}: ${listed}${more}.`,
    why: "Known vulnerabilities come with public exploit details; attackers scan for them.",
    fix: fixedIn
      ? `Upgrade \`${dep.name}\` to ${fixedIn} or later (the first version without these advisories) and regenerate the lockfile.`
      : `No fixed version of \`${dep.name}\` is known: replace it, or document why the vulnerable code path is unreachable.`,
    cwe: "CWE-1395",
    references: advisories.flatMap((a) => (a.url ? [a.url] : [])).slice(0, 5),
  };
}

/**
 * `seenIn` names the base file that already declared the package: the repository config blocks only packages
 * that are new to it (`packages.unverifiable: block`, the default), since a package the base already installs
 * brings no new name to trust.
 */
export function unverifiable(dep: DeclaredDependency, reason: string, blocking: boolean, what = "could not be checked", seenIn?: string): Detection {
  const standing = seenIn ? ` \`${dep.name}\` was already a dependency before this PR (\`${seenIn}\`), so this does not block.` : blocking ? "" : " `packages.unverifiable: warn` in the repository's config makes this a warning.";
  return {
    ...base(dep, "unverifiable", blocking ? "high" : "low", "high"),
    message: `${declared(dep)} ${what}: ${REGISTRY_NAMES[dep.ecosystem]} was unreachable (${reason}).${standing}`,
    why: "An unverified dependency may not exist, may be a typosquat or may carry known vulnerabilities; the gate cannot tell.",
    fix: "Re-run the check when the registry is reachable (`/gatehouse rerun` or re-request the check); nothing in the code needs to change if it then passes.",
  };
}

export function downgrade(dep: DeclaredDependency, from: DeclaredDependency, fromVersion: string, toVersion: string): Detection {
  return {
    ...base(dep, "downgrade", "medium", "high"),
    message: `${declared(dep)}: the PR moves \`${dep.name}\` down from ${fromVersion} (\`${from.spec}\` before) to ${toVersion}.`,
    why: "A downgrade brings back every vulnerability and bug fixed in the versions in between; agents often downgrade a dependency just to make an install or a test pass.",
    fix: `Keep \`${dep.name}\` at ${fromVersion} or later and fix what made the older version look necessary; if the downgrade is deliberate, say why in the PR description and check the advisories of ${dep.name}@${toVersion}.`,
    cwe: "CWE-1104",
  };
}

export function unpinnedGitSource(dep: DeclaredDependency, source: GitSource): Detection {
  const at = source.ref ? `the ref \`${source.ref}\`, which can move` : "no ref, so its default branch";
  return {
    ...base(dep, "unpinned-git-source", "medium", "high"),
    message: `${declared(dep)} installs from the git repository \`${source.repository}\` at ${at}, instead of a registry release.`,
    why: "Whoever can push to that repository decides what the next install gets: there is no published version, no integrity pin, and none of the registry checks (existence, known vulnerabilities, install scripts) apply.",
    fix: `Depend on a published release of \`${dep.name}\` from the registry, or pin the repository to a full 40-character commit hash you have reviewed.`,
    cwe: "CWE-829",
  };
}

export function dependencyConfusion(dep: DeclaredDependency, scope: string, evidence: string): Detection {
  return {
    ...base(dep, "dependency-confusion", "high", "high"),
    message: `${declared(dep)} belongs to the internal scope \`${scope}\` but ${evidence}.`,
    why: "Dependency confusion: anyone can publish an internal name on the public registry with a higher version, and the installer then prefers it.",
    fix: `Resolve \`${dep.name}\` only from the internal registry (set the scope's registry in \`.npmrc\`, or use \`--index-url\` instead of \`--extra-index-url\`) and regenerate the lockfile.`,
    cwe: "CWE-427",
  };
}

export function lockfileOnly(path: string, line: number, text: string, ecosystem: Ecosystem): Detection {
  return {
    ruleId: "package/lockfile-only",
    category: "package",
    severity: "low",
    confidence: "medium",
    path,
    line,
    endLine: line,
    matchedText: text,
    message: `\`${path}\` changed but no ${ecosystem} manifest beside it did: the lockfile moved on its own.`,
    why: "A lockfile edited without its manifest can swap in different versions or download locations that reviewers rarely read.",
    fix: `Revert the changes to \`${path}\`, or make the manifest change that explains them and regenerate the lockfile with the package manager.`,
    cwe: "CWE-1357",
  };
}
