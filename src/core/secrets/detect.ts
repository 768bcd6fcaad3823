/**
 * Finds secret values in text. Used both by the secrets analyzer (to report) and by `redactSecrets` (so no
 * output path can print what the analyzer found). Patterns are linear-time: no nested quantifiers.
 */

export interface SecretPattern {
  id: string;
  provider: string;
  /** Cheap pre-check: at least one must occur (case-insensitive) before the regex runs. */
  keywords: string[];
  /** Must have the `g` flag; the group named `secret` (else group 1, else the match) is the secret itself. */
  regex: RegExp;
  minEntropy?: number;
  /** A published checksum: false means the match is not a real token (the analyzer drops it; redaction still masks). */
  verify?: (value: string) => boolean;
  /**
   * For patterns that capture the assigned name (group `name`): whether that name can hold a secret at all.
   * Checked in redaction too, so prose such as "What: `res.sendFile`" is not masked as a `What` secret.
   */
  acceptName?: (name: string) => boolean;
}

export interface SecretSpan {
  start: number;
  end: number;
  value: string;
  patternId: string;
  provider: string;
  /** The name the secret is assigned to, when the pattern captures it (group `name`). */
  name?: string;
}

/** The baseline set, so redaction works before the rule data loads; `rules/index.ts` replaces and extends it. */
export const BASE_SECRET_PATTERNS: SecretPattern[] = [
  { id: "aws-access-key-id", provider: "AWS", keywords: ["akia", "asia", "abia", "acca"], regex: /\b((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b/g },
  { id: "github-token", provider: "GitHub", keywords: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], regex: /\b(gh[pousr]_[A-Za-z0-9]{36,255})\b/g },
  { id: "github-fine-grained-pat", provider: "GitHub", keywords: ["github_pat_"], regex: /\b(github_pat_[A-Za-z0-9_]{82})\b/g },
  { id: "anthropic-api-key", provider: "Anthropic", keywords: ["sk-ant-"], regex: /\b(sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120})/g },
  { id: "stripe-secret-key", provider: "Stripe", keywords: ["sk_live_", "rk_live_"], regex: /\b((?:sk|rk)_live_[A-Za-z0-9]{20,247})\b/g },
  { id: "slack-token", provider: "Slack", keywords: ["xox"], regex: /\b(xox[bpoas]-[0-9A-Za-z-]{10,250})\b/g },
  { id: "private-key", provider: "private key", keywords: ["private key"], regex: /(-----BEGIN[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----[\s\S]{0,16384}?-----END[ A-Z0-9]{0,30}PRIVATE KEY(?: BLOCK)?-----)/g },
];

const asciiCounts = new Uint32Array(128);

/** Shannon entropy in bits per character (per UTF-16 unit; secrets are ASCII, so that is per character). */
export function entropy(value: string): number {
  if (value.length === 0) return 0;
  asciiCounts.fill(0);
  let other: Map<number, number> | undefined;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 128) asciiCounts[code]! += 1;
    else (other ??= new Map()).set(code, (other.get(code) ?? 0) + 1);
  }
  let bits = 0;
  const add = (count: number) => {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  };
  for (const count of asciiCounts) if (count > 0) add(count);
  if (other) for (const count of other.values()) add(count);
  return bits;
}

let activePatterns: SecretPattern[] = BASE_SECRET_PATTERNS;

/** The secrets analyzer registers its full pattern set here once, so redaction always knows every pattern. */
export function registerSecretPatterns(patterns: SecretPattern[]): void {
  const byId = new Map(activePatterns.map((p) => [p.id, p]));
  for (const pattern of patterns) byId.set(pattern.id, pattern);
  activePatterns = [...byId.values()];
}

export function secretPatterns(): readonly SecretPattern[] {
  return activePatterns;
}

/**
 * One pass over the text finds which keywords occur (longest first, so `sk_live_` also counts as `sk`), instead
 * of one `includes` per keyword per pattern: the pre-check stays cheap however many rules there are.
 */
const keywordScanners = new Map<string, { scan: RegExp; implied: Map<string, string[]> }>();

function keywordScanner(patterns: readonly SecretPattern[]) {
  const key = patterns.map((p) => p.id).join("\u0000");
  let scanner = keywordScanners.get(key);
  if (!scanner) {
    const keywords = [...new Set(patterns.flatMap((p) => p.keywords))].sort((a, b) => b.length - a.length);
    const escaped = keywords.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const implied = new Map(keywords.map((k) => [k, keywords.filter((other) => k.includes(other))]));
    scanner = { scan: new RegExp(escaped.join("|") || "(?!)", "g"), implied };
    if (keywordScanners.size > 64) keywordScanners.clear(); // a handful of rule subsets in practice; stay bounded
    keywordScanners.set(key, scanner);
  }
  return scanner;
}

function presentKeywords(lower: string, patterns: readonly SecretPattern[]): Set<string> {
  const { scan, implied } = keywordScanner(patterns);
  const present = new Set<string>();
  scan.lastIndex = 0;
  for (let match = scan.exec(lower); match !== null; match = scan.exec(lower)) {
    // Resume one character on, so a keyword that starts inside another (`…_authtoken`) is still seen.
    scan.lastIndex = match.index + 1;
    if (present.has(match[0])) continue;
    for (const keyword of implied.get(match[0]) ?? [match[0]]) present.add(keyword);
  }
  return present;
}

export function findSecretSpans(text: string, patterns: readonly SecretPattern[] = activePatterns): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const present = presentKeywords(text.toLowerCase(), patterns);
  for (const pattern of patterns) {
    if (!pattern.keywords.some((keyword) => present.has(keyword))) continue;
    // Synchronous, so sharing the pattern's `lastIndex` is safe as long as it is reset before and after.
    const regex = pattern.regex;
    regex.lastIndex = 0;
    for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
      const value = match.groups?.secret ?? match[1] ?? match[0];
      const offset = match.index + (value.length === 0 ? 0 : secretOffset(match, value));
      // Resume inside the secret, not after it: a wrong match (a key name taken for a value) must not hide the
      // real secret that follows. Every step still advances, and each match is bounded, so this stays linear.
      regex.lastIndex = Math.max(match.index + 1, offset);
      if (value.length === 0) continue;
      if (pattern.minEntropy !== undefined && entropy(value) < pattern.minEntropy) continue;
      if (pattern.acceptName && match.groups?.name !== undefined && !pattern.acceptName(match.groups.name)) continue;
      const span: SecretSpan = { start: offset, end: offset + value.length, value, patternId: pattern.id, provider: pattern.provider };
      if (match.groups?.name) span.name = match.groups.name;
      spans.push(span);
    }
    regex.lastIndex = 0;
  }
  return spans.sort((a, b) => a.start - b.start);
}

/** Where the secret group starts inside the match: exact with the `d` flag (rule data uses it), else a search. */
function secretOffset(match: RegExpMatchArray, value: string): number {
  const indices = match.indices;
  const span = indices ? (match.groups?.secret !== undefined ? indices.groups?.secret : indices[1]) : undefined;
  if (span) return span[0] - match.index!;
  return match[0].lastIndexOf(value);
}
