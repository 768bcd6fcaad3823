/**
 * What a repository's AGENTS.md tells coding agents, read leniently: the paths it puts out of scope, its test and
 * lint commands, and its pull-request title convention. AGENTS.md is free-form Markdown, so this reads the
 * common shapes (a "Do not edit" section with glob bullets, "Run tests with `npm test`", a fenced command under
 * a "Testing" heading, "Title format: [area] summary") and gives up quietly on anything else: a missing answer
 * only means the fix prompt falls back to generic wording.
 *
 * Always parse the BASE commit's copy: a pull request that edits AGENTS.md must not widen its own scope.
 */

export interface OutOfScopePath {
  /** A picomatch glob, normalized: no leading `./` or `/`, a trailing `/` turned into `/**`. */
  glob: string;
  /** 1-based line in AGENTS.md, so a finding can point at the instruction it breaks. */
  line: number;
}

export interface AgentsGuidance {
  outOfScope: OutOfScopePath[];
  testCommand?: string;
  lintCommand?: string;
  /** The title format (`fix(<scope>): <summary>`) when AGENTS.md gives one, else its sentence about titles. */
  prTitle?: { format?: string; instruction: string };
}

export const NO_GUIDANCE: AgentsGuidance = { outOfScope: [] };

/** Headings (and line openings) that put what follows out of bounds for an agent. */
const RESTRICTING = /\b(out[- ]of[- ]scope|do not (edit|touch|modify|change|delete)|don['’]t (edit|touch|modify|change|delete)|never (edit|touch|modify|change|delete)|must not (edit|touch|modify|change)|off[- ]limits|forbidden (paths|files)|protected (paths|files)|restricted (paths|files)|read[- ]only (paths|files|directories))\b/i;
const COMMAND_START = /^(npm|pnpm|yarn|bun|npx|node|deno|pytest|python3?|uv|poetry|tox|nox|go|cargo|make|just|bundle|rake|rspec|mvn|gradle|\.\/gradlew|dotnet|mix|php|composer|vendor\/bin\/|\.\/|bash|sh|ruff|eslint|flake8|golangci-lint|biome|tsc|vitest|jest|mocha|pre-commit)\b/;
const TEST_COMMAND = /(\btest\b|\btests\b|pytest|vitest|jest|mocha|rspec|\bspec\b|\bcheck\b)/i;
const LINT_COMMAND = /(lint|ruff|eslint|flake8|pylint|clippy|golangci|biome|prettier --check|typecheck|\btsc\b|mypy)/i;
const PR_TITLE = /\b(PR|pull[- ]requests?)\s+titles?\b|\btitle (format|convention)\b|\btitles? (of|for) (PRs|pull requests)\b/i;
const PR_HEADING = /\b(PR|pull[- ]requests?|commit messages?)\b/i;

const MAX_CHARS = 64 * 1024;

interface Line {
  number: number;
  text: string;
  /** The nearest heading above, with its level; undefined before the first heading. */
  heading?: { level: number; text: string };
  /** Inside a ``` or ~~~ fence. */
  fenced: boolean;
}

export function parseAgentsMd(text: string | undefined): AgentsGuidance {
  if (!text) return NO_GUIDANCE;
  const lines = toLines(text.slice(0, MAX_CHARS));
  const guidance: AgentsGuidance = { outOfScope: outOfScopePaths(lines) };
  const commands = commandCandidates(lines);
  const testCommand = commands.find((c) => TEST_COMMAND.test(c) && !LINT_COMMAND.test(c));
  const lintCommand = commands.find((c) => LINT_COMMAND.test(c));
  if (testCommand) guidance.testCommand = testCommand;
  if (lintCommand) guidance.lintCommand = lintCommand;
  const prTitle = titleConvention(lines);
  if (prTitle) guidance.prTitle = prTitle;
  return guidance;
}

function toLines(text: string): Line[] {
  const result: Line[] = [];
  let heading: Line["heading"];
  let fence: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fenceMark && (fence === undefined || fence === fenceMark)) {
      fence = fence === undefined ? fenceMark : undefined;
      return;
    }
    if (fence === undefined) {
      const match = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(raw);
      if (match?.[1] && match[2] !== undefined) {
        heading = { level: match[1].length, text: match[2] };
        return;
      }
    }
    result.push({ number: index + 1, text: raw, ...(heading ? { heading } : {}), fenced: fence !== undefined });
  });
  return result;
}

function codeSpans(text: string): string[] {
  return [...text.matchAll(/`([^`\n]+)`/g)].map((m) => (m[1] ?? "").trim()).filter(Boolean);
}

function looksLikePath(token: string): boolean {
  if (/\s/.test(token) || token.length > 200 || /^(https?:|e\.g\.|i\.e\.)/i.test(token)) return false;
  return token.includes("/") || token.includes("*") || /^\.?[\w-]+\.[A-Za-z0-9]+$/.test(token) || /^[A-Z][A-Z_]+$/.test(token);
}

export function normalizeGlob(token: string): string {
  let glob = token.replace(/^\.\//, "").replace(/^\/+/, "");
  if (glob.endsWith("/")) glob = `${glob}**`;
  return glob;
}

function outOfScopePaths(lines: Line[]): OutOfScopePath[] {
  const found = new Map<string, OutOfScopePath>();
  for (const line of lines) {
    if (line.fenced) continue;
    const inSection = line.heading !== undefined && RESTRICTING.test(line.heading.text);
    if (!inSection && !RESTRICTING.test(line.text)) continue;
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line.text)?.[1];
    let tokens = codeSpans(line.text).filter(looksLikePath);
    // A bare bullet in an out-of-scope section ("- db/migrations/**  (owned by the DBA team)") names its path first.
    if (tokens.length === 0 && inSection && bullet) {
      const first = bullet.replace(/^\*\*|\*\*$/g, "").split(/\s+/)[0] ?? "";
      if (looksLikePath(first)) tokens = [first];
    }
    for (const token of tokens) {
      const glob = normalizeGlob(token);
      if (glob && !found.has(glob)) found.set(glob, { glob, line: line.number });
    }
  }
  return [...found.values()];
}

/** Every command-looking code span and fenced line, in document order. */
function commandCandidates(lines: Line[]): string[] {
  const commands: string[] = [];
  for (const line of lines) {
    const candidates = line.fenced ? [line.text.trim().replace(/^\$\s+/, "")] : codeSpans(line.text);
    for (const candidate of candidates) {
      if (candidate.startsWith("#") || candidate.length > 160) continue;
      if (COMMAND_START.test(candidate)) commands.push(candidate);
    }
  }
  return commands;
}

function titleConvention(lines: Line[]): AgentsGuidance["prTitle"] {
  const line =
    lines.find((l) => !l.fenced && PR_TITLE.test(l.text)) ??
    lines.find((l) => !l.fenced && l.heading !== undefined && PR_HEADING.test(l.heading.text) && /\btitle\b/i.test(l.text));
  if (!line) return undefined;
  const instruction = line.text.replace(/^\s*(?:[-*+]|\d+[.)])\s+/, "").trim().slice(0, 240);
  const span = codeSpans(line.text)[0];
  const afterColon = /\btitles?\b[^:]*:\s*(.+)$/i.exec(line.text)?.[1]?.replace(/`/g, "").trim();
  const format = span ?? afterColon;
  return format ? { format: format.slice(0, 160), instruction } : { instruction };
}
