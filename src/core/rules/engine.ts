/**
 * Runs tree-sitter rules over one file: each pattern of each applicable rule, skipped when the file lacks the
 * words the pattern's predicates need. Patterns run on Gatehouse's matcher (query-matcher.ts), not
 * web-tree-sitter's Query, whose compilation cost more than most scans.
 */
import { Parser, type Node, type Tree } from "web-tree-sitter";
import picomatch from "picomatch";
import type { GrammarLoader } from "../../ports.js";
import { LANGUAGE_FAMILIES, type GrammarLanguage, isGrammarLanguage } from "../languages.js";
import type { Rule } from "./schema.js";
import { needsMet, requirementsOf, WordFinder } from "./keywords.js";
import { enclosingFunction, mentionsAny, REQUEST_SOURCE, requestDerivedNames } from "./request-sources.js";
import { assignedValues, isConstantExpression } from "./bindings.js";
import { compilePattern, matchPattern, TreeIndex, type CompiledPattern, type PatternCapture } from "./query-matcher.js";
import { parseQuery, type ParsedPattern } from "./query-syntax.js";
import { freeTree } from "../tree-caches.js";
import { remembered } from "../remembered.js";

export interface RuleMatch {
  rule: Rule;
  /** 0-based rows and columns of the reported node. */
  startRow: number;
  endRow: number;
  startColumn: number;
  /** Text of the reported node. */
  text: string;
  /** Text of every named capture, for message templates. */
  captures: Record<string, string>;
}

/**
 * Each top-level pattern of a rule with the words it needs: a file runs only the patterns it can match, so
 * patterns cost nothing on files that lack their words (a pattern that pairs every two keys of a mapping is
 * quadratic in the mapping's size).
 */
interface RulePattern {
  parsed: ParsedPattern;
  requirements: string[][];
}

/** One pattern of a rule, with its place among the grammar's patterns (rule order, then pattern order). */
interface IndexedPattern {
  rule: Rule;
  index: number;
  requirements: string[][];
  order: number;
}

interface PatternIndex {
  words: WordFinder;
  /** Patterns that need no word: candidates on every file. */
  unfiltered: IndexedPattern[];
  byWord: Map<string, IndexedPattern[]>;
}

