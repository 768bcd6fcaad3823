/**
 * What a variable holds, read from the file's own syntax tree, for the `dynamic` and `followAssignments` rule
 * conditions: the values a name is assigned, and whether every one of them is a constant. Like
 * request-sources.ts it is name-based and stays inside one file; where it cannot tell (a parameter, an import, a
 * destructured name) it answers "not constant", so a rule keeps reporting rather than going quiet.
 */
import type { Node, Tree } from "web-tree-sitter";
import { enclosingFunction } from "./request-sources.js";
import { treeCache } from "../tree-caches.js";
import { remembered } from "../remembered.js";

/**
 * One place a name is bound: `value` is what it holds (the iterable for a loop variable), null if unknown. A
 * `mutation` puts `value` into a list or table in place (`cols.push(x)` holds the arguments, `row[k] = v` the
 * value), so the name stays constant only if what is put in is.
 */
interface Binding {
  kind: "assignment" | "iteration" | "opaque" | "mutation";
  value: Node | null;
  /** The function the binding sits in; null at module level. */
  scopeId: number | null;
}

/** Parents that bind a name to something this module cannot see: parameters, patterns, imports, catch, `with … as`. */
const OPAQUE_PARENT = /parameter|pattern|import|catch_clause|as_pattern_target|global_statement|nonlocal_statement|update_expression|^(function|generator_function|class|method)_(declaration|definition)$|^(function|function_expression|class)$|arrow_function|lambda/;

/** Methods that put new content into a list, set or table in place. */
const MUTATORS = new Set(["push", "unshift", "splice", "fill", "set", "add", "append", "extend", "insert", "update", "setdefault"]);
const ASSIGNMENT_TYPES = new Set(["assignment_expression", "augmented_assignment_expression", "assignment", "augmented_assignment"]);

const LITERAL_TYPES = new Set(["number", "integer", "float", "true", "false", "null", "undefined", "none", "None", "regex", "string_fragment", "escape_sequence"]);

/** UPPER_CASE names are constants by convention in JS and Python, also when imported from another module. */
const CONSTANT_NAME = /^[A-Z][A-Z0-9_]*$/;

/** Per file, the bindings of each name asked about. */
const bindingsByTree = treeCache(new WeakMap<Tree, Map<string, Binding[]>>());
/** Per file, whether a name holds only constants (`constant:`) or only lists (`lists:`); a name is asked about once per match. */
const answersByTree = treeCache(new WeakMap<Tree, Map<string, boolean>>());

function cachedAnswer(node: Node, key: string, compute: () => boolean): boolean {
  return remembered(remembered(answersByTree, node.tree, () => new Map<string, boolean>()), key, compute);
}

/**
 * The bindings of `name` in `node`'s file, in document order. Only the places the text spells the name are
 * looked at (a rule asks about a few names per file, and a walk over every identifier of the tree, each read
 * through WebAssembly, cost more than the rest of the condition). A spelling glued to another identifier
 * character is part of a longer name and skipped without a look at the tree.
 */
function bindingsNamed(node: Node, name: string): Binding[] {
  const byName = remembered(bindingsByTree, node.tree, () => new Map<string, Binding[]>());
  return remembered(byName, name, () => {
    const root = node.tree.rootNode;
    const text = root.text;
    const bindings: Binding[] = [];
    if (name.length === 0) return bindings;
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
      if (IDENTIFIER_CHAR.test(text[at - 1] ?? "") || IDENTIFIER_CHAR.test(text[at + name.length] ?? "")) continue;
      const start = root.startIndex + at;
      const occurrence = root.descendantForIndex(start, start + name.length);
      if (!occurrence || occurrence.startIndex !== start || occurrence.endIndex !== start + name.length) continue;
      if (occurrence.type !== "identifier" && occurrence.type !== "shorthand_property_identifier_pattern") continue;
      const binding = bindingAt(occurrence);
      if (binding) bindings.push(binding);
    }
    return bindings;
  });
}

/** ASCII characters that continue an identifier in JS and Python; any other character may end one. */
const IDENTIFIER_CHAR = /^[A-Za-z0-9_$]$/;

function isField(parent: Node, field: string, child: Node): boolean {
  return parent.childForFieldName(field)?.id === child.id;
}

/** The binding an identifier occurrence makes, or null when it only reads the name. */
function bindingAt(occurrence: Node): Binding | null {
  const binding = bindingKindAt(occurrence);
  // The scope is looked up only for the few occurrences that bind: most only read, and the walk up costs.
  return binding ? { ...binding, scopeId: enclosingFunction(occurrence)?.id ?? null } : null;
}

