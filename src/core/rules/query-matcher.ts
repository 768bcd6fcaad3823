/**
 * Runs parsed tree-sitter patterns (query-syntax.ts) over a syntax tree, with tree-sitter's meaning:
 * - a pattern matches at any node of the tree; child patterns match direct children, in order, skipping any
 *   children between them, unless an anchor `.` says no NAMED child may be skipped (anonymous ones may);
 * - `(type)` matches named nodes of that type, `"x"` anonymous ones, `(_)` any named node, `_` any node, and
 *   wildcards never match ERROR nodes; `field:` requires the child to sit in that field, `!field` its absence;
 * - every way the children can be assigned is a match (so one node can match several times, as in
 *   tree-sitter); text predicates (`#eq?`, `#match?`, `#any-of?` and their negations) filter whole matches the
 *   way web-tree-sitter evaluates them, and other predicates (`#file-mentions?`) are left to the caller.
 *
 * Compiling is checking names against the grammar: microseconds, where web-tree-sitter's Query analyses each
 * pattern against the parse table (about 10 ms per pattern on the TypeScript grammars). A differential test runs
 * both on every rule example and corpus file and requires the same matches.
 */
import type { Language, Node, Tree } from "web-tree-sitter";
import { needsMet, requirementsOf } from "./keywords.js";
import type { NodePattern, ParsedPattern, PatternElement, QueryPredicate } from "./query-syntax.js";
import { remembered } from "../remembered.js";
import { walkRoot } from "../root-walk.js";

export interface PatternCapture {
  name: string;
  node: Node;
}

export interface PatternMatch {
  captures: PatternCapture[];
}

/** A pattern checked against one grammar, its node types and fields resolved to ids. */
export interface CompiledPattern {
  readonly pattern: ParsedPattern;
  readonly language: Language;
  /** Node types the pattern's root can have; null when the root is a wildcard (every node is a candidate). */
  readonly rootTypes: string[] | null;
  /**
   * The node types whose lists the pattern's candidates come from: the root's types, or for a wildcard root the
   * type of the child it requires (wildcardCandidates). A file's walk collects them for all its patterns at once.
   */
  readonly candidateTypes: string[];
  readonly fieldIds: ReadonlyMap<string, number>;
  readonly textPredicates: ReadonlyArray<(captures: PatternCapture[]) => boolean>;
  /**
   * Per capture name, the predicates that every node bound to it must pass on its own (`#match?` and `#eq?`
   * with a string, their `not-` forms, `#any-of?`): checked as soon as the node is bound, so a call whose callee
   * is not `query` is dropped before its arguments are walked. The whole-match check above still runs.
   */
  readonly nodeChecks: ReadonlyMap<string, ReadonlyArray<(text: string) => boolean>>;
  /** Words the text of a match's first node must contain (see requirementsOf): a cheap test before any walk. */
  readonly rootNeeds: readonly string[][];
}

export class PatternCompileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PatternCompileError";
  }
}

/** The text predicates web-tree-sitter evaluates itself; any other is the caller's (e.g. `#file-mentions?`). */
const TEXT_PREDICATES = new Set(["eq?", "not-eq?", "any-eq?", "any-not-eq?", "match?", "not-match?", "any-match?", "any-not-match?", "any-of?", "not-any-of?"]);

