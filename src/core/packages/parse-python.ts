/**
 * Python's files: requirements*.txt (with -r includes, extras, markers, hashes, index options), pyproject.toml
 * (PEP 621 and Poetry), Pipfile, and the lockfiles poetry.lock and uv.lock.
 */
import { splitLines, type DeclaredDependency, type DependencyFileInput, type ParsedDependencyFile } from "./dependency.js";
import { inlineField, tomlEntries, tomlProblem } from "./toml-lines.js";

/** PEP 503 normalization: `Django_Rest.Framework` and `django-rest-framework` are one project. */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

const PEP508 = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

export interface Pep508 {
  name: string;
  spec: string;
  exactVersion?: string;
  nonRegistry: boolean;
}

/** One PEP 508 requirement without its marker: `requests[socks]>=2.31 ; python_version>"3.8"`. */
export function parsePep508(text: string): Pep508 | undefined {
  const requirement = (text.split(";")[0] ?? "").trim();
  const match = PEP508.exec(requirement);
  if (!match) return undefined;
  const name = match[1] ?? "";
  const rest = (match[3] ?? "").trim();
  if (rest.startsWith("@")) return { name, spec: rest, nonRegistry: true };
  const spec = rest.replace(/^\((.*)\)$/, "$1").trim();
  const pinned = /^===?\s*([^\s,*]+)$/.exec(spec);
  return { name, spec: spec || "*", ...(pinned?.[1] ? { exactVersion: pinned[1] } : {}), nonRegistry: false };
}

function pypiDependency(input: DependencyFileInput, requirement: Pep508, line: number, text: string, source: "manifest" | "lockfile", section?: string): DeclaredDependency {
  return {
    ecosystem: "pypi",
    name: normalizePypiName(requirement.name),
    spec: requirement.spec,
    ...(requirement.exactVersion ? { exactVersion: requirement.exactVersion } : {}),
    path: input.path,
    line,
    lines: [line],
    source,
    ...(section ? { section } : {}),
    ...(requirement.nonRegistry ? { nonRegistry: true } : {}),
    text: text.trim(),
  };
}

