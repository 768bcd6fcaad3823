/**
 * Finds the secrets on one file's added lines: runs the rules over each run of consecutive added lines, then
 * drops what is not a credential (failed checksum, placeholder, reference, hash, UUID, identifier, inline
 * image, lockfile, minified code) and keeps the most specific rule where two overlap.
 */
import { entropy, findSecretSpans, type SecretSpan } from "./detect.js";
import { acceptGenericName, acceptGenericValue } from "./rules/generic.js";
import { SECRET_RULES, SECRET_RULES_BY_ID, type SecretRule } from "./rules/index.js";
import { isPlaceholder } from "./placeholders.js";

export interface SecretCandidate {
  rule: SecretRule;
  value: string;
  /** The name the value is assigned to, when the line shows one. */
  name?: string;
  /** 1-based lines and column in the new file. */
  line: number;
  endLine: number;
  column: number;
  /** A published checksum held: near-certain. */
  verified: boolean;
}

type Positioned = SecretCandidate & { position?: readonly [number, number, number, number] };

const LOCKFILE =
  /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|Cargo\.lock|poetry\.lock|Pipfile\.lock|Gemfile\.lock|composer\.lock|go\.sum|packages\.lock\.json|flake\.lock|uv\.lock|[^/]+\.lock)$/;
const MINIFIED = /\.min\.(?:js|mjs|css)$|\.bundle\.js$|\.map$|(?:^|\/)(?:dist|vendor|node_modules)\//;
/** Minified or generated lines: generic rules skip them, provider formats still apply. */
const MINIFIED_LINE_LENGTH = 1000;

export function scanFileForSecrets(path: string, lines: readonly string[], added: ReadonlySet<number>): SecretCandidate[] {
  const skipGeneric = LOCKFILE.test(path) || MINIFIED.test(path);
  const rules = SECRET_RULES.filter((rule) => !(rule.generic && skipGeneric) && (!rule.paths || rule.paths.test(path)));
  const candidates: Positioned[] = [];
  const failedChecksums: string[] = [];
  for (const run of addedRuns(added, lines.length)) {
    const chunk = lines.slice(run.first - 1, run.last).join("\n");
    const lineStarts = [0];
    for (let i = chunk.indexOf("\n"); i !== -1; i = chunk.indexOf("\n", i + 1)) lineStarts.push(i + 1);
    for (const span of spansIn(chunk, rules)) {
      const rule = SECRET_RULES_BY_ID.get(span.patternId);
      if (!rule) continue;
      if (rule.verify && !rule.verify(span.value)) {
        failedChecksums.push(span.value);
        continue;
      }
      const candidate = judge(rule, span, chunk, lineStarts, run.first);
      if (candidate) candidates.push(candidate);
    }
  }
  // A token whose checksum fails is not a token, whichever rule (a generic `token = "..."`) saw it.
  const real = failedChecksums.length === 0 ? candidates : candidates.filter((c) => !failedChecksums.some((bad) => c.value.includes(bad)));
  return mostSpecific(real);
}

function judge(rule: SecretRule, span: SecretSpan, chunk: string, lineStarts: number[], firstLine: number): Positioned | undefined {
  const value = span.value;
  const verified = rule.verify ? rule.verify(value) : false;
  if (rule.verify && !verified) return undefined;
  if (!verified && isPlaceholder(value)) return undefined;
  if (rule.accept && !rule.accept(value)) return undefined;
  const lineIndex = lineIndexOf(lineStarts, span.start);
  const lineStart = lineStarts[lineIndex] ?? 0;
  const lineEnd = chunk.indexOf("\n", lineStart);
  const lineText = chunk.slice(lineStart, lineEnd === -1 ? chunk.length : lineEnd);
  if (insideInlineData(lineText, span.start - lineStart)) return undefined;
  let name = span.name;
  if (rule.generic) {
    if (lineText.length > MINIFIED_LINE_LENGTH) return undefined;
    name = fullName(chunk, span);
    if (!acceptGenericName(name) || !acceptGenericValue(value)) return undefined;
  }
  const endIndex = lineIndexOf(lineStarts, span.end - 1);
  const candidate: SecretCandidate = { rule, value, line: firstLine + lineIndex, endLine: firstLine + endIndex, column: span.start - lineStart + 1, verified };
  name ??= assignedName(lineText.slice(Math.max(0, span.start - lineStart - 120), span.start - lineStart));
  if (name) candidate.name = name;
  const endLineStart = lineStarts[endIndex] ?? 0;
  return Object.assign(candidate, { position: [candidate.line, candidate.column, firstLine + endIndex, span.end - endLineStart] as const });
}

