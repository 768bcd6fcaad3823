/** Which published version a declaration installs, and the first version that fixes a set of advisories. */
import semver from "semver";
import type { DeclaredDependency } from "./dependency.js";
import type { Advisory, PackageMetadata } from "./registry-port.js";
import { compareText } from "../compare-text.js";

export type Resolution = { status: "resolved"; version: string } | { status: "no-match" } | { status: "unknown" };

/** PyPI treats `2.0` and `2.0.0` as one version. */
function pep440Key(version: string): string {
  return version.toLowerCase().replace(/^v/, "").replace(/(\.0+)+$/, "");
}

export function resolveVersion(dep: DeclaredDependency, metadata: PackageMetadata): Resolution {
  const versions = Object.keys(metadata.versions);
  if (metadata.existenceOnly || versions.length === 0) return { status: "unknown" };
  const installable = versions.filter((v) => !metadata.versions[v]?.yanked);
  if (dep.exactVersion) {
    if (metadata.versions[dep.exactVersion]) return { status: "resolved", version: dep.exactVersion };
    if (dep.ecosystem === "pypi") {
      const match = versions.find((v) => pep440Key(v) === pep440Key(dep.exactVersion ?? ""));
      if (match) return { status: "resolved", version: match };
    }
    // Go pseudo-versions (v0.0.0-20240101000000-abcdef) are valid without being in the proxy's tag list.
    if (dep.ecosystem === "go" && /-\d{14}-[0-9a-f]{12}$/.test(dep.exactVersion)) return { status: "unknown" };
    return { status: "no-match" };
  }
  const spec = dep.spec.trim();
  if (dep.ecosystem === "npm" || dep.ecosystem === "crates") {
    const range = dep.ecosystem === "crates" && /^\d/.test(spec) ? `^${spec}` : spec === "" || spec === "latest" ? "*" : spec;
    if (!semver.validRange(range)) return { status: "unknown" };
    // npm prefers the `latest` tag when it satisfies the range, as `npm install` does.
    if (metadata.latest && semver.satisfies(metadata.latest, range)) return { status: "resolved", version: metadata.latest };
    const best = semver.maxSatisfying(installable, range);
    return best ? { status: "resolved", version: best } : { status: "no-match" };
  }
  // PEP 440 ranges are not semver: assume the installer picks the latest release, the common outcome.
  return metadata.latest ? { status: "resolved", version: metadata.latest } : { status: "unknown" };
}

/** The lowest published version above `current` that none of the advisories affects, when it can be told. */
export function firstFixedVersion(current: string, advisories: Advisory[], metadata: PackageMetadata | undefined): string | undefined {
  const ranges = advisories.map((a) => a.vulnerableRange);
  if (metadata && ranges.every((r) => r && semver.validRange(r)) && semver.valid(current)) {
    const later = Object.keys(metadata.versions)
      .filter((v) => semver.valid(v) && !semver.prerelease(v) && semver.gt(v, current) && !metadata.versions[v]?.yanked)
      .sort(semver.compare);
    const fixed = later.find((v) => ranges.every((r) => !semver.satisfies(v, r ?? "")));
    if (fixed) return fixed;
  }
  // Otherwise the highest of each advisory's lowest fix above the current version.
  const fixes = advisories.map((a) => (a.fixedIn ?? []).filter((v) => !semver.valid(v) || !semver.valid(current) || semver.gt(v, current)).sort((x, y) => (semver.valid(x) && semver.valid(y) ? semver.compare(x, y) : compareText(x, y)))[0]);
  if (fixes.some((f) => f === undefined)) return undefined;
  return (fixes as string[]).sort((x, y) => (semver.valid(x) && semver.valid(y) ? semver.compare(x, y) : compareText(x, y))).at(-1);
}

/** A PEP 440 version as comparable parts: the release numbers, then a rank for dev < pre < final < post. */
function pep440Parts(version: string): { release: number[]; rank: number; tail: number } | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(?:[-_.]?(dev|a|alpha|b|beta|c|rc|pre|preview|post|rev|r)[-_.]?(\d*))?/i.exec(version.trim());
  if (!match) return undefined;
  const label = (match[2] ?? "").toLowerCase();
  const rank = label === "" ? 3 : label === "dev" ? 0 : label.startsWith("a") ? 1 : ["post", "rev", "r"].includes(label) ? 4 : 2;
  return { release: (match[1] ?? "").split(".").map(Number), rank, tail: Number(match[3] || 0) };
}

function comparePep440(a: string, b: string): number | undefined {
  const x = pep440Parts(a);
  const y = pep440Parts(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < Math.max(x.release.length, y.release.length); i++) {
    const diff = (x.release[i] ?? 0) - (y.release[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return Math.sign(x.rank - y.rank || x.tail - y.tail);
}

/**
 * The lowest version a declaration allows: its pin, else the lower bound of its range (`^4.17.21` -> 4.17.21,
 * `>=2.31,<3` -> 2.31). `undefined` when the declaration states none (`*`, `<3`, a git URL).
 */
export function versionFloor(dep: DeclaredDependency): string | undefined {
  if (dep.nonRegistry) return undefined;
  if (dep.exactVersion) return dep.exactVersion;
  const spec = dep.spec.trim();
  if (dep.ecosystem === "pypi") {
    const bounds = spec
      .split(",")
      .map((clause) => /^\s*(?:===?|>=|~=|\^|~|>)\s*v?(\d[\w.!+-]*?)(?:\.\*)?\s*$/.exec(clause)?.[1])
      .filter((v): v is string => v !== undefined);
    if (bounds.length === 0 && /^\d/.test(spec)) bounds.push(spec);
    return bounds.sort((a, b) => comparePep440(a, b) ?? 0).at(-1);
  }
  const range = dep.ecosystem === "crates" && /^\d/.test(spec) ? `^${spec}` : spec;
  if (!semver.validRange(range) || range === "*" || range === "") return undefined;
  return semver.minVersion(range)?.version;
}

/** Negative when `a` is older than `b`; `undefined` when the two cannot be compared. */
export function compareVersions(ecosystem: DeclaredDependency["ecosystem"], a: string, b: string): number | undefined {
  if (ecosystem === "pypi") return comparePep440(a, b);
  const x = semver.valid(semver.clean(a) ?? a);
  const y = semver.valid(semver.clean(b) ?? b);
  return x && y ? semver.compare(x, y) : undefined;
}
