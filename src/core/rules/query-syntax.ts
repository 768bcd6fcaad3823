/**
 * Reads tree-sitter's query language (the S-expressions in a rule's `query:`) into a pattern tree that
 * Gatehouse's own matcher runs (query-matcher.ts). Rules keep tree-sitter's syntax and meaning; only the runner
 * changed, because web-tree-sitter spends about 10 ms analysing each pattern against the TypeScript grammar's
 * parse table before it can run it, which was most of a small scan.
 *
 * Supported: named nodes `(type child…)`, anonymous nodes `"+"`, wildcards `(_)` and `_`, fields `name: pattern`,
 * negated fields `!name`, alternations `[…]`, anchors `.`, quantifiers `?` `*` `+`, captures `@name`, predicates
 * `(#op? @capture "string"…)` anywhere inside a pattern, and a parenthesized group around ONE pattern
 * (`((identifier) @x (#eq? @x "y"))`). Sibling groups and supertype paths (`expression/identifier`) are
 * rejected by name, so a rule never silently means something else.
 */

export type Quantifier = "?" | "*" | "+";

/** One node of the pattern tree: a node pattern or an alternation, with what is written around it. */
export type PatternElement = NodePattern | AlternationPattern;

interface ElementCommon {
  /** `field: …` in front of it; the field must hold the child it matches. */
  field?: string;
  captures: string[];
  quantifier?: Quantifier;
  /** Preceded by an anchor `.`: no named sibling may come between it and what precedes it (or the start). */
  immediate: boolean;
}

export interface NodePattern extends ElementCommon {
  kind: "node";
  /** null for a wildcard: `(_)` (named) or `_` (any node). */
  type: string | null;
  named: boolean;
  children: PatternElement[];
  negatedFields: string[];
  /** A trailing anchor `(… (x) .)`: the last child pattern must match the last named child. */
  lastChildAnchored: boolean;
}

export interface AlternationPattern extends ElementCommon {
  kind: "alternation";
  alternatives: PatternElement[];
}

export type PredicateOperand = { kind: "capture"; name: string } | { kind: "string"; value: string };

export interface QueryPredicate {
  /** Without the `#`: `match?`, `eq?`, `any-of?`, … */
  operator: string;
  operands: PredicateOperand[];
}

/** One top-level pattern of a query. */
export interface ParsedPattern {
  root: PatternElement;
  predicates: QueryPredicate[];
  /** Where the pattern sits in the query's source: `source.slice(start, end)` is the pattern alone. */
  start: number;
  end: number;
}

