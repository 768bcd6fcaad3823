/**
 * The base, as far as the diff shows it: the old side of each hunk (removed and context lines) and the lines of
 * the new text the PR did not add. A dependency found there is "seen before" (the repository already installs
 * it); a declaration whose old side had the same version is no change; one whose lowest version went down is a
 * downgrade of a direct dependency.
 */
import type { ChangedFile } from "../changes.js";
import type { Detection } from "../analyzers/analyzer.js";
import type { DeclaredDependency, ParsedDependencyFile } from "./dependency.js";
import * as finding from "./findings.js";
import type { Ecosystem } from "./registry-port.js";
import { compareVersions, versionFloor } from "./resolve.js";

// npm names and Go module paths are case-sensitive; PyPI and crates.io names are not.
export const keyOf = (ecosystem: Ecosystem, name: string) => `${ecosystem}\u0000${ecosystem === "pypi" || ecosystem === "crates" ? name.toLowerCase() : name}`;

/** The old side of every hunk at its old line numbers, blank between hunks: the base as far as the diff shows it. */
export function oldSideText(file: ChangedFile): { text: string; starts: Set<number> } | undefined {
  const lines: string[] = [];
  const starts = new Set<number>();
  for (const hunk of file.hunks) {
    if (hunk.oldStart === undefined || !hunk.oldLines?.length) continue;
    while (lines.length < hunk.oldStart - 1) lines.push("");
    starts.add(lines.length + 1);
    lines.push(...hunk.oldLines);
  }
  return lines.length > 0 ? { text: lines.join("\n"), starts } : undefined;
}

/** A dependency file of the PR: its new side, the lines the PR added, and its old side when the diff shows one. */
export interface DependencyFileSides {
  parsed: ParsedDependencyFile;
  added: ReadonlySet<number>;
  before?: ParsedDependencyFile;
}

/** What the base declared: where each package was seen, and each file's old declarations by package. */
export interface Base {
  seenIn: Map<string, string>;
  declared: Map<string, DeclaredDependency[]>;
}

const fileKey = (path: string, key: string) => `${path}\u0000${key}`;

export function readBase(files: readonly DependencyFileSides[]): Base {
  const base: Base = { seenIn: new Map(), declared: new Map() };
  const seen = (dep: DeclaredDependency) => {
    const key = keyOf(dep.ecosystem, dep.name);
    if (!base.seenIn.has(key)) base.seenIn.set(key, dep.path);
  };
  for (const { parsed, added, before } of files) {
    // A declaration none of whose lines the PR added was in the base as it is.
    for (const dep of parsed.dependencies) if (!dep.lines.some((line) => added.has(line))) seen(dep);
    for (const dep of before?.dependencies ?? []) {
      seen(dep);
      const byFile = fileKey(dep.path, keyOf(dep.ecosystem, dep.name));
      base.declared.set(byFile, [...(base.declared.get(byFile) ?? []), dep]);
    }
  }
  return base;
}

/**
 * The base's declaration of `dep` in the same file and section, when the diff shows one. A section that sparse
 * text could not tell (its header outside the hunk) matches any.
 */
export function previousDeclaration(dep: DeclaredDependency, base: Base): DeclaredDependency | undefined {
  const candidates = (base.declared.get(fileKey(dep.path, keyOf(dep.ecosystem, dep.name))) ?? []).filter((old) => old.source === dep.source);
  return candidates.find((old) => old.section === dep.section) ?? candidates.find((old) => !old.section || !dep.section);
}

/** A direct dependency whose lowest allowed version went down: `^4.17.21` -> `4.17.15`, `==2.32.3` -> `==2.31.0`. */
export function downgradeDetection(dep: DeclaredDependency, base: Base): Detection | undefined {
  if (dep.source !== "manifest" || dep.nonRegistry) return undefined;
  const previous = previousDeclaration(dep, base);
  if (!previous || previous.spec === dep.spec) return undefined;
  const from = versionFloor(previous);
  const to = versionFloor(dep);
  if (!from || !to) return undefined;
  const order = compareVersions(dep.ecosystem, to, from);
  return order !== undefined && order < 0 ? finding.downgrade(dep, previous, from, to) : undefined;
}