/** Checks every node type, field and capture the pattern names against `language`, as tree-sitter would. */
export function compilePattern(pattern: ParsedPattern, language: Language): CompiledPattern {
  const fieldIds = new Map<string, number>();
  const captures = new Set<string>();
  const visit = (element: PatternElement, inAlternation: boolean): void => {
    for (const capture of element.captures) captures.add(capture);
    // tree-sitter repeats sibling steps; a quantified branch or root has no siblings to repeat among.
    if (element.quantifier && (inAlternation || element === pattern.root)) throw new PatternCompileError("a quantifier needs a parent pattern: Gatehouse's matcher repeats children only");
    if (element.field !== undefined) fieldIds.set(element.field, fieldId(language, element.field));
    if (element.kind === "alternation") {
      for (const alternative of element.alternatives) visit(alternative, true);
      return;
    }
    if (element.type !== null && element.type !== "ERROR" && !nodeTypesOf(language).has(`${element.named ? "(" : '"'}${element.type}`)) {
      throw new PatternCompileError(`Bad node name '${element.type}'${element.named ? "" : " (anonymous)"}`);
    }
    for (const negated of element.negatedFields) fieldIds.set(negated, fieldId(language, negated));
    for (const child of element.children) visit(child, false);
  };
  visit(pattern.root, false);
  const textPredicates = pattern.predicates.filter((p) => TEXT_PREDICATES.has(p.operator)).map((p) => textPredicate(p, captures));
  const nodeChecks = new Map<string, Array<(text: string) => boolean>>();
  for (const predicate of pattern.predicates) {
    const check = nodeCheck(predicate);
    if (!check) continue;
    if (!nodeChecks.has(check.capture)) nodeChecks.set(check.capture, []);
    nodeChecks.get(check.capture)!.push(check.test);
  }
  const types = rootTypes(pattern.root);
  const requiredType = types === null ? requiredChild(pattern.root)?.type : undefined;
  const candidateTypes = types ?? (requiredType ? [requiredType] : []);
  return { pattern, language, rootTypes: types, candidateTypes, fieldIds, textPredicates, nodeChecks, rootNeeds: requirementsOf(pattern, "captures") };
}

const nodeTypeNames = new WeakMap<Language, Set<string>>();

/**
 * The grammar's node type names, `(name` for named types and `"name` for anonymous ones, read once per grammar
 * (web-tree-sitter's idForNodeType copies the name into WebAssembly memory on every call).
 */
function nodeTypesOf(language: Language): Set<string> {
  let names = nodeTypeNames.get(language);
  if (!names) {
    names = new Set();
    for (const [id, name] of language.types.entries()) if (name) names.add(`${language.nodeTypeIsNamed(id) ? "(" : '"'}${name}`);
    nodeTypeNames.set(language, names);
  }
  return names;
}

function fieldId(language: Language, name: string): number {
  const id = language.fieldIdForName(name);
  if (id === null || id === 0) throw new PatternCompileError(`Bad field name '${name}'`);
  return id;
}

function rootTypes(element: PatternElement): string[] | null {
  if (element.kind === "node") return element.type === null ? null : [element.type];
  const types: string[] = [];
  for (const alternative of element.alternatives) {
    const inner = rootTypes(alternative);
    if (inner === null) return null;
    types.push(...inner);
  }
  return types;
}

/** web-tree-sitter's reading of each text predicate (its Query's `textPredicates`), empty captures included. */
function textPredicate(predicate: QueryPredicate, captures: ReadonlySet<string>): (captures: PatternCapture[]) => boolean {
  const { operator, operands } = predicate;
  const [subject, ...rest] = operands;
  if (subject?.kind !== "capture") throw new PatternCompileError(`First argument of #${operator} must be a capture`);
  if (!captures.has(subject.name)) throw new PatternCompileError(`Bad capture name @${subject.name}`);
  const textsOf = (name: string, all: PatternCapture[]) => all.filter((c) => c.name === name).map((c) => c.node.text);
  const matchAll = !operator.startsWith("any-");
  if (operator.endsWith("eq?")) {
    const positive = operator === "eq?" || operator === "any-eq?";
    const other = rest[0];
    if (rest.length !== 1 || !other) throw new PatternCompileError(`#${operator} takes two arguments`);
    return (all) => {
      const left = textsOf(subject.name, all);
      const right = other.kind === "capture" ? textsOf(other.name, all) : [other.value];
      const test = (text: string) => right.some((value) => (value === text) === positive);
      return matchAll ? left.every(test) : left.some(test);
    };
  }
  if (operator.endsWith("match?")) {
    const positive = operator === "match?" || operator === "any-match?";
    const source = rest[0];
    if (rest.length !== 1 || source?.kind !== "string") throw new PatternCompileError(`#${operator} takes a capture and a string`);
    const regex = new RegExp(source.value);
    return (all) => {
      const texts = textsOf(subject.name, all);
      if (texts.length === 0) return !positive;
      const test = (text: string) => regex.test(text) === positive;
      return matchAll ? texts.every(test) : texts.some(test);
    };
  }
  const positive = operator === "any-of?";
  const values = rest.map((operand) => {
    if (operand.kind !== "string") throw new PatternCompileError(`#${operator} takes strings after its capture`);
    return operand.value;
  });
  return (all) => {
    const texts = textsOf(subject.name, all);
    if (texts.length === 0) return !positive;
    return texts.every((text) => values.includes(text)) === positive;
  };
}