/** The regex starts at the secret word (`Password`); the identifier it belongs to may start earlier (`dbPassword`). */
function fullName(chunk: string, span: SecretSpan): string {
  const name = span.name ?? "";
  const at = chunk.lastIndexOf(name, span.start);
  let start = at;
  while (start > 0 && start > at - 60 && /[A-Za-z0-9_.-]/.test(chunk[start - 1] ?? "")) start--;
  return chunk.slice(start, at) + name;
}

/**
 * Long runs are scanned in blocks cut at line ends, so each rule's keyword check is local: a block without
 * `ghp_` never runs the GitHub regex. Rules whose matches span lines (private keys) still see the whole run.
 */
const BLOCK_SIZE = 16 * 1024;

function spansIn(chunk: string, rules: readonly SecretRule[]): SecretSpan[] {
  if (chunk.length <= BLOCK_SIZE) return findSecretSpans(chunk, rules);
  const multiline = rules.filter((rule) => rule.multiline);
  const lineLocal = rules.filter((rule) => !rule.multiline);
  const spans = findSecretSpans(chunk, multiline);
  for (let start = 0; start < chunk.length; ) {
    const cut = chunk.indexOf("\n", start + BLOCK_SIZE);
    const end = cut === -1 ? chunk.length : cut;
    for (const span of findSecretSpans(chunk.slice(start, end), lineLocal)) spans.push({ ...span, start: span.start + start, end: span.end + start });
    start = end + 1;
  }
  return spans;
}

/** `token = "`, `"apiKey": "`, `API_KEY=`, `password: ` right before the value: the name it is assigned to. */
function assignedName(before: string): string | undefined {
  return /([A-Za-z_$][\w$.-]{0,60})["'\]]?\s{0,5}(?::=|=>|[:=])\s{0,5}(?:[rbuf]{1,2})?["'`]?$/.exec(before)?.[1];
}

/** A match inside a `data:...;base64,` payload is a coincidence in image bytes, not a key. */
function insideInlineData(line: string, column: number): boolean {
  const marker = line.lastIndexOf(";base64,", column);
  return marker !== -1 && /^[A-Za-z0-9+/=]*$/.test(line.slice(marker + 8, column));
}

function lineIndexOf(lineStarts: number[], offset: number): number {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((lineStarts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}

function addedRuns(added: ReadonlySet<number>, lineCount: number): Array<{ first: number; last: number }> {
  const sorted = [...added].filter((n) => n >= 1 && n <= lineCount).sort((a, b) => a - b);
  const runs: Array<{ first: number; last: number }> = [];
  for (const n of sorted) {
    const last = runs.at(-1);
    if (last && last.last === n - 1) last.last = n;
    else runs.push({ first: n, last: n });
  }
  return runs;
}

/** Where two rules claim overlapping text, a checksum beats a format, a format beats a name or shape, longer beats shorter. */
function mostSpecific(candidates: Positioned[]): SecretCandidate[] {
  const score = (c: SecretCandidate) => (c.verified ? 4 : 0) + (c.rule.broad ? 0 : 2);
  const bits = new Map(candidates.map((c) => [c, entropy(c.value)]));
  const ranked = [...candidates].sort((a, b) => score(b) - score(a) || b.value.length - a.value.length || bits.get(b)! - bits.get(a)!);
  // Kept candidates by line, so the overlap check looks at neighbours only, not every earlier finding.
  const keptByLine = new Map<number, Positioned[]>();
  const kept: Positioned[] = [];
  for (const candidate of ranked) {
    let clash = false;
    for (let line = candidate.line; line <= candidate.endLine && !clash; line++) clash = (keptByLine.get(line) ?? []).some((k) => overlap(k, candidate));
    if (clash) continue;
    kept.push(candidate);
    for (let line = candidate.line; line <= candidate.endLine; line++) keptByLine.set(line, [...(keptByLine.get(line) ?? []), candidate]);
  }
  return kept.sort((a, b) => a.line - b.line || a.column - b.column).map(({ position: _position, ...candidate }: Positioned) => candidate);
}

function overlap(a: Positioned, b: Positioned): boolean {
  if (!a.position || !b.position) return false;
  const [aLine, aCol, aEndLine, aEndCol] = a.position;
  const [bLine, bCol, bEndLine, bEndCol] = b.position;
  const before = (l1: number, c1: number, l2: number, c2: number) => l1 < l2 || (l1 === l2 && c1 <= c2);
  // [a.start, a.end) and [b.start, b.end) intersect unless one ends before the other starts.
  return !(before(aEndLine, aEndCol + 1, bLine, bCol) || before(bEndLine, bEndCol + 1, aLine, aCol));
}
