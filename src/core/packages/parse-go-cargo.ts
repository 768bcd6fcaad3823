/** Go's go.mod and Rust's Cargo.toml / Cargo.lock. */
import semver from "semver";
import { splitLines, type DeclaredDependency, type DependencyFileInput, type ParsedDependencyFile } from "./dependency.js";
import { inlineField, tomlEntries, tomlProblem } from "./toml-lines.js";

const GO_REQUIREMENT = /^\s*(?:require\s+)?([A-Za-z0-9][\w.~-]*(?:\/[\w.~+-]+)+)\s+(v\d[\w.+-]*)\s*(?:\/\/\s*(.*))?$/;

export function parseGoMod(input: DependencyFileInput): ParsedDependencyFile {
  const dependencies: DeclaredDependency[] = [];
  // `require (` opens the block that counts; `replace (`, `exclude (`, `retract (` name versions that are not requirements.
  let block: string | undefined = input.full ? "" : undefined;
  splitLines(input.text).forEach((raw, index) => {
    const line = index + 1;
    if (!input.full && input.segmentStarts.has(line)) block = undefined;
    const opens = /^\s*(require|replace|exclude|retract|tool|godebug)\s*\(\s*$/.exec(raw);
    if (opens) {
      block = opens[1];
      return;
    }
    if (/^\s*\)\s*$/.test(raw)) {
      block = "";
      return;
    }
    const single = /^\s*require\s+/.test(raw);
    if (!single && block !== "require" && block !== undefined) return;
    if (raw.includes("=>")) return;
    const match = GO_REQUIREMENT.exec(raw);
    if (!match) return;
    const [, name = "", version = "", comment = ""] = match;
    dependencies.push({
      ecosystem: "go",
      name,
      spec: version,
      exactVersion: version,
      path: input.path,
      line,
      lines: [line],
      source: "manifest",
      section: comment.includes("indirect") ? "require (indirect)" : "require",
      text: raw.trim(),
    });
  });
  return { kind: "manifest", ecosystem: "go", dependencies, problems: [] };
}

const CARGO_TABLE = /^(?:workspace\.|target\..+\.)?(?:dev-|build-)?dependencies$/;

/** Cargo reads `"1.2"` as `^1.2`; `"=1.2.3"` pins. */
function cargoExact(spec: string): string | undefined {
  const pinned = /^=\s*(\S+)$/.exec(spec.trim());
  return pinned?.[1] && semver.valid(pinned[1]) ? pinned[1] : undefined;
}

export function parseCargoToml(input: DependencyFileInput): ParsedDependencyFile {
  const dependencies: DeclaredDependency[] = [];
  const push = (name: string, spec: string, line: number, raw: string, section: string, nonRegistry: boolean) => {
    const exact = cargoExact(spec);
    dependencies.push({ ecosystem: "crates", name, spec, ...(exact ? { exactVersion: exact } : {}), path: input.path, line, lines: [line], source: "manifest", section, ...(nonRegistry ? { nonRegistry: true } : {}), text: raw });
  };
  for (const entry of tomlEntries(input)) {
    const table = entry.table;
    if (table === undefined || entry.arrayItem) continue;
    if (CARGO_TABLE.test(table)) {
      if (/\bworkspace\s*=\s*true/.test(entry.value)) continue;
      const nonRegistry = /\b(?:git|path|registry)\s*=/.test(entry.value);
      const version = inlineField(entry.value, "version");
      if (version === undefined && !nonRegistry) continue;
      push(inlineField(entry.value, "package") ?? entry.key, version ?? entry.value, entry.line, entry.raw, table, nonRegistry);
    } else {
      // `[dependencies.serde]` with `version = "1"` on its own line.
      const dotted = /^((?:workspace\.|target\..+\.)?(?:dev-|build-)?dependencies)\.([^.]+)$/.exec(table);
      if (dotted && entry.key === "version") push(dotted[2] ?? "", inlineField(entry.value, "version") ?? entry.value, entry.line, entry.raw, dotted[1] ?? "", false);
    }
  }
  return { kind: "manifest", ecosystem: "crates", dependencies, problems: tomlProblem(input) };
}

export function parseCargoLock(input: DependencyFileInput): ParsedDependencyFile {
  const dependencies: DeclaredDependency[] = [];
  const packages = new Map<number, { name?: { value: string; line: number; raw: string }; version?: { value: string; line: number }; source?: string }>();
  for (const entry of tomlEntries(input)) {
    if (entry.table !== "package" || entry.arrayItem) continue;
    const current = packages.get(entry.arrayTableIndex) ?? {};
    const value = inlineField(entry.value, "version") ?? "";
    if (entry.key === "name") current.name = { value, line: entry.line, raw: entry.raw };
    else if (entry.key === "version") current.version = { value, line: entry.line };
    else if (entry.key === "source") current.source = value;
    packages.set(entry.arrayTableIndex, current);
  }
  for (const pkg of packages.values()) {
    // Entries without a `source` are the workspace's own crates.
    if (!pkg.name || !pkg.version || pkg.source === undefined) continue;
    const nonRegistry = !pkg.source.startsWith("registry+");
    dependencies.push({
      ecosystem: "crates",
      name: pkg.name.value,
      spec: pkg.version.value,
      exactVersion: pkg.version.value,
      path: input.path,
      line: pkg.name.line,
      lines: [pkg.name.line, pkg.version.line],
      source: "lockfile",
      resolved: pkg.source,
      ...(nonRegistry ? { nonRegistry: true } : {}),
      text: pkg.name.raw,
    });
  }
  return { kind: "lockfile", ecosystem: "crates", dependencies, problems: tomlProblem(input) };
}
