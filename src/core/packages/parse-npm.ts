/**
 * npm's files: package.json (every dependency section), package-lock.json / npm-shrinkwrap.json (v2, v3),
 * pnpm-lock.yaml and yarn.lock (classic and Berry). All line-based, so the same code reads a whole file and the
 * sparse hunk text of a diff, and every dependency keeps its real line number.
 */
import semver from "semver";
import { count, splitLines, withoutStrings, type DeclaredDependency, type DependencyFileInput, type ParsedDependencyFile } from "./dependency.js";

export const NPM_DEPENDENCY_SECTIONS = new Set(["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]);
const KEY_STRING = /^\s*"((?:[^"\\]|\\.)+)"\s*:\s*"((?:[^"\\]|\\.)*)"\s*,?\s*$/;
const KEY_OBJECT = /"((?:[^"\\]|\\.)*)"\s*:\s*\{\s*$/;
const VALID_NAME = /^(?:@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i;

/**
 * The key of the object that encloses line `index`, found by walking back and balancing braces. `undefined`
 * when the walk reaches a gap in sparse text before it finds the opening brace.
 */
function enclosingKey(lines: string[], index: number, input: DependencyFileInput): { key: string; line: number } | undefined {
  let depth = 0;
  for (let j = index - 1; j >= 0; j--) {
    const bare = withoutStrings(lines[j] ?? "");
    depth += count(bare, "}") - count(bare, "{");
    if (depth < 0) {
      const match = KEY_OBJECT.exec(lines[j] ?? "");
      return { key: match?.[1] ?? "", line: j + 1 };
    }
    if (!input.full && input.segmentStarts.has(j + 1)) return undefined;
  }
  return undefined;
}

/** `npm:real-name@^1`, `git+https://...`, `file:../x`, `workspace:*`, `link:`: not a plain registry version. */
export function isNonRegistrySpec(spec: string): boolean {
  return /^(?:npm:|git\+|git:|github:|gitlab:|bitbucket:|https?:|file:|link:|workspace:|portal:|patch:)/.test(spec) || /^[\w-]+\/[\w.-]+(?:#.*)?$/.test(spec);
}

export function parsePackageJson(input: DependencyFileInput): ParsedDependencyFile {
  const lines = splitLines(input.text);
  const dependencies: DeclaredDependency[] = [];
  const problems: string[] = [];
  if (input.full) {
    try {
      JSON.parse(input.text);
    } catch (error) {
      problems.push(`${input.path} is not valid JSON (${error instanceof Error ? error.message : String(error)}); dependencies were read line by line.`);
    }
  }
  lines.forEach((raw, index) => {
    const match = KEY_STRING.exec(raw);
    if (!match) return;
    const [, name = "", spec = ""] = match;
    const parent = enclosingKey(lines, index, input);
    if (parent) {
      if (!NPM_DEPENDENCY_SECTIONS.has(parent.key)) return;
      // A dependency section nested deeper (inside `overrides`, say) is not the manifest's own.
      const grandparent = enclosingKey(lines, parent.line - 1, input);
      if (grandparent && grandparent.key !== "") return;
    } else if (!VALID_NAME.test(name) || !(semver.validRange(spec) || isNonRegistrySpec(spec))) {
      // Sparse text without its section header: only a line that plainly reads `"name": "<range>"` counts.
      return;
    }
    if (!VALID_NAME.test(name)) return;
    const exact = semver.valid(spec) ?? undefined;
    dependencies.push({
      ecosystem: "npm",
      name,
      spec,
      ...(exact ? { exactVersion: exact } : {}),
      path: input.path,
      line: index + 1,
      lines: [index + 1],
      source: "manifest",
      ...(parent ? { section: parent.key } : {}),
      ...(isNonRegistrySpec(spec) ? { nonRegistry: true } : {}),
      text: raw.trim(),
    });
  });
  return { kind: "manifest", ecosystem: "npm", dependencies, problems };
}

const LOCK_ENTRY = /^\s*"((?:[^"]*\/)?node_modules\/((?:@[^/"]+\/)?[^/"]+))"\s*:\s*\{\s*$/;