function bindingKindAt(occurrence: Node): Omit<Binding, "scopeId"> | null {
  const parent = occurrence.parent;
  if (!parent) return null;
  if (occurrence.type === "shorthand_property_identifier_pattern") return { kind: "opaque", value: null };
  switch (parent.type) {
    case "variable_declarator":
      if (!isField(parent, "name", occurrence)) return null;
      // `let x;` or `declare const x: T` binds no value here; later assignments (if any) tell.
      return parent.childForFieldName("value") ? { kind: "assignment", value: parent.childForFieldName("value") } : null;
    case "assignment_expression":
    case "augmented_assignment_expression":
    case "assignment":
    case "augmented_assignment":
      return isField(parent, "left", occurrence) ? { kind: "assignment", value: parent.childForFieldName("right") } : null;
    case "named_expression":
      return isField(parent, "name", occurrence) ? { kind: "assignment", value: parent.childForFieldName("value") } : null;
    case "for_in_statement":
    case "for_statement":
    case "for_in_clause":
      return isField(parent, "left", occurrence) ? { kind: "iteration", value: parent.childForFieldName("right") } : null;
    default:
      const mutation = mutationAt(occurrence, parent);
      if (mutation !== undefined) return { kind: "mutation", value: mutation };
      if (OPAQUE_PARENT.test(parent.type)) {
        // A function's body, a default value or the right of a destructuring default only read the name.
        const reads = isField(parent, "body", occurrence) || isField(parent, "right", occurrence) || (/parameter/.test(parent.type) && isField(parent, "value", occurrence));
        if (!reads) return { kind: "opaque", value: null };
      }
      // `import os` / `from a import b`: the name sits in a dotted_name under the import statement.
      if (parent.type === "dotted_name" && parent.parent && /import/.test(parent.parent.type)) return { kind: "opaque", value: null };
      return null;
  }
}

/** What an occurrence puts into the list or table it names (null: unknown), or undefined when it is no mutation. */
function mutationAt(occurrence: Node, parent: Node): Node | null | undefined {
  const grandparent = parent.parent;
  if (!grandparent) return undefined;
  const isObjectOf = ["member_expression", "attribute", "subscript_expression", "subscript"].includes(parent.type) && (isField(parent, "object", occurrence) || isField(parent, "value", occurrence));
  if (isObjectOf && ASSIGNMENT_TYPES.has(grandparent.type) && isField(grandparent, "left", parent)) return grandparent.childForFieldName("right");
  const method = parent.childForFieldName("property") ?? parent.childForFieldName("attribute");
  if (isObjectOf && method && MUTATORS.has(method.text) && ["call_expression", "call"].includes(grandparent.type) && isField(grandparent, "function", parent)) {
    return grandparent.childForFieldName("arguments");
  }
  // `Object.assign(target, …)` fills its first argument with the others.
  if (parent.type === "arguments" && parent.namedChildren[0]?.id === occurrence.id && grandparent.childForFieldName("function")?.text === "Object.assign") return parent;
  return undefined;
}

/**
 * The values assigned to `identifier`'s name in the function it is used in, or at module level: what a
 * `followAssignments` condition tests besides the identifier itself (`query = f"..."` then `execute(query)`).
 * A value assigned through a call also yields the call's first argument, so a string wrapped in SQLAlchemy
 * `text(f"…")` or psycopg `sql.SQL(…)` is tested as the string it is.
 */
export function assignedValues(identifier: Node): Node[] {
  if (identifier.type !== "identifier") return [];
  const scopeId = enclosingFunction(identifier)?.id ?? null;
  const values: Node[] = [];
  for (const binding of bindingsNamed(identifier, identifier.text)) {
    if (binding.kind !== "assignment" || !binding.value) continue;
    if (binding.scopeId !== scopeId && binding.scopeId !== null) continue;
    values.push(binding.value);
    const wrapped = ["call", "call_expression"].includes(binding.value.type) ? binding.value.childForFieldName("arguments")?.namedChildren[0] : null;
    if (wrapped && wrapped.type !== "keyword_argument") values.push(wrapped);
  }
  return values;
}

/**
 * True when `node` can only hold constant text: literals, and names the file binds only to constants (also
 * through a lookup into a constant table, `SORTABLE[key]`, or a loop over a constant list). Interpolating such
 * a value into SQL or a command is not injection. Unknown shapes are not constant.
 */
