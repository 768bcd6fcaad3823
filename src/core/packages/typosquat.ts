/**
 * Typosquat detection: is a new dependency's name one slip away from a popular package? Edit distance with
 * transpositions, doubled characters, homoglyphs, scope confusion (`@types-node/x`, `types-node`) and separator
 * games (`dateutil-python` for `python-dateutil`, `reactdom` for `react-dom`). A popular name itself is never a squat.
 */
import { normalizePypiName } from "./parse-python.js";
import type { Ecosystem } from "./registry-port.js";

export type TyposquatTechnique = "edit-distance" | "swapped-characters" | "doubled-character" | "missing-character" | "homoglyph" | "scope-confusion" | "separator";

export interface TyposquatMatch {
  /** The popular package the name imitates. */
  target: string;
  technique: TyposquatTechnique;
}

// Characters that render like Latin letters, and digit/letter pairs that read alike in a name.
const CONFUSABLES: Record<string, string> = {
  "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "i", "ј": "j", "ѕ": "s", "ԁ": "d", "ɡ": "g", "һ": "h",
  "α": "a", "ο": "o", "ρ": "p", "ν": "v", "τ": "t", "κ": "k", "ι": "i",
  "0": "o", "1": "l", "3": "e", "5": "s",
};

function deconfuse(name: string): string {
  let out = "";
  for (const char of name.normalize("NFKC")) out += CONFUSABLES[char] ?? char;
  return out.replace(/rn/g, "m").replace(/vv/g, "w");
}

const stripSeparators = (name: string) => name.replace(/[-_.]/g, "");
const sortedTokens = (name: string) => name.split(/[-_.]+/).filter(Boolean).sort().join("-");
/** `@types/node` -> `types-node`: how a scoped name reads when someone flattens it. */
const flatten = (name: string) => name.replace(/^@/, "").replace("/", "-");

/** Optimal string alignment distance (Damerau-Levenshtein without repeated edits), stopping early past `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        row.push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min((rows[i - 1]?.[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (rows[i - 1]?.[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, (rows[i - 2]?.[j - 2] ?? 0) + 1);
      row.push(value);
      rowMin = Math.min(rowMin, value);
    }
    rows.push(row);
    if (i > 0 && rowMin > limit) return limit + 1;
  }
  return rows[a.length]?.[b.length] ?? limit + 1;
}

function classifyEdit(candidate: string, target: string): TyposquatTechnique {
  if (candidate.length === target.length + 1) {
    for (let i = 1; i < candidate.length; i++) {
      if (candidate[i] === candidate[i - 1] && candidate.slice(0, i) + candidate.slice(i + 1) === target) return "doubled-character";
    }
  }
  if (candidate.length + 1 === target.length) return "missing-character";
  if (candidate.length === target.length) {
    const diff = [...candidate].map((c, i) => (c === target[i] ? -1 : i)).filter((i) => i >= 0);
    if (diff.length === 2 && diff[1] === (diff[0] ?? 0) + 1 && candidate[diff[0] ?? 0] === target[diff[1] ?? 0]) return "swapped-characters";
  }
  return "edit-distance";
}

export class PopularIndex {
  private readonly names: Set<string>;
  private readonly byStripped = new Map<string, string>();
  private readonly byTokens = new Map<string, string>();
  private readonly byFlattened = new Map<string, string>();
  private readonly byPackagePart = new Map<string, string[]>();

  constructor(
    readonly ecosystem: Ecosystem,
    private readonly ordered: readonly string[],
  ) {
    this.names = new Set(ordered.map((name) => this.normalize(name)));
    for (const raw of ordered) {
      const name = this.normalize(raw);
      // First writer wins: the list is ordered by popularity, so the most popular owner of a form is kept.
      if (!this.byStripped.has(stripSeparators(name))) this.byStripped.set(stripSeparators(name), name);
      if (!this.byTokens.has(sortedTokens(name))) this.byTokens.set(sortedTokens(name), name);
      if (name.startsWith("@")) {
        if (!this.byFlattened.has(flatten(name))) this.byFlattened.set(flatten(name), name);
        const part = name.slice(name.indexOf("/") + 1);
        this.byPackagePart.set(part, [...(this.byPackagePart.get(part) ?? []), name]);
      }
    }
  }

  normalize(name: string): string {
    return this.ecosystem === "pypi" ? normalizePypiName(name) : name.toLowerCase();
  }

  isPopular(name: string): boolean {
    return this.names.has(this.normalize(name));
  }

  find(rawName: string): TyposquatMatch | undefined {
    const name = this.normalize(rawName);
    if (this.names.has(name)) return undefined;
    const homoglyph = deconfuse(name);
    if (homoglyph !== name && this.names.has(homoglyph)) return { target: homoglyph, technique: "homoglyph" };
    const scope = this.scopeConfusion(name);
    if (scope) return scope;
    const separated = this.byStripped.get(stripSeparators(name)) ?? this.byTokens.get(sortedTokens(name));
    if (separated && separated !== name) return { target: separated, technique: "separator" };
    return this.nearest(name);
  }

  private scopeConfusion(name: string): TyposquatMatch | undefined {
    if (name.startsWith("@")) {
      const slash = name.indexOf("/");
      const scope = name.slice(1, slash);
      const part = name.slice(slash + 1);
      const flattenedTarget = this.byFlattened.get(scope);
      if (flattenedTarget) return { target: flattenedTarget, technique: "scope-confusion" };
      for (const target of this.byPackagePart.get(part) ?? []) {
        const targetScope = target.slice(1, target.indexOf("/"));
        if (targetScope !== scope && editDistance(scope, targetScope, 1) <= 1) return { target, technique: "scope-confusion" };
      }
      return undefined;
    }
    const flattenedTarget = this.byFlattened.get(name);
    return flattenedTarget ? { target: flattenedTarget, technique: "scope-confusion" } : undefined;
  }

  /** The most popular name within reach: distance 1 for names of 5+ characters, 2 for 9+ (shorter names collide by chance). */
  private nearest(name: string): TyposquatMatch | undefined {
    const limit = name.length >= 9 ? 2 : name.length >= 5 ? 1 : 0;
    if (limit === 0) return undefined;
    let best: { target: string; distance: number } | undefined;
    for (const raw of this.ordered) {
      const target = this.normalize(raw);
      const distance = editDistance(name, target, limit);
      if (distance <= limit && (!best || distance < best.distance)) best = { target, distance };
      if (best?.distance === 1) break;
    }
    return best ? { target: best.target, technique: classifyEdit(name, best.target) } : undefined;
  }
}