export function parsePackageLock(input: DependencyFileInput): ParsedDependencyFile {
  const lines = splitLines(input.text);
  const dependencies: DeclaredDependency[] = [];
  const problems: string[] = [];
  if (input.full && /"lockfileVersion"\s*:\s*1\s*,/.test(input.text)) {
    problems.push(`${input.path} is a lockfileVersion 1 file; only v2 and v3 lockfiles are read. Run \`npm install\` with npm 7 or later to upgrade it.`);
    return { kind: "lockfile", ecosystem: "npm", dependencies, problems };
  }
  lines.forEach((raw, index) => {
    const header = LOCK_ENTRY.exec(raw);
    if (!header) return;
    const name = header[2] ?? "";
    const entryLines = [index + 1];
    let version: string | undefined;
    let resolved: string | undefined;
    let link = false;
    let depth = 1;
    for (let j = index + 1; j < lines.length && depth > 0; j++) {
      const line = lines[j] ?? "";
      const bare = withoutStrings(line);
      depth += count(bare, "{") - count(bare, "}");
      if (depth !== 1) continue;
      const field = KEY_STRING.exec(line) ?? /^\s*"(link)"\s*:\s*(true)/.exec(line);
      if (field?.[1] === "version") {
        version = field[2];
        entryLines.push(j + 1);
      } else if (field?.[1] === "resolved") resolved = field[2];
      else if (field?.[1] === "link") link = true;
      if (!input.full && input.segmentStarts.has(j + 2)) break;
    }
    if (!version && !link) return;
    const nonRegistry = link || (resolved !== undefined && !/^https?:/.test(resolved)) || version?.startsWith("file:") === true;
    dependencies.push({
      ecosystem: "npm",
      name,
      spec: version ?? "(linked)",
      ...(version && semver.valid(version) ? { exactVersion: version } : {}),
      path: input.path,
      line: index + 1,
      lines: entryLines,
      source: "lockfile",
      ...(resolved ? { resolved } : {}),
      ...(nonRegistry ? { nonRegistry: true } : {}),
      text: raw.trim(),
    });
  });
  return { kind: "lockfile", ecosystem: "npm", dependencies, problems };
}

// pnpm v5 `/name/1.2.3:`, v6 `/name@1.2.3(peer@1):`, v9 `name@1.2.3:` and `'@scope/name@1.2.3':`.
const PNPM_ENTRY = /^ {2}'?\/?((?:@[^/@\s']+\/)?[^/@\s'(]+)[@/](\d[^\s:'(_]*)[^\s:]*'?:\s*$/;

export function parsePnpmLock(input: DependencyFileInput): ParsedDependencyFile {
  const lines = splitLines(input.text);
  const dependencies: DeclaredDependency[] = [];
  const seen = new Set<string>();
  let section: string | undefined;
  lines.forEach((raw, index) => {
    if (!input.full && input.segmentStarts.has(index + 1)) section = undefined;
    const top = /^([A-Za-z][\w-]*):/.exec(raw);
    if (top) section = top[1];
    if (section !== undefined && section !== "packages" && section !== "snapshots") return;
    const entry = PNPM_ENTRY.exec(raw);
    if (!entry) return;
    const [, name = "", version = ""] = entry;
    if (!semver.valid(version) || seen.has(`${name}@${version}`)) return;
    seen.add(`${name}@${version}`);
    dependencies.push({ ecosystem: "npm", name, spec: version, exactVersion: version, path: input.path, line: index + 1, lines: [index + 1], source: "lockfile", text: raw.trim() });
  });
  return { kind: "lockfile", ecosystem: "npm", dependencies, problems: [] };
}

/** The package name of a yarn descriptor: `lodash@^4`, `"@babel/core@npm:^7"` -> `lodash`, `@babel/core`. */
function yarnDescriptorName(descriptor: string): string | undefined {
  const clean = descriptor.trim().replace(/^"|"$/g, "");
  const at = clean.indexOf("@", 1);
  return at > 0 ? clean.slice(0, at) : undefined;
}

export function parseYarnLock(input: DependencyFileInput): ParsedDependencyFile {
  const lines = splitLines(input.text);
  const dependencies: DeclaredDependency[] = [];
  lines.forEach((raw, index) => {
    if (!/^[^\s#].*:\s*$/.test(raw) || raw.startsWith("__metadata")) return;
    const descriptors = raw.replace(/:\s*$/, "").split(",");
    const name = yarnDescriptorName(descriptors[0] ?? "");
    if (!name) return;
    const entryLines = [index + 1];
    let version: string | undefined;
    let resolved: string | undefined;
    for (let j = index + 1; j < lines.length && /^\s+\S/.test(lines[j] ?? ""); j++) {
      const field = /^\s+(version|resolved|resolution):?\s+"?([^"\s]+)"?\s*$/.exec(lines[j] ?? "");
      if (field?.[1] === "version") {
        version = field[2];
        entryLines.push(j + 1);
      } else if (field?.[2]) resolved = field[2];
    }
    if (!version) return;
    const nonRegistry = /@(?:workspace|file|link|portal|patch|git|https?):/.test(raw) || (resolved !== undefined && /^(?:file:|git)/.test(resolved));
    dependencies.push({
      ecosystem: "npm",
      name,
      spec: version,
      ...(semver.valid(version) ? { exactVersion: version } : {}),
      path: input.path,
      line: index + 1,
      lines: entryLines,
      source: "lockfile",
      ...(resolved ? { resolved } : {}),
      ...(nonRegistry ? { nonRegistry: true } : {}),
      text: raw.trim(),
    });
  });
  return { kind: "lockfile", ecosystem: "npm", dependencies, problems: [] };
}