export function parseRequirements(input: DependencyFileInput): ParsedDependencyFile {
  const lines = splitLines(input.text);
  const dependencies: DeclaredDependency[] = [];
  const problems: string[] = [];
  const extraIndexLines: number[] = [];
  for (let index = 0; index < lines.length; index++) {
    const start = index + 1;
    let logical = lines[index] ?? "";
    // A trailing backslash continues the requirement (long `--hash` lists); report it at its first line.
    while (logical.endsWith("\\") && index + 1 < lines.length) logical = `${logical.slice(0, -1)} ${lines[++index] ?? ""}`;
    const code = logical.replace(/(^|\s)#.*$/, "").trim();
    if (!code) continue;
    if (/^(?:-r|--requirement|-c|--constraint)[\s=]/.test(code)) {
      const included = code.replace(/^\S+[\s=]+/, "");
      problems.push(`${input.path} line ${start} includes \`${included}\`; its requirements are checked only where that file is part of this change.`);
      continue;
    }
    if (/^--extra-index-url[\s=]/.test(code) || /^(?:-i|--index-url)[\s=]/.test(code)) {
      if (code.startsWith("--extra-index-url")) extraIndexLines.push(start);
      continue;
    }
    if (code.startsWith("-e") || code.startsWith("--editable") || /^(?:\.|\/|[a-z+]+:\/\/)/i.test(code)) continue;
    if (code.startsWith("-")) continue;
    const requirement = parsePep508(code.replace(/\s--hash[=\s]\S+/g, ""));
    if (requirement) dependencies.push(pypiDependency(input, requirement, start, lines[start - 1] ?? code, "manifest"));
  }
  return { kind: "manifest", ecosystem: "pypi", dependencies, problems, extraIndexLines };
}

function isPoetryDependencyTable(table: string): boolean {
  return table === "tool.poetry.dependencies" || table === "tool.poetry.dev-dependencies" || /^tool\.poetry\.group\.[^.]+\.dependencies$/.test(table);
}

/** A Poetry constraint as PEP 440: a bare `1.2.3` pins, `^`/`~`/`*` are ranges. */
function poetryRequirement(name: string, value: string): Pep508 | undefined {
  if (/^\{/.test(value) && /\b(?:git|path|url)\s*=/.test(value)) return { name, spec: value, nonRegistry: true };
  const version = inlineField(value, "version");
  if (version === undefined) return undefined;
  const exact = /^=?=?\s*(\d[\w.+!-]*)$/.exec(version.trim());
  return { name, spec: version, ...(exact?.[1] ? { exactVersion: exact[1] } : {}), nonRegistry: false };
}

export function parsePyproject(input: DependencyFileInput): ParsedDependencyFile {
  const dependencies: DeclaredDependency[] = [];
  for (const entry of tomlEntries(input)) {
    const table = entry.table;
    if (table === undefined) continue;
    const pep621 =
      (table === "project" && entry.key === "dependencies") || table === "project.optional-dependencies" || table === "dependency-groups";
    if (pep621 && entry.arrayItem) {
      const requirement = parsePep508(entry.value);
      if (requirement) dependencies.push(pypiDependency(input, requirement, entry.line, entry.raw, "manifest", table));
    } else if (isPoetryDependencyTable(table) && !entry.arrayItem && entry.key.toLowerCase() !== "python") {
      const requirement = poetryRequirement(entry.key, entry.value);
      if (requirement) dependencies.push(pypiDependency(input, requirement, entry.line, entry.raw, "manifest", table));
    }
  }
  return { kind: "manifest", ecosystem: "pypi", dependencies, problems: tomlProblem(input) };
}

export function parsePipfile(input: DependencyFileInput): ParsedDependencyFile {
  const dependencies: DeclaredDependency[] = [];
  for (const entry of tomlEntries(input)) {
    if ((entry.table !== "packages" && entry.table !== "dev-packages") || entry.arrayItem) continue;
    const requirement = poetryRequirement(entry.key, entry.value.replace(/^"\*"$/, '"*"'));
    if (requirement) dependencies.push(pypiDependency(input, requirement, entry.line, entry.raw, "manifest", entry.table));
  }
  return { kind: "manifest", ecosystem: "pypi", dependencies, problems: tomlProblem(input) };
}

/** poetry.lock and uv.lock: `[[package]]` tables with `name` and `version`. */
export function parsePythonLock(input: DependencyFileInput): ParsedDependencyFile {
  const dependencies: DeclaredDependency[] = [];
  const byPackage = new Map<number, { name?: { value: string; line: number; raw: string }; version?: { value: string; line: number }; nonRegistry: boolean }>();
  for (const entry of tomlEntries(input)) {
    if (entry.table !== "package" || entry.arrayItem) continue;
    const current = byPackage.get(entry.arrayTableIndex) ?? { nonRegistry: false };
    const value = inlineField(entry.value, "version") ?? "";
    if (entry.key === "name") current.name = { value, line: entry.line, raw: entry.raw };
    else if (entry.key === "version") current.version = { value, line: entry.line };
    else if (entry.key === "source" && /\b(?:git|path|editable|directory|virtual)\s*=/.test(entry.value)) current.nonRegistry = true;
    byPackage.set(entry.arrayTableIndex, current);
  }
  for (const pkg of byPackage.values()) {
    if (!pkg.name || !pkg.version) continue;
    const dependency = pypiDependency(input, { name: pkg.name.value, spec: pkg.version.value, exactVersion: pkg.version.value, nonRegistry: pkg.nonRegistry }, pkg.name.line, pkg.name.raw, "lockfile");
    dependency.lines = [pkg.name.line, pkg.version.line];
    dependencies.push(dependency);
  }
  return { kind: "lockfile", ecosystem: "pypi", dependencies, problems: tomlProblem(input) };
}
