/**
 * Cheap pre-checks derived from a rule's own query: a pattern whose `#match?`, `#eq?` or `#any-of?` predicate
 * needs a word (`query`, `execute`, `rejectUnauthorized`…) cannot match a file that does not contain that word,
 * so the query is not run on it. gitleaks does the same with its keywords; here they come from the predicates,
 * so a rule cannot forget them.
 */
/** Per pattern: every inner list is one predicate's alternatives, at least one of which must be in the text. */
export type PatternRequirements = string[][][];

const META = new Set([..."\\^$.|?*+()[]{}"]);

/** Literal strings such that any match of `source` contains one of them; null when none can be named. */
export function requiredLiterals(source: string): string[] | null {
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
 * Requirements per top-level pattern of a query's source. web-tree-sitter keeps text predicates as closures, so
 * they are read from the source: only predicates directly inside a top-level form count (one inside an
 * alternative `[...]` branch constrains that branch alone), and negated ones (`#not-…`) never do.
 * `(#file-mentions? "word" …)` names words the file must contain without constraining any capture.
 */
export function patternRequirements(source: string): PatternRequirements {
  const requirements: PatternRequirements = [];
  for (const form of topLevelForms(source)) {
    const needs: string[][] = [];
    for (const predicate of form.predicates) {
      const [operator, ...operands] = predicate;
      const strings = operands.filter((o) => !o.startsWith("@"));
      if (operator === "#match?" && strings.length === 1) {
        const literals = requiredLiterals(strings[0]!);
        if (literals) needs.push(literals);
      } else if ((operator === "#eq?" || operator === "#any-of?") && strings.length > 0 && operands.length > strings.length && strings.every((s) => s.length > 0)) {
        needs.push(strings);
      } else if (operator === "#file-mentions?" && strings.length > 0 && operands.length === strings.length) {
        // For a pattern whose words sit elsewhere in the file (`const run = promisify(exec)` far from `run(…)`):
        // tree-sitter ignores unknown predicates, so this one only skips files, and the rule's `where` must imply it.
        needs.push(strings);
      }
    }
    requirements.push(needs);
  }
  return requirements;
}

interface Form {
  /** Each predicate directly inside the form: its operator and operands (strings unescaped, captures with @). */
  predicates: string[][];
}

/** One element of a pattern (a node, a wildcard, an alternation) and the captures written after it. */
interface Element {
  captures: Set<string>;
  /** Under `?` or `*`: the element, and so its captures, may be absent. */
  quantified: boolean;
}

interface Frame {
  open: string;
  tokens: string[];
  isPredicate: boolean;
  /** `(`: captures every match of this node has. */
  required: Set<string>;
  /** `[`: the required captures of each branch. */
  branches: Array<Set<string>>;
  /** The element just read, still open to captures and a quantifier. */
  last: Element | null;
}

/**
 * A predicate constrains every match only when each capture it names is present in every match: declared on a
 * node that is not under `?` / `*`, and, inside an alternation `[...]`, in every branch of it (a `@callee` that
 * each branch declares counts; a `@_format` that one branch declares does not).
 */
function topLevelForms(source: string): Form[] {
  const forms: Array<{ predicates: string[][]; captures: Set<string> }> = [];
  const stack: Frame[] = [];
  let predicates: string[][] = [];
  const settle = (frame: Frame) => {
    const element = frame.last;
    frame.last = null;
    if (!element) return;
    const captures = element.quantified ? new Set<string>() : element.captures;
    if (frame.open === "[") frame.branches.push(captures);
    else for (const capture of captures) frame.required.add(capture);
  };
  const startElement = (frame: Frame | undefined, captures: Set<string>) => {
    if (!frame) return;
    settle(frame);
    frame.last = { captures, quantified: false };
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === ";") {
      i = endOfComment(source, i);
      continue;
    }
    if (char === '"') {
      const string = readString(source, i);
      const value = string.value;
      i = string.end;
      const top = stack.at(-1);
      top?.tokens.push(value);
      // Outside a predicate a string is an anonymous node (`"+"`), an element of its own.
      if (top && !top.isPredicate) startElement(top, new Set());
      continue;
    }
    if (char === "(" || char === "[") {
      if (stack.length === 0) predicates = [];
      const isPredicate = char === "(" && source[i + 1] === "#";
      const parent = stack.at(-1);
      if (parent && !isPredicate) settle(parent);
      stack.push({ open: char, tokens: [], isPredicate, required: new Set(), branches: [], last: null });
      continue;
    }
    if (char === ")" || char === "]") {
      const closed = stack.pop();
      if (!closed) continue;
      if (closed.isPredicate) {
        // A predicate directly inside the top-level form sits at depth 2 (the form, then the predicate).
        if (stack.length === 1 && stack[0]?.open === "(") predicates.push(closed.tokens);
        continue;
      }
      settle(closed);
      const captures = closed.open === "[" ? intersection(closed.branches) : closed.required;
      if (stack.length === 0) forms.push({ predicates, captures: new Set(captures) });
      else stack.at(-1)!.last = { captures: new Set(captures), quantified: false };
      continue;
    }
    if (/\s/.test(char)) continue;
    let word = "";
    while (i < source.length && !/[\s()\[\]";]/.test(source[i]!)) word += source[i++];
    i--;
    const top = stack.at(-1);
    // A capture written after a top-level form (`(call …) @finding`) belongs to that form.
    if (!top && word.startsWith("@")) forms.at(-1)?.captures.add(word);
    top?.tokens.push(word);
    if (!top || top.isPredicate) continue;
    if (word.startsWith("@")) top.last?.captures.add(word);
    else if (word === "?" || word === "*") {
      if (top.last) top.last.quantified = true;
    } else if (word === "_" || (top.open === "(" && top.tokens.length > 1 && !word.endsWith(":") && word !== "." && word !== "+" && !word.startsWith("!"))) {
      startElement(top, new Set());
    }
  }
  return forms.map(({ predicates: formPredicates, captures }) => ({
    predicates: formPredicates.filter((predicate) => predicate.slice(1).every((operand) => !operand.startsWith("@") || captures.has(operand))),
  }));
}

function intersection(sets: Array<Set<string>>): Set<string> {
  const [first, ...rest] = sets;
  return new Set([...(first ?? [])].filter((item) => rest.every((set) => set.has(item))));
}
/** False only when no pattern of the query can match `text`. */
export function mayMatch(requirements: PatternRequirements, text: string): boolean {
  return requirements.some((needs) => needs.every((alternatives) => alternatives.some((word) => text.includes(word))));
}

/**
 * The top-level patterns of a query, each with the captures written after it: `(a) @x [(b) (c)] @y` gives
 * `(a) @x` and `[(b) (c)] @y`. Strings and `;` comments are skipped, so brackets inside them do not count.
 */
export function splitPatterns(source: string): string[] {
  const patterns: string[] = [];
  let depth = 0;
  let start = -1;
  let end = -1;
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (char === ";") {
      i = endOfComment(source, i);
      continue;
    }
    if (char === '"') {
      i = readString(source, i).end;
      continue;
    }
    if (char === "(" || char === "[") {
      if (depth === 0) {
        if (start >= 0) patterns.push(source.slice(start, end).trim());
        start = i;
      }
      depth++;
      continue;
    }
    if (char === ")" || char === "]") {
      depth--;
      if (depth === 0) end = i + 1;
      continue;
    }
    // Captures and quantifiers after a top-level pattern belong to it.
    if (depth === 0 && !/\s/.test(char) && start >= 0) {
      while (i < source.length && !/[\s()\[\]";]/.test(source[i]!)) i++;
      end = i;
      i--;
    }
  }
  if (start >= 0) patterns.push(source.slice(start, end).trim());
  return patterns;
}

/** Where a `;` comment starting at `start` ends: its newline, or the end of the source. */
function endOfComment(source: string, start: number): number {
  let i = start;
  while (i < source.length && source[i] !== "\n") i++;
  return i;
}

/** The query string literal opening at `start` (a `"`), unescaped, and the index of its closing quote. */
function readString(source: string, start: number): { value: string; end: number } {
  let value = "";
  let i = start + 1;
  for (; i < source.length && source[i] !== '"'; i++) {
    if (source[i] === "\\") {
      const next = source[++i];
      value += next === "n" ? "\n" : next === "t" ? "\t" : (next ?? "");
    } else value += source[i];
  }
  return { value, end: i };
}
