/**
 * Cheap pre-checks derived from a rule's own query: a pattern whose `#match?`, `#eq?` or `#any-of?` predicate
 * needs a word (`query`, `execute`, `rejectUnauthorized`…) cannot match a file that does not contain that word,
 * so the query is not run on it. gitleaks does the same with its keywords; here they come from the predicates,
 * so a rule cannot forget them.
 */
import { parseQuery, type ParsedPattern, type PatternElement } from "./query-syntax.js";
import { remembered } from "../remembered.js";

const META = new Set([..."\\^$.|?*+()[]{}"]);

/** Literal strings such that any match of `source` contains one of them; null when none can be named. */
export function requiredLiterals(source: string): string[] | null {
  return remembered(literalsBySource, source, () => literalsIn(source));
}

/**
 * Each predicate's literals are read once: every pattern is checked against each grammar its rule names (three
 * for JS/TS), and reading a regular expression character by character, before V8 optimizes anything, showed up
 * as 16 ms of the CLI's start. Callers only read the arrays.
 */
const literalsBySource = new Map<string, string[] | null>();

function literalsIn(source: string): string[] | null {
  if (source.startsWith("(?i)")) return null; // case-insensitive: a substring test would miss matches
  const alternatives = splitTopLevel(source);
  const result: string[] = [];
  for (const alternative of alternatives) {
    const literals = alternativeLiterals(alternative);
    if (!literals) return null;
    result.push(...literals);
  }
  return result;
}

function splitTopLevel(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === "\\") {
      current += char + (source[i + 1] ?? "");
      i++;
      continue;
    }
    if (char === "(" || char === "[") depth++;
    if (char === ")" || char === "]") depth--;
    if (char === "|" && depth === 0) {
      parts.push(current);
      current = "";
    } else current += char;
  }
  parts.push(current);
  return parts;
}

/** The literal run (or group) that starts an alternative, after anchors; null if it can be absent. */
function alternativeLiterals(alternative: string): string[] | null {
  let i = 0;
  // Skip what can be absent at the start: anchors, and optional atoms such as the `["']?` before a quoted key.
  for (let skipped = true; skipped; ) {
    skipped = false;
    if (alternative.startsWith("^", i) || alternative.startsWith("\\b", i)) {
      i += alternative.startsWith("^", i) ? 1 : 2;
      skipped = true;
      continue;
    }
    const atomEnd = atomEndAt(alternative, i);
    if (atomEnd > i && optionalQuantifier(alternative[atomEnd])) {
      i = atomEnd + 1;
      skipped = true;
    }
  }
  if (alternative[i] === "(") {
    const end = closingParen(alternative, i);
    if (end < 0 || optionalQuantifier(alternative[end + 1])) return null;
    const inner = alternative.slice(i + 1, end).replace(/^\?:/, "");
    if (inner.startsWith("?")) return null; // lookaround or named group syntax: keep it simple
    return requiredLiterals(inner);
  }
  let literal = "";
  while (i < alternative.length) {
    let char = alternative[i]!;
    if (char === "\\") {
      const next = alternative[i + 1] ?? "";
      if (/[A-Za-z0-9]/.test(next)) break; // \d, \w, \b…: a class, not a literal
      char = next;
      i++;
    } else if (META.has(char)) break;
    literal += char;
    i++;
  }
  if (optionalQuantifier(alternative[i]) || alternative[i] === "+") literal = literal.slice(0, -1);
  return literal.length > 0 ? [literal] : null;
}

/** Where the atom starting at `i` ends (exclusive): a class `[...]`, a group `(...)`, an escape or one char. */
function atomEndAt(source: string, i: number): number {
  const char = source[i];
  if (char === undefined) return i;
  if (char === "[") {
    for (let j = i + 1; j < source.length; j++) {
      if (source[j] === "\\") j++;
      else if (source[j] === "]") return j + 1;
    }
    return i;
  }
  if (char === "(") {
    const end = closingParen(source, i);
    return end < 0 ? i : end + 1;
  }
  if (char === "\\") return i + 2;
  if (META.has(char)) return i;
  return i + 1;
}