export function isConstantExpression(node: Node, visiting: Set<string> = new Set(), depth = 0): boolean {
  if (depth > 8) return false;
  const next = (child: Node | null): boolean => child !== null && isConstantExpression(child, visiting, depth + 1);
  const namedChildren = () => node.namedChildren.filter((child): child is Node => child !== null && child.type !== "comment");
  if (LITERAL_TYPES.has(node.type)) return true;
  switch (node.type) {
    case "identifier":
    case "shorthand_property_identifier":
      return isConstantName(node, visiting, depth);
    case "string":
    case "template_string":
    case "concatenated_string":
      // Plain parts are constant; every `${…}` / `{…}` must be too.
      return namedChildren().every((child) => !["template_substitution", "interpolation", "string"].includes(child.type) || next(child));
    case "template_substitution":
    case "parenthesized_expression":
    case "as_expression":
    case "satisfies_expression":
    case "non_null_expression":
    case "spread_element":
    case "pair":
      return next(node.type === "pair" ? node.childForFieldName("value") : (node.namedChildren[0] ?? null));
    case "interpolation":
      return next(node.childForFieldName("expression"));
    case "keyword_argument":
      return next(node.childForFieldName("value"));
    case "ternary_expression":
      return next(node.childForFieldName("consequence")) && next(node.childForFieldName("alternative"));
    case "conditional_expression": {
      // Python `a if condition else b`: the condition does not end up in the value.
      const [consequence, , alternative] = namedChildren();
      return next(consequence ?? null) && next(alternative ?? null);
    }
    case "binary_expression":
    case "binary_operator":
    case "boolean_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      // Placeholders repeated per item: `["%s"] * len(ids)`.
      if (node.childForFieldName("operator")?.text === "*" && right && /^len\(/.test(right.text)) return next(left);
      return next(left) && next(right);
    }
    case "list_comprehension":
    case "set_comprehension":
    case "generator_expression":
      // One constant per item, whatever the items are: `"%s" for _ in ids`.
      return next(node.childForFieldName("body"));
    case "arguments":
    case "argument_list":
      // What a mutation put in: `clauses.append("status_code >= 500")`.
      return namedChildren().every((child) => next(child));
    case "unary_expression":
    case "not_operator":
      return next(node.childForFieldName("argument"));
    case "array":
    case "list":
    case "tuple":
    case "set":
    case "object":
    case "dictionary":
      return namedChildren().every((child) => next(child));
    case "subscript_expression":
    case "subscript":
      // A key looked up in a constant table (an allow-list) yields one of its constants, whatever the key.
      return next(node.childForFieldName("object") ?? node.childForFieldName("value"));
    case "member_expression":
    case "attribute": {
      const object = node.childForFieldName("object");
      const property = node.childForFieldName("property") ?? node.childForFieldName("attribute");
      // `params.length` of a list built here is a number (positional placeholders: `$${params.length}`).
      if (property?.text === "length" && object?.type === "identifier" && holdsOnlyLists(object)) return true;
      return next(object);
    }
    case "call_expression":
    case "call": {
      // A method of a constant with constant arguments: `COLUMNS.join(", ")`, `"{} {}".format(A, B)`.
      const callee = node.childForFieldName("function");
      const args = node.childForFieldName("arguments");
      if (!callee || !args || !["member_expression", "attribute"].includes(callee.type)) return false;
      if (args.type === "generator_expression") return next(callee.childForFieldName("object")) && next(args);
      // One constant per item, whatever the items are: `ids.map(() => "?")`.
      const [mapper, ...others] = args.namedChildren;
      if (callee.childForFieldName("property")?.text === "map" && mapper?.type === "arrow_function" && others.length === 0) return next(mapper.childForFieldName("body"));
      return next(callee.childForFieldName("object")) && args.namedChildren.every((arg) => arg !== null && next(arg));
    }
    default:
      return false;
  }
}

function isConstantName(identifier: Node, visiting: Set<string>, depth: number): boolean {
  const name = identifier.text;
  // A name being resolved further up refers to itself (`sql = sql + " AND …"`): its other bindings decide.
  if (visiting.has(name)) return true;
  // An answer reached inside another name's resolution assumed that name constant, so only outermost ones are kept.
  if (visiting.size === 0) return cachedAnswer(identifier, `constant:${name}`, () => resolveConstantName(identifier, visiting, 0));
  return resolveConstantName(identifier, visiting, depth);
}

function resolveConstantName(identifier: Node, visiting: Set<string>, depth: number): boolean {
  const name = identifier.text;
  const bindings = bindingsNamed(identifier, name);
  const conventional = CONSTANT_NAME.test(name);
  if (!conventional && bindings.some((b) => b.kind === "opaque")) return false;
  // Mutations count even for UPPER_CASE names: `COLUMNS.push(req.query.c)` makes the list input.
  const valued = bindings.filter((b) => b.kind !== "opaque");
  if (valued.length === 0) return conventional;
  visiting.add(name);
  try {
    return valued.every((b) => b.value !== null && isConstantExpression(b.value, visiting, depth + 1));
  } finally {
    visiting.delete(name);
  }
}

function holdsOnlyLists(identifier: Node): boolean {
  return cachedAnswer(identifier, `lists:${identifier.text}`, () => {
    // Pushing onto the list keeps it a list.
    const bindings = bindingsNamed(identifier, identifier.text).filter((b) => b.kind !== "mutation");
    return bindings.length > 0 && bindings.every((b) => b.kind === "assignment" && b.value !== null && ["array", "list", "tuple"].includes(b.value.type));
  });
}