export class QuerySyntaxError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} (at offset ${offset})`);
    this.name = "QuerySyntaxError";
  }
}

/** `offset` is where a token starts in the source, `end` just after it. */
type Token = { offset: number; end: number } & (
  | { kind: "open" | "close" | "open-bracket" | "close-bracket" | "anchor" }
  | { kind: "string"; value: string }
  | { kind: "capture" | "field" | "negated-field" | "predicate" | "word"; value: string }
  | { kind: "quantifier"; value: Quantifier }
);

const WORD_END = /[\s()[\]";@:]/;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (/\s/.test(char)) continue;
    if (char === ";") {
      while (i < source.length && source[i] !== "\n") i++;
      continue;
    }
    if (char === "(") tokens.push({ kind: "open", offset: i, end: i + 1 });
    else if (char === ")") tokens.push({ kind: "close", offset: i, end: i + 1 });
    else if (char === "[") tokens.push({ kind: "open-bracket", offset: i, end: i + 1 });
    else if (char === "]") tokens.push({ kind: "close-bracket", offset: i, end: i + 1 });
    else if (char === '"') {
      const start = i;
      let value = "";
      for (i++; i < source.length && source[i] !== '"'; i++) {
        if (source[i] !== "\\") {
          value += source[i];
          continue;
        }
        const next = source[++i];
        value += next === "n" ? "\n" : next === "t" ? "\t" : next === "r" ? "\r" : next === "0" ? "\0" : (next ?? "");
      }
      if (i >= source.length) throw new QuerySyntaxError("unterminated string", start);
      tokens.push({ kind: "string", value, offset: start, end: i + 1 });
    } else {
      const start = i;
      let word = char === "@" || char === "!" || char === "#" ? char : "";
      if (word) i++;
      while (i < source.length && !WORD_END.test(source[i]!)) word += source[i++];
      if (source[i] === ":" && !word.startsWith("@")) {
        tokens.push({ kind: "field", value: word, offset: start, end: i + 1 });
        continue; // i sits on the colon, which the loop steps over
      }
      const end = i;
      i--;
      if (word === ".") tokens.push({ kind: "anchor", offset: start, end });
      else if (word === "?" || word === "*" || word === "+") tokens.push({ kind: "quantifier", value: word, offset: start, end });
      else if (word.startsWith("@")) tokens.push({ kind: "capture", value: word.slice(1), offset: start, end });
      else if (word.startsWith("!")) tokens.push({ kind: "negated-field", value: word.slice(1), offset: start, end });
      else if (word.startsWith("#")) tokens.push({ kind: "predicate", value: word.slice(1), offset: start, end });
      else if (word.length > 0) tokens.push({ kind: "word", value: word, offset: start, end });
      else throw new QuerySyntaxError(`unexpected character ${JSON.stringify(source[start])}`, start);
    }
  }
  return tokens;
}

class Reader {
  private index = 0;
  constructor(private readonly tokens: Token[], private readonly end: number) {}
  peek(ahead = 0): Token | undefined {
    return this.tokens[this.index + ahead];
  }
  next(): Token {
    const token = this.tokens[this.index++];
    if (!token) throw new QuerySyntaxError("the query ends in the middle of a pattern", this.end);
    return token;
  }
  get done(): boolean {
    return this.index >= this.tokens.length;
  }
  /** Where the last token read ends. */
  get lastEnd(): number {
    return this.tokens[this.index - 1]?.end ?? 0;
  }
}

/** Every top-level pattern of a query, in order; throws QuerySyntaxError for anything it cannot read. */
export function parseQuery(source: string): ParsedPattern[] {
  const reader = new Reader(tokenize(source), source.length);
  const patterns: ParsedPattern[] = [];
  while (!reader.done) {
    const predicates: QueryPredicate[] = [];
    const start = reader.peek()!.offset;
    const root = readElement(reader, predicates, false);
    if (root.field) throw new QuerySyntaxError("a top-level pattern cannot have a field", start);
    patterns.push({ root, predicates, start, end: reader.lastEnd });
  }
  return patterns;
}

/** An element with what may follow it: a quantifier, then captures. */
function readElement(reader: Reader, predicates: QueryPredicate[], immediate: boolean, field?: string): PatternElement {
  const token = reader.next();
  let element: PatternElement;
  if (token.kind === "open") element = readParenthesized(reader, predicates, token.offset);
  else if (token.kind === "open-bracket") {
    const alternatives: PatternElement[] = [];
    while (reader.peek()?.kind !== "close-bracket") {
      if (reader.peek()?.kind === "anchor") throw new QuerySyntaxError("an anchor cannot stand inside an alternation", reader.peek()!.offset);
      alternatives.push(readElement(reader, predicates, false));
    }
    reader.next();
    if (alternatives.length === 0) throw new QuerySyntaxError("an empty alternation", token.offset);
    element = { kind: "alternation", alternatives, captures: [], immediate: false };
  } else if (token.kind === "string") element = leaf(token.value, false);
  else if (token.kind === "word" && token.value === "_") element = leaf(null, false);
  else throw new QuerySyntaxError(`expected a pattern, found ${describe(token)}`, token.offset);
  const after = reader.peek();
  if (after?.kind === "quantifier") {
    reader.next();
    element.quantifier = after.value;
  }
  while (reader.peek()?.kind === "capture") element.captures.push((reader.next() as { value: string }).value);
  element.immediate = immediate;
  if (field !== undefined) element.field = field;
  return element;
}

function leaf(type: string | null, named: boolean): NodePattern {
  return { kind: "node", type, named, children: [], negatedFields: [], lastChildAnchored: false, captures: [], immediate: false };
}

/** After `(`: a predicate is read into `predicates` and yields nothing; a node or a one-pattern group yields it. */
function readParenthesized(reader: Reader, predicates: QueryPredicate[], offset: number): PatternElement {
  const head = reader.peek();
  if (head?.kind === "open" || head?.kind === "open-bracket" || head?.kind === "string") {
    // A group: tree-sitter's idiom `((node) @x (#pred…))` wraps one pattern with its predicates.
    let inner: PatternElement | undefined;
    while (reader.peek()?.kind !== "close") {
      if (reader.peek()?.kind === "open" && reader.peek(1)?.kind === "predicate") {
        reader.next();
        readPredicate(reader, predicates);
        continue;
      }
      if (inner) throw new QuerySyntaxError("sibling groups `((a) (b))` are not supported by Gatehouse's matcher; write one parent pattern", offset);
      inner = readElement(reader, predicates, false);
    }
    reader.next();
    if (!inner) throw new QuerySyntaxError("an empty group", offset);
    return inner;
  }
  const typeToken = reader.next();
  if (typeToken.kind !== "word") throw new QuerySyntaxError(`expected a node type after "(", found ${describe(typeToken)}`, typeToken.offset);
  if (typeToken.value.includes("/")) throw new QuerySyntaxError(`supertype paths like ${typeToken.value} are not supported by Gatehouse's matcher`, typeToken.offset);
  const node = leaf(typeToken.value === "_" ? null : typeToken.value, true);
  let anchorPending = false;
  for (;;) {
    const token = reader.peek();
    if (!token) throw new QuerySyntaxError(`(${typeToken.value} is never closed`, offset);
    if (token.kind === "close") {
      reader.next();
      if (anchorPending) {
        if (node.children.length === 0) throw new QuerySyntaxError("an anchor needs a child pattern", token.offset);
        node.lastChildAnchored = true;
      }
      return node;
    }
    if (token.kind === "anchor") {
      reader.next();
      anchorPending = true;
      continue;
    }
    if (token.kind === "negated-field") {
      reader.next();
      node.negatedFields.push(token.value);
      continue;
    }
    if (token.kind === "open" && reader.peek(1)?.kind === "predicate") {
      reader.next();
      readPredicate(reader, predicates);
      continue;
    }
    let field: string | undefined;
    if (token.kind === "field") {
      reader.next();
      field = token.value;
    }
    node.children.push(readElement(reader, predicates, anchorPending, field));
    anchorPending = false;
  }
}

function readPredicate(reader: Reader, predicates: QueryPredicate[]): void {
  const name = reader.next() as Token & { value: string };
  const operands: PredicateOperand[] = [];
  for (;;) {
    const token = reader.next();
    if (token.kind === "close") break;
    if (token.kind === "capture") operands.push({ kind: "capture", name: token.value });
    else if (token.kind === "string") operands.push({ kind: "string", value: token.value });
    else if (token.kind === "word") operands.push({ kind: "string", value: token.value });
    else throw new QuerySyntaxError(`unexpected ${describe(token)} in #${name.value}`, token.offset);
  }
  predicates.push({ operator: name.value, operands });
}

function describe(token: Token): string {
  return "value" in token ? `${token.kind} ${JSON.stringify(token.value)}` : token.kind;
}