function optionalQuantifier(char: string | undefined): boolean {
  return char === "?" || char === "*" || char === "{";
}

function closingParen(source: string, open: number): number {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    if (source[i] === "\\") {
      i++;
      continue;
    }
    if (source[i] === "(") depth++;
    if (source[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

/**
 * The words a text must contain for `pattern` to match it, each inner list one predicate's alternatives. Only
 * predicates that constrain every match count: each capture they name must be bound in every match (not under
 * `?` / `*`, and, inside an alternation `[...]`, in every branch: a `@callee` that each branch declares counts,
 * a `@_format` that one branch declares does not); negated ones (`#not-…`) never do. `(#file-mentions? "word"
 * …)` names words the file must contain without constraining any capture. `scope: "captures"` keeps only the
 * words some capture's text must contain (not `#file-mentions?`): every capture lies inside the node a match
 * starts at, so that node's text must contain them too.
 */
export function requirementsOf(pattern: ParsedPattern, scope: "file" | "captures" = "file"): string[][] {
  const required = requiredCaptures(pattern.root);
  const needs: string[][] = [];
  for (const { operator, operands } of pattern.predicates) {
    if (operands.some((operand) => operand.kind === "capture" && !required.has(operand.name))) continue;
    const strings = operands.flatMap((operand) => (operand.kind === "string" ? [operand.value] : []));
    const constrainsCapture = operands.length > strings.length;
    if (operator === "match?" && strings.length === 1 && constrainsCapture) {
      const literals = requiredLiterals(strings[0]!);
      if (literals) needs.push(literals);
    } else if ((operator === "eq?" || operator === "any-of?") && strings.length > 0 && constrainsCapture && strings.every((s) => s.length > 0)) {
      needs.push(strings);
    } else if (operator === "file-mentions?" && scope === "file" && strings.length > 0 && !constrainsCapture) {
      // For a pattern whose words sit elsewhere in the file (`const run = promisify(exec)` far from `run(…)`):
      // the matcher leaves unknown predicates alone, so this one only skips files, and the rule's `where` must imply it.
      needs.push(strings);
    }
  }
  return needs;
}

/** The captures every match of `element` binds. */
function requiredCaptures(element: PatternElement): Set<string> {
  if (element.quantifier === "?" || element.quantifier === "*") return new Set();
  const required = new Set(element.captures);
  if (element.kind === "alternation") {
    const [first, ...rest] = element.alternatives.map(requiredCaptures);
    for (const capture of first ?? []) if (rest.every((branch) => branch.has(capture))) required.add(capture);
  } else {
    for (const child of element.children) for (const capture of requiredCaptures(child)) required.add(capture);
  }
  return required;
}

/**
 * Finds which of a fixed set of words a text contains, in one pass over the text (Aho-Corasick): the JS/TS rules
 * ask a file about 235 words, and a substring search per word cost the CLI tens of ms on 270 files. Built once
 * per scan, mostly before V8 has optimized anything, so the build is linear in the words' length: the trie's
 * edges sit in one table (a column per character the words use), and a missing edge is resolved at search time
 * through failure links rather than filled in ahead.
 */
export class WordFinder {
  private readonly wordIndex = new Map<string, number>();
  /** Each character's column in the table; 0 for characters no word uses. */
  private readonly columnOf = new Uint16Array(65536);
  private readonly columns: number;
  /** next[state * columns + column]: the trie's edge, 0 for none (the start state is never an edge's target). */
  private readonly next: Int32Array;
  /** The state for the longest proper suffix of a state's text that is also in the trie. */
  private readonly failure: Int32Array;
  /** The words that end at each state (its own and, through failure links, its suffixes'), flattened. */
  private readonly outputStart: Int32Array;
  private readonly outputs: Int32Array;

  constructor(words: Iterable<string>) {
    let characters = 0;
    for (const word of words) {
      if (word.length === 0 || this.wordIndex.has(word)) continue;
      this.wordIndex.set(word, this.wordIndex.size);
      characters += word.length;
    }
    let columns = 1;
    for (const word of this.wordIndex.keys()) for (let i = 0; i < word.length; i++) if (this.columnOf[word.charCodeAt(i)] === 0) this.columnOf[word.charCodeAt(i)] = columns++;
    this.columns = columns;
    const next = new Int32Array((characters + 1) * columns);
    const ownWord = new Int32Array(characters + 1).fill(-1);
    // Each state's column, parent, first child and next sibling, to visit the trie breadth first below.
    const columnIn = new Int32Array(characters + 1);
    const parent = new Int32Array(characters + 1);
    const firstChild = new Int32Array(characters + 1);
    const nextSibling = new Int32Array(characters + 1);
    let states = 1;
    for (const [word, index] of this.wordIndex) {
      let state = 0;
      for (let i = 0; i < word.length; i++) {
        const column = this.columnOf[word.charCodeAt(i)]!;
        const slot = state * columns + column;
        if (next[slot] === 0) {
          next[slot] = states;
          columnIn[states] = column;
          parent[states] = state;
          nextSibling[states] = firstChild[state]!;
          firstChild[state] = states;
          states++;
        }
        state = next[slot]!;
      }
      ownWord[state] = index;
    }
    // Breadth first, so each state's failure state (a shorter suffix) is settled before it.
    const queue = new Int32Array(states);
    let tail = 0;
    for (let child = firstChild[0]!; child !== 0; child = nextSibling[child]!) queue[tail++] = child;
    const failure = new Int32Array(states);
    const outputs: number[][] = [[]];
    for (let head = 0; head < tail; head++) {
      const state = queue[head]!;
      for (let child = firstChild[state]!; child !== 0; child = nextSibling[child]!) queue[tail++] = child;
      const up = parent[state]!;
      if (up !== 0) {
        let candidate = failure[up]!;
        while (candidate !== 0 && next[candidate * columns + columnIn[state]!] === 0) candidate = failure[candidate]!;
        failure[state] = next[candidate * columns + columnIn[state]!]!;
      }
      const inherited = outputs[failure[state]!]!;
      outputs[state] = ownWord[state]! >= 0 ? [ownWord[state]!, ...inherited] : inherited;
    }
    this.next = next;
    this.failure = failure;
    this.outputStart = new Int32Array(states + 1);
    for (let state = 0; state < states; state++) this.outputStart[state + 1] = this.outputStart[state]! + outputs[state]!.length;
    this.outputs = new Int32Array(this.outputStart[states]!);
    for (let state = 0, at = 0; state < states; state++) for (const word of outputs[state]!) this.outputs[at++] = word;
  }

  /**
   * Which words `text` contains: `has` answers for any word (one the finder was not built with is looked up in
   * the text itself), `words` lists the finder's words that occur.
   */
  find(text: string): FoundWords {
    const found = new Uint8Array(this.wordIndex.size);
    const { columnOf, columns, next, failure, outputStart, outputs } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const column = columnOf[text.charCodeAt(i)]!;
      if (column === 0) {
        state = 0;
        continue;
      }
      while (state !== 0 && next[state * columns + column] === 0) state = failure[state]!;
      state = next[state * columns + column]!;
      for (let o = outputStart[state]!, end = outputStart[state + 1]!; o < end; o++) found[outputs[o]!] = 1;
    }
    const words: string[] = [];
    for (const [word, index] of this.wordIndex) if (found[index] === 1) words.push(word);
    return {
      words,
      has: (word) => {
        const index = this.wordIndex.get(word);
        return index === undefined ? text.includes(word) : found[index] === 1;
      },
    };
  }
}

export interface FoundWords {
  words: readonly string[];
  has(word: string): boolean;
}

/** False only when one pattern, with these needs, cannot match the text whose words are given. */
export function needsMet(needs: readonly string[][], contains: (word: string) => boolean): boolean {
  return needs.every((alternatives) => alternatives.some(contains));
}

/**
 * The top-level patterns of a query, each with the captures written after it: `(a) @x [(b) (c)] @y` gives
 * `(a) @x` and `[(b) (c)] @y`. Comments and strings are read as the matcher reads them.
 */
export function splitPatterns(source: string): string[] {
  return parseQuery(source).map((pattern) => source.slice(pattern.start, pattern.end));
}