/** A query that does not compile, named by rule, so the build and the tests can say which rule is broken. */
export class RuleCompileError extends Error {
  constructor(
    readonly ruleId: string,
    readonly language: string,
    cause: unknown,
  ) {
    super(`rule ${ruleId}: its query does not compile for ${language}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = "RuleCompileError";
  }
}

export function grammarsForRule(rule: Rule): GrammarLanguage[] {
  const grammars = new Set<GrammarLanguage>();
  for (const name of rule.languages) {
    for (const language of LANGUAGE_FAMILIES[name] ?? []) if (isGrammarLanguage(language)) grammars.add(language);
  }
  return [...grammars];
}

const regexCache = new Map<string, RegExp>();
/** `(?i)` at the start of a rule's pattern means case-insensitive, as in Semgrep and gitleaks. */
export function ruleRegex(pattern: string): RegExp {
  let regex = regexCache.get(pattern);
  if (!regex) {
    regex = pattern.startsWith("(?i)") ? new RegExp(pattern.slice(4), "i") : new RegExp(pattern);
    regexCache.set(pattern, regex);
  }
  return regex;
}

const DYNAMIC_NODE_TYPES = new Set([
  "identifier",
  "template_substitution",
  "interpolation",
  "call_expression",
  "call",
  "member_expression",
  "subscript_expression",
  "attribute",
  "subscript",
]);

function isDynamic(node: Node): boolean {
  if (!DYNAMIC_NODE_TYPES.has(node.type) && node.descendantsOfType([...DYNAMIC_NODE_TYPES]).length === 0) return false;
  // A name the file only binds to literals (a constant, an allow-list lookup, a loop over a constant list) is not input.
  return !isConstantExpression(node);
}

const CALL_TYPES = new Set(["call_expression", "call", "new_expression"]);

function scopeNode(node: Node, scope: "function" | "call" | "file" | "statement"): Node {
  if (scope === "function") return enclosingFunction(node) ?? rootOf(node);
  if (scope === "file") return rootOf(node);
  for (let current: Node | null = node; current; current = current.parent) {
    if (scope === "call" && CALL_TYPES.has(current.type)) return current;
    if (scope === "statement" && /(statement|declaration|definition)$/.test(current.type) && current.parent) return current;
  }
  return rootOf(node);
}

function rootOf(node: Node): Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

export class RuleEngine {
  private readonly compiled = new Map<string, Promise<CompiledPattern>>();
  private readonly patternsByRule = new Map<Rule, RulePattern[]>();
  private readonly grammarsByRule = new Map<Rule, GrammarLanguage[]>();
  private readonly rulesByGrammar = new Map<GrammarLanguage, Rule[]>();
  private readonly patternIndexByGrammar = new Map<GrammarLanguage, PatternIndex>();
  /** Keyed by the rules a grammar runs: JavaScript, TypeScript and TSX run the same rules and share one. */
  private readonly patternIndexByRules = new Map<string, PatternIndex>();
  private readonly pathMatchers = new Map<Rule, (path: string) => boolean>();
  private parser: Parser | undefined;

  constructor(
    private readonly rules: readonly Rule[],
    private readonly grammars: GrammarLoader,
    /** `prefilter: false` runs every query on every file: the tests compare both ways. */
    private readonly options: { prefilter: boolean } = { prefilter: true },
  ) {}

  /** Compiles every rule for every grammar it names; throws RuleCompileError for the first broken one. */
  async compileAll(): Promise<void> {
    for (const rule of this.rules) {
      for (const language of this.grammarsOf(rule)) for (const index of this.patternsOf(rule).keys()) await this.compilePattern(language, rule, index);
    }
  }

  async parse(language: GrammarLanguage, text: string): Promise<Tree> {
    const grammar = await this.grammars.load(language);
    this.parser ??= new Parser();
    this.parser.setLanguage(grammar);
    const tree = this.parser.parse(text);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${language} file`);
    return tree;
  }

  /**
   * Every rule match in `text`; the caller decides which ones touch added lines. Each top-level pattern of a
   * rule runs its own query, and only when the file can match it (the words its predicates need, then the
   * rule's path globs): small queries are much faster in tree-sitter than one holding every pattern, and most
   * patterns skip most files. `keepRootNodes`: the caller will read this tree's root for the nodes root-walk.ts
   * keeps (the auth analyzer does, for a file that can hold routes), so the candidates' walk collects them too.
   */
  async run(language: GrammarLanguage, path: string, text: string, treeOf?: () => Promise<Tree>, { keepRootNodes = false } = {}): Promise<RuleMatch[]> {
    const wanted: Array<{ rule: Rule; pattern: Promise<CompiledPattern> }> = [];
    const { words, unfiltered, byWord } = this.patternIndexFor(language);
    const found = words.find(text);
    // Only patterns one of whose words the file has can pass the prefilter: the corpus's JS/TS files hold a median
    // of 13 of the 235 words their 61 patterns need, and are candidates for 14 patterns on average.
    const candidates = new Set(unfiltered);
    for (const word of found.words) for (const entry of byWord.get(word) ?? []) candidates.add(entry);
    const applies = new Map<Rule, boolean>();
    for (const { rule, index, requirements } of [...candidates].sort((a, b) => a.order - b.order)) {
      if (this.options.prefilter && !needsMet(requirements, found.has)) continue;
      // The path globs come after the words: compiling a glob costs more than a few substring tests.
      if (!remembered(applies, rule, () => this.appliesToPath(rule, path))) continue;
      wanted.push({ rule, pattern: this.compilePattern(language, rule, index) });
    }
    if (wanted.length === 0) return [];
    const compiled = await Promise.all(wanted.map((w) => w.pattern));
    // A tree the caller provides is shared with other analyzers and stays theirs to free; one parsed here is freed here.
    const tree = treeOf ? await treeOf() : await this.parse(language, text);
    const results: RuleMatch[] = [];
    try {
      const index = new TreeIndex(tree, { keepRootNodes });
      index.prepare(compiled.flatMap((pattern) => pattern.candidateTypes));
      const taintCache = new Map<number, Set<string>>();
      for (const [i, { rule }] of wanted.entries()) this.collect(rule, compiled[i]!, index, taintCache, results);
    } finally {
      if (!treeOf) freeTree(tree);
    }
    return dedupeOverlapping(results);
  }