/**
 * The test a single bound node must pass for `predicate` to hold, when that is so whatever else is bound: the
 * "every node" forms (not the `any-` ones), against a string. `not-any-of?` holds when SOME node is outside
 * the list, so it has no per-node test.
 */
function nodeCheck(predicate: QueryPredicate): { capture: string; test: (text: string) => boolean } | null {
  const [subject, ...rest] = predicate.operands;
  if (subject?.kind !== "capture" || rest.some((operand) => operand.kind !== "string")) return null;
  const strings = rest.map((operand) => (operand as { value: string }).value);
  switch (predicate.operator) {
    case "eq?":
      return { capture: subject.name, test: (text) => text === strings[0] };
    case "not-eq?":
      return { capture: subject.name, test: (text) => text !== strings[0] };
    case "match?":
    case "not-match?": {
      const regex = new RegExp(strings[0] ?? "");
      const positive = predicate.operator === "match?";
      return { capture: subject.name, test: (text) => regex.test(text) === positive };
    }
    case "any-of?":
      return { capture: subject.name, test: (text) => strings.includes(text) };
    default:
      return null;
  }
}

/** What one tree's walk learns about its nodes, shared by every pattern run on that tree. */
export class TreeIndex {
  private readonly types = new Map<number, number>();
  private readonly childLists = new Map<number, Node[]>();
  private readonly fieldMembers = new Map<number, Map<number, Set<number>>>();
  private readonly named: boolean[] = [];
  private readonly candidates = new Map<string, Node[]>();
  private readonly texts = new Map<number, string>();

  constructor(
    readonly tree: Tree,
    /** Whether the walk for candidates also keeps the root's nodes another reader will ask for (root-walk.ts). */
    private readonly options: { keepRootNodes: boolean } = { keepRootNodes: false },
  ) {}

  private typeId(node: Node): number {
    return remembered(this.types, node.id, () => node.typeId);
  }

  text(node: Node): string {
    return remembered(this.texts, node.id, () => node.text);
  }

  typeName(node: Node): string {
    return this.tree.language.types[this.typeId(node)] ?? "ERROR";
  }

  isNamed(node: Node): boolean {
    const id = this.typeId(node);
    if (id === 0xffff) return true; // ERROR
    let named = this.named[id];
    if (named === undefined) {
      named = this.tree.language.nodeTypeIsNamed(id);
      this.named[id] = named;
    }
    return named;
  }

  isError(node: Node): boolean {
    return this.typeId(node) === 0xffff;
  }

  children(node: Node): Node[] {
    return remembered(this.childLists, node.id, () => node.children.filter((child): child is Node => child !== null));
  }

  /** Whether `child` (a child of `parent`) sits in field `fieldId`. */
  inField(parent: Node, child: Node, fieldId: number): boolean {
    const byField = remembered(this.fieldMembers, parent.id, () => new Map<number, Set<number>>());
    return remembered(byField, fieldId, () => new Set(parent.childrenForFieldId(fieldId).map((node) => node.id))).has(child.id);
  }

  hasField(node: Node, fieldId: number): boolean {
    return node.childForFieldId(fieldId) !== null;
  }

