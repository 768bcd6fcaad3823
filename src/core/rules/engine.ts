/**
 * Runs tree-sitter rules over one file. All rules of a language are compiled into a single query (one pass
 * over the tree per file, whatever the rule count); each pattern index maps back to its rule.
 */
import { Parser, Query, type Language as TreeSitterLanguage, type Node, type QueryCapture } from "web-tree-sitter";
import picomatch from "picomatch";
import type { GrammarLoader } from "../../ports.js";
import { LANGUAGE_FAMILIES, type GrammarLanguage, isGrammarLanguage } from "../languages.js";
import type { Rule } from "./schema.js";
import { enclosingFunction, mentionsAny, REQUEST_SOURCE, requestDerivedNames } from "./request-sources.js";

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

interface CompiledLanguage {
  query: Query;
  /** patternRule[i] is the rule that owns pattern i of the combined query. */
  patternRule: Rule[];
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
  if (DYNAMIC_NODE_TYPES.has(node.type)) return true;
  return node.descendantsOfType([...DYNAMIC_NODE_TYPES]).length > 0;
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
  private readonly compiled = new Map<GrammarLanguage, Promise<CompiledLanguage | null>>();
  private readonly pathMatchers = new Map<Rule, (path: string) => boolean>();
  private parser: Parser | undefined;

  constructor(
    private readonly rules: readonly Rule[],
    private readonly grammars: GrammarLoader,
  ) {}

  /** Compiles every rule for every grammar it names; throws RuleCompileError for the first broken one. */
  async compileAll(): Promise<void> {
    const languages = new Set(this.rules.flatMap(grammarsForRule));
    for (const language of languages) await this.compile(language);
  }

  async parse(language: GrammarLanguage, text: string) {
    const grammar = await this.grammars.load(language);
    this.parser ??= new Parser();
    this.parser.setLanguage(grammar);
    const tree = this.parser.parse(text);
    if (!tree) throw new Error(`tree-sitter returned no tree for a ${language} file`);
    return tree;
  }

  /** Every rule match in `text`; the caller decides which ones touch added lines. */
  async run(language: GrammarLanguage, path: string, text: string): Promise<RuleMatch[]> {
    const compiled = await this.compile(language);
    if (!compiled) return [];
    const tree = await this.parse(language, text);
    try {
      return this.collect(compiled, tree.rootNode, path);
    } finally {
      tree.delete();
    }
  }

  private collect(compiled: CompiledLanguage, root: Node, path: string): RuleMatch[] {
    const results: RuleMatch[] = [];
    const taintCache = new Map<number, Set<string>>();
    for (const match of compiled.query.matches(root)) {
      const rule = compiled.patternRule[match.patternIndex];
      if (!rule || !this.appliesToPath(rule, path)) continue;
      const byName = new Map<string, QueryCapture["node"]>();
      for (const capture of match.captures) if (!byName.has(capture.name)) byName.set(capture.name, capture.node);
      if (!this.conditionsHold(rule, byName, taintCache)) continue;
      const reported = this.reportedNode(rule, match.captures);
      if (!reported) continue;
      if (rule.unless.some((u) => ruleRegex(u.matches).test(scopeNode(reported.node, u.scope).text))) continue;
      const captures: Record<string, string> = {};
      for (const [name, node] of byName) captures[name] = node.text;
      results.push({
        rule,
        startRow: reported.startRow,
        endRow: reported.endRow,
        startColumn: reported.startColumn,
        text: reported.node.text,
        captures,
      });
    }
    return dedupeOverlapping(results);
  }

  private appliesToPath(rule: Rule, path: string): boolean {
    if (!rule.paths) return true;
    let matcher = this.pathMatchers.get(rule);
    if (!matcher) {
      matcher = picomatch(rule.paths, { dot: true });
      this.pathMatchers.set(rule, matcher);
    }
    return matcher(path);
  }

  private conditionsHold(rule: Rule, byName: Map<string, Node>, taintCache: Map<number, Set<string>>): boolean {
    for (const condition of rule.where) {
      const node = byName.get(condition.capture);
      if (!node) return false;
      const text = node.text;
      if (condition.matches !== undefined && !ruleRegex(condition.matches).test(text)) return false;
      if (condition.notMatches !== undefined && ruleRegex(condition.notMatches).test(text)) return false;
      if (condition.dynamic && !isDynamic(node)) return false;
      if (condition.fromRequest) {
        if (REQUEST_SOURCE.test(text)) continue;
        const fn = enclosingFunction(node);
        if (!fn) return false;
        let tainted = taintCache.get(fn.id);
        if (!tainted) {
          tainted = requestDerivedNames(fn);
          taintCache.set(fn.id, tainted);
        }
        if (!mentionsAny(text, tainted)) return false;
      }
    }
    return true;
  }

  private reportedNode(rule: Rule, captures: QueryCapture[]) {
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

  private compile(language: GrammarLanguage): Promise<CompiledLanguage | null> {
    let pending = this.compiled.get(language);
    if (!pending) {
      pending = this.compileNow(language);
      this.compiled.set(language, pending);
    }
    return pending;
  }

  private async compileNow(language: GrammarLanguage): Promise<CompiledLanguage | null> {
    const rules = this.rules.filter((rule) => grammarsForRule(rule).includes(language));
    if (rules.length === 0) return null;
    const grammar: TreeSitterLanguage = await this.grammars.load(language);
    // Compiling is the costly part (tens of ms per rule), so the combined query is compiled once; rules are
    // compiled one by one only to name the broken one, or to count patterns when a rule has several.
    let query: Query;
    try {
      query = new Query(grammar, rules.map((rule) => rule.query).join("\n"));
    } catch (error) {
      for (const rule of rules) {
        try {
          new Query(grammar, rule.query).delete();
        } catch (ruleError) {
          throw new RuleCompileError(rule.id, language, ruleError);
        }
      }
      throw error;
    }
    const patternRule = patternOwners(query, rules);
    return { query, patternRule };
  }
}

/**
 * Which rule owns each pattern of the combined query. Patterns are numbered in source order, so the byte offset
 * where each pattern starts tells which rule's text it came from.
 */
function patternOwners(query: Query, rules: readonly Rule[]): Rule[] {
  const starts: number[] = [];
  let offset = 0;
  for (const rule of rules) {
    starts.push(offset);
    offset += utf8Length(rule.query) + 1;
  }
  const owners: Rule[] = [];
  for (let pattern = 0; pattern < query.patternCount(); pattern++) {
    const start = query.startIndexForPattern(pattern);
    let owner = 0;
    while (owner + 1 < starts.length && (starts[owner + 1] ?? Infinity) <= start) owner++;
    const rule = rules[owner];
    if (rule) owners.push(rule);
  }
  return owners;
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
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