  private collect(rule: Rule, pattern: CompiledPattern, index: TreeIndex, taintCache: Map<number, Set<string>>, results: RuleMatch[]): void {
    for (const match of matchPattern(pattern, index)) {
      const byName = new Map<string, Node>();
      for (const capture of match.captures) if (!byName.has(capture.name)) byName.set(capture.name, capture.node);
      if (!this.conditionsHold(rule, byName, taintCache)) continue;
      const reported = this.reportedNode(rule, match.captures);
      if (!reported) continue;
      if (rule.unless.some((u) => ruleRegex(u.matches).test(scopeNode(reported.node, u.scope).text))) continue;
      const captures: Record<string, string> = {};
      for (const [name, node] of byName) captures[name] = node.text;
      results.push({ rule, startRow: reported.startRow, endRow: reported.endRow, startColumn: reported.startColumn, text: reported.node.text, captures });
    }
  }

  /**
   * Each glob compiled once to a regular expression and tested directly: picomatch's own matcher function costs
   * about 3 µs a call (40 ms for 50 rules over 270 files), its regular expression a small fraction of that.
   */
  private appliesToPath(rule: Rule, path: string): boolean {
    const globs = rule.paths;
    if (!globs) return true;
    const matcher = remembered(this.pathMatchers, rule, () => {
      const expressions = globs.map((glob) => picomatch.makeRe(glob, { dot: true }));
      return (candidate: string) => expressions.some((expression) => expression.test(candidate));
    });
    return matcher(path);
  }

  private conditionsHold(rule: Rule, byName: Map<string, Node>, taintCache: Map<number, Set<string>>): boolean {
    for (const condition of rule.where) {
      const node = byName.get(condition.capture);
      if (!node) return false;
      // `followAssignments`: the capture or one of the values assigned to it must pass (`q = f"…"; execute(q)`).
      const candidates = condition.followAssignments ? [node, ...assignedValues(node)] : [node];
      if (!candidates.some((candidate) => this.conditionHolds(condition, candidate, taintCache))) return false;
    }
    return true;
  }

  private conditionHolds(condition: Rule["where"][number], node: Node, taintCache: Map<number, Set<string>>): boolean {
    const text = node.text;
    if (condition.matches !== undefined && !ruleRegex(condition.matches).test(text)) return false;
    if (condition.notMatches !== undefined && ruleRegex(condition.notMatches).test(text)) return false;
    if (condition.dynamic && !isDynamic(node)) return false;
    if (condition.fromRequest && !REQUEST_SOURCE.test(text)) {
      const fn = enclosingFunction(node);
      if (!fn) return false;
      let tainted = taintCache.get(fn.id);
      if (!tainted) {
        tainted = requestDerivedNames(fn);
        taintCache.set(fn.id, tainted);
      }
      if (!mentionsAny(text, tainted)) return false;
    }
    return true;
  }