  /**
   * Nodes of the given types in document order (pre-order), found in one walk inside tree-sitter for every
   * type asked for at once (root-walk.ts, which can keep what the auth analyzer reads from the same root); `prepare` is
   * called with all the types a file's patterns need before any is read. ERROR nodes are found by a walk of our
   * own, into subtrees that have errors: web-tree-sitter's descendantsOfType returns nothing at all when "ERROR"
   * is among the types.
   */
  prepare(types: Iterable<string>): void {
    const wanted = [...new Set(types)].filter((type) => !this.candidates.has(type));
    if (wanted.length === 0) return;
    for (const type of wanted) this.candidates.set(type, []);
    const root = this.tree.rootNode;
    if (wanted.includes("ERROR")) this.collectErrors(root, this.candidates.get("ERROR")!);
    const walked = wanted.filter((type) => type !== "ERROR");
    if (walked.length === 0) return;
    // The root itself is a candidate too (a pattern may start at `program`); the walk covers its descendants.
    const rootType = this.typeName(root);
    if (walked.includes(rootType)) this.candidates.get(rootType)!.push(root);
    const { nodes, typeIds, types: nodeTypes } = walkRoot(this.tree, walked, { keep: this.options.keepRootNodes });
    for (const [index, node] of nodes.entries()) {
      if (node.id === root.id) continue;
      this.types.set(node.id, typeIds[index]!);
      this.candidates.get(nodeTypes[index]!)!.push(node);
    }
  }

  private collectErrors(node: Node, into: Node[]): void {
    if (!node.hasError) return;
    if (this.isError(node)) into.push(node);
    for (const child of this.children(node)) this.collectErrors(child, into);
  }

  nodesOfType(type: string): Node[] {
    if (!this.candidates.has(type)) this.prepare([type]);
    return this.candidates.get(type)!;
  }

  /** Every node, in document order: the candidates of a pattern whose root is a wildcard. */
  allNodes(): Node[] {
    const nodes: Node[] = [];
    const visit = (node: Node) => {
      nodes.push(node);
      for (const child of this.children(node)) visit(child);
    };
    visit(this.tree.rootNode);
    return nodes;
  }
}

type Continue = (captures: PatternCapture[]) => void;

/** Every match of `compiled` in the tree, in document order of the node each starts at. */
export function matchPattern(compiled: CompiledPattern, index: TreeIndex): PatternMatch[] {
  const matches: PatternMatch[] = [];
  const candidates = compiled.rootTypes === null ? wildcardCandidates(compiled.pattern.root, index) : mergeInDocumentOrder(compiled.rootTypes.map((type) => index.nodesOfType(type)));
  const matcher = new Matcher(compiled, index);
  const { rootNeeds } = compiled;
  for (const node of candidates) {
    if (rootNeeds.length > 0) {
      const text = index.text(node);
      if (!needsMet(rootNeeds, (word) => text.includes(word))) continue;
    }
    matcher.element(compiled.pattern.root, node, null, [], (captures) => {
      if (compiled.textPredicates.every((holds) => holds(captures))) matches.push({ captures: [...captures] });
    });
  }
  return matches;
}

/**
 * For a root `(_ …)`: when one of its children must be a node of a known type (no `?`/`*`), only the parents
 * of such nodes can match; otherwise every node is tried.
 */
function wildcardCandidates(root: PatternElement, index: TreeIndex): Node[] {
  const required = requiredChild(root);
  if (!required) return index.allNodes();
  const parents = new Map<number, Node>();
  for (const child of index.nodesOfType(required.type)) {
    const parent = child.parent;
    if (parent && !parents.has(parent.id)) parents.set(parent.id, parent);
  }
  return mergeInDocumentOrder([[...parents.values()]], false);
}

/** The first child a wildcard root `(_ …)` requires with a known type (no `?`/`*`), if any. */
function requiredChild(root: PatternElement): (NodePattern & { type: string }) | undefined {
  if (root.kind !== "node") return undefined;
  for (const child of root.children) {
    if (child.kind === "node" && child.type !== null && child.quantifier !== "?" && child.quantifier !== "*") return child as NodePattern & { type: string };
  }
  return undefined;
}

