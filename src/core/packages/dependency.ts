/**
 * A dependency as a manifest or lockfile declares it, with the lines that declare it, so the analyzer can tell
 * what this PR added (a dependency counts when one of its lines is an added line) and point at the right line.
 */
import type { Ecosystem } from "./registry-port.js";

export interface DeclaredDependency {
  ecosystem: Ecosystem;
  name: string;
  /** As written: `^4.17.15`, `==2.31.0`, `v1.2.3`, or the lockfile's exact version. */
  spec: string;
  /** The exact version when the file pins one (a lockfile entry, `==1.2.3`, a bare `1.2.3` in package.json). */
  exactVersion?: string;
  path: string;
  /** The line to report: the one naming the package. */
  line: number;
  /** Every line of the declaration (a lockfile entry's header and its `version` line): any added one counts. */
  lines: number[];
  source: "manifest" | "lockfile";
  /** `devDependencies`, `tool.poetry.group.dev.dependencies`, ... */
  section?: string;
  /** Where a lockfile says the package was downloaded from. */
  resolved?: string;
  /** git, path, URL, workspace or alias dependencies: no registry lookup applies. */
  nonRegistry?: boolean;
  /** The declaring line, trimmed: evidence and fingerprint. */
  text: string;
}

export interface DependencyFileInput {
  path: string;
  text: string;
  /** True when `text` is the whole new file; false for the sparse hunk text. */
  full: boolean;
  /**
   * 1-based lines where known text resumes after a gap (each hunk's first line in a sparse file). Parsers that
   * track context (the current TOML table, the enclosing JSON object) forget it there instead of guessing.
   */
  segmentStarts: ReadonlySet<number>;
}

export interface ParsedDependencyFile {
  kind: "manifest" | "lockfile";
  ecosystem: Ecosystem;
  dependencies: DeclaredDependency[];
  /** Lines that make pip look at another index (`--extra-index-url`): the classic dependency-confusion set-up. */
  extraIndexLines?: number[];
  /** Something the parser could not read, for a scan note. */
  problems: string[];
}

export function splitLines(text: string): string[] {
  return text.split(/\r?\n/);
}

/** Removes the contents of double-quoted strings so brackets inside them do not count. */
export function withoutStrings(line: string): string {
  return line.replace(/"(?:[^"\\]|\\.)*"/g, '""');
}

export function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}