  private reportedNode(rule: Rule, captures: PatternCapture[]) {
    const wanted = rule.report ?? "finding";
    const named = captures.find((c) => c.name === wanted)?.node;
    const nodes = named ? [named] : captures.filter((c) => !c.name.startsWith("_")).map((c) => c.node);
    const first = nodes[0];
    if (!first) return null;
    let startRow = first.startPosition.row;
    let startColumn = first.startPosition.column;
    let endRow = first.endPosition.row;
    for (const node of nodes) {
      if (node.startPosition.row < startRow || (node.startPosition.row === startRow && node.startPosition.column < startColumn)) {
        startRow = node.startPosition.row;
        startColumn = node.startPosition.column;
      }
      endRow = Math.max(endRow, node.endPosition.row);
    }
    return { node: first, startRow, endRow, startColumn };
  }

  /** The rules that run on a grammar: listed once per grammar rather than once per file. */
  private rulesFor(language: GrammarLanguage): Rule[] {
    return remembered(this.rulesByGrammar, language, () => this.rules.filter((rule) => this.grammarsOf(rule).includes(language)));
  }

  /** The words each top-level pattern needs: written by the build for bundled rules, else read from the query. */
  private needsOf(rule: Rule): string[][][] {
    return rule.patternNeeds ?? this.patternsOf(rule).map((pattern) => pattern.requirements);
  }

  /** A grammar's patterns by the words they need, with one finder for all those words. */
  private patternIndexFor(language: GrammarLanguage): PatternIndex {
    return remembered(this.patternIndexByGrammar, language, () => {
      const rules = this.rulesFor(language);
      return remembered(this.patternIndexByRules, rules.map((rule) => rule.id).join("\n"), () => {
        const entries = rules.flatMap((rule) => this.needsOf(rule).map((requirements, index) => ({ rule, index, requirements })));
        const index: PatternIndex = { words: new WordFinder(entries.flatMap((entry) => entry.requirements.flat())), unfiltered: [], byWord: new Map() };
        for (const [order, entry] of entries.entries()) {
          const indexed = { ...entry, order };
          // A pattern is listed under each word of its first need: it passes only if the file has one of them.
          const [firstNeed] = this.options.prefilter ? entry.requirements : [];
          if (!firstNeed) index.unfiltered.push(indexed);
          else for (const word of firstNeed) remembered(index.byWord, word, () => []).push(indexed);
        }
        return index;
      });
    });
  }

  private grammarsOf(rule: Rule): GrammarLanguage[] {
    return remembered(this.grammarsByRule, rule, () => grammarsForRule(rule));
  }

  private patternsOf(rule: Rule): RulePattern[] {
    return remembered(this.patternsByRule, rule, () => {
      let parsed: ParsedPattern[];
      try {
        parsed = parseQuery(rule.query);
      } catch (error) {
        throw new RuleCompileError(rule.id, rule.languages.join(", "), error);
      }
      return parsed.map((pattern) => ({ parsed: pattern, requirements: requirementsOf(pattern) }));
    });
  }

  /** Checked against the grammar once per (language, rule, pattern), on first need. */
  private compilePattern(language: GrammarLanguage, rule: Rule, index: number): Promise<CompiledPattern> {
    return remembered(this.compiled, `${language}\u0000${rule.id}\u0000${index}`, async () => {
      const grammar = await this.grammars.load(language);
      try {
        return compilePattern(this.patternsOf(rule)[index]!.parsed, grammar);
      } catch (error) {
        throw new RuleCompileError(rule.id, language, error);
      }
    });
  }
}

/** One rule, one place: patterns that overlap (a rule with alternatives) report the outermost match once. */
function dedupeOverlapping(matches: RuleMatch[]): RuleMatch[] {
  const seen = new Map<string, RuleMatch>();
  for (const match of matches) {
    const key = `${match.rule.id}:${match.startRow}:${match.startColumn}`;
    const existing = seen.get(key);
    if (!existing || match.endRow > existing.endRow) seen.set(key, match);
  }
  return [...seen.values()];
}