/** Nodes from several lists, each in document order, merged into one: by start, the outer node first at a tie. */
function mergeInDocumentOrder(lists: Node[][], sorted = true): Node[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length === 0) return [];
  if (nonEmpty.length === 1 && sorted) return nonEmpty[0]!;
  const seen = new Set<number>();
  const keyed: Array<{ node: Node; start: number; end: number }> = [];
  for (const list of nonEmpty) {
    for (const node of list) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      keyed.push({ node, start: node.startIndex, end: node.endIndex });
    }
  }
  return keyed.sort((a, b) => a.start - b.start || b.end - a.end).map((k) => k.node);
}

class Matcher {
  constructor(
    private readonly compiled: CompiledPattern,
    private readonly index: TreeIndex,
  ) {}

  /**
   * Matches `element` at `node` (a child of `parent`, or a candidate root when parent is null). `outer` are the
   * captures of enclosing alternations, recorded after the element's own, in tree-sitter's order.
   */
  element(element: PatternElement, node: Node, parent: Node | null, captures: PatternCapture[], next: Continue, outer: readonly string[] = []): void {
    // The type first: it is one cached lookup, and most children a pattern tries are of another type.
    if (element.kind === "node" && !this.nodeFits(element, node)) return;
    if (element.field !== undefined && !(parent && this.index.inField(parent, node, this.compiled.fieldIds.get(element.field)!))) return;
    if (element.kind === "alternation") {
      const names = element.captures.length === 0 ? outer : [...element.captures, ...outer];
      for (const alternative of element.alternatives) this.element(alternative, node, parent, captures, next, names);
      return;
    }
    for (const negated of element.negatedFields) if (this.index.hasField(node, this.compiled.fieldIds.get(negated)!)) return;
    const names = outer.length === 0 ? element.captures : [...element.captures, ...outer];
    for (const name of names) {
      const checks = this.compiled.nodeChecks.get(name);
      if (checks && !checks.every((holds) => holds(this.index.text(node)))) return;
    }
    const withCaptures = names.length === 0 ? captures : [...captures, ...names.map((name) => ({ name, node }))];
    if (element.children.length === 0) {
      next(withCaptures);
      return;
    }
    this.sequence(element, this.index.children(node), node, 0, 0, -1, withCaptures, next);
  }

  private nodeFits(element: NodePattern, node: Node): boolean {
    if (element.type === null) {
      if (this.index.isError(node)) return false;
      return !element.named || this.index.isNamed(node);
    }
    return this.index.typeName(node) === element.type && this.index.isNamed(node) === element.named;
  }

  /**
   * Children `items[itemIndex…]` against `children[from…]`. `repeats` counts how often the current item has
   * matched already (for quantifiers); `lastMatched` is the child the previous item took (-1: none yet).
   */
  private sequence(
    parentPattern: NodePattern,
    children: Node[],
    parent: Node,
    itemIndex: number,
    from: number,
    lastMatched: number,
    captures: PatternCapture[],
    next: Continue,
    repeats = 0,
  ): void {
    const items = parentPattern.children;
    if (itemIndex === items.length) {
      if (parentPattern.lastChildAnchored && this.namedAfter(children, lastMatched)) return;
      next(captures);
      return;
    }
    const item = items[itemIndex]!;
    const quantifier = item.quantifier;
    const mayStop = quantifier === "*" || quantifier === "?" || (quantifier === "+" && repeats > 0);
    const mayRepeat = quantifier === "*" || quantifier === "+";
    // No (more) occurrences: the next item starts from the same place.
    if (mayStop) this.sequence(parentPattern, children, parent, itemIndex + 1, from, lastMatched, captures, next);
    for (let j = from; j < children.length; j++) {
      const child = children[j]!;
      this.element(item, child, parent, captures, (after) => {
        if (mayRepeat) this.sequence(parentPattern, children, parent, itemIndex, j + 1, j, after, next, repeats + 1);
        else this.sequence(parentPattern, children, parent, itemIndex + 1, j + 1, j, after, next);
      });
      // An anchored item may skip anonymous children only.
      if (item.immediate && this.index.isNamed(child)) break;
    }
  }

  private namedAfter(children: Node[], index: number): boolean {
    for (let j = index + 1; j < children.length; j++) if (this.index.isNamed(children[j]!)) return true;
    return false;
  }
}
