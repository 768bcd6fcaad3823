/** Which parser reads which file, by its name. Files that are not dependency manifests or lockfiles get `undefined`. */
import type { DependencyFileInput, ParsedDependencyFile } from "./dependency.js";
import { parseCargoLock, parseCargoToml, parseGoMod } from "./parse-go-cargo.js";
import { parsePackageJson, parsePackageLock, parsePnpmLock, parseYarnLock } from "./parse-npm.js";
import { parsePipfile, parsePyproject, parsePythonLock, parseRequirements } from "./parse-python.js";
import type { Ecosystem } from "./registry-port.js";

type Parser = (input: DependencyFileInput) => ParsedDependencyFile;

const BY_NAME: Record<string, Parser> = {
  "package.json": parsePackageJson,
  "package-lock.json": parsePackageLock,
  "npm-shrinkwrap.json": parsePackageLock,
  "pnpm-lock.yaml": parsePnpmLock,
  "yarn.lock": parseYarnLock,
  "pyproject.toml": parsePyproject,
  Pipfile: parsePipfile,
  "poetry.lock": parsePythonLock,
  "uv.lock": parsePythonLock,
  "go.mod": parseGoMod,
  "Cargo.toml": parseCargoToml,
  "Cargo.lock": parseCargoLock,
};

/** Lockfiles the gate recognises but does not read entries from: they still count for "lockfile changed alone". */
const OTHER_LOCKFILES: Record<string, Ecosystem> = { "go.sum": "go", "Pipfile.lock": "pypi" };

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

export function dirName(path: string): string {
  const slash = path.lastIndexOf("/");
  return slash < 0 ? "" : path.slice(0, slash);
}

function isRequirementsFile(path: string): boolean {
  const name = baseName(path);
  return (/^requirements.*\.txt$/i.test(name) || /(^|\/)requirements\/[^/]+\.txt$/i.test(path)) && !/\.in$/.test(name);
}

export function parserFor(path: string): Parser | undefined {
  if (isRequirementsFile(path)) return parseRequirements;
  return BY_NAME[baseName(path)];
}

/** Parses a dependency file, or describes a lockfile it only recognises; `undefined` for everything else. */
export function parseDependencyFile(input: DependencyFileInput): ParsedDependencyFile | undefined {
  const parser = parserFor(input.path);
  if (parser) return parser(input);
  const ecosystem = OTHER_LOCKFILES[baseName(input.path)];
  return ecosystem ? { kind: "lockfile", ecosystem, dependencies: [], problems: [] } : undefined;
}
