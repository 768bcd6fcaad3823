/**
 * A small read-only model of a Terraform file, built from the tree-sitter HCL tree: blocks with their labels,
 * attributes with their literal values. Anything that is not a literal (a variable, a reference, an interpolated
 * string) evaluates to UNKNOWN, so checks only fire on values the file itself states.
 */
import type { Node } from "web-tree-sitter";

export const UNKNOWN: unique symbol = Symbol("unknown");
export type HclValue = string | number | boolean | null | typeof UNKNOWN | HclValue[] | { [key: string]: HclValue };

export interface HclAttribute {
  name: string;
  value: HclValue;
  /** 1-based lines of the whole attribute. */
  line: number;
  endLine: number;
  text: string;
}

export interface HclBlock {
  type: string;
  labels: string[];
  attributes: Map<string, HclAttribute>;
  blocks: HclBlock[];
  line: number;
  endLine: number;
  text: string;
}

function namedChildren(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null);
}

function stringLiteral(node: Node): HclValue {
  // Only plain text: an interpolation (`"${var.x}"`) makes the value unknown.
  const parts = namedChildren(node).filter((c) => c.type !== "quoted_template_start" && c.type !== "quoted_template_end");
  if (parts.some((c) => c.type !== "template_literal")) return UNKNOWN;
  return parts.map((c) => c.text).join("");
}

export function evaluate(node: Node | null | undefined): HclValue {
  if (!node) return UNKNOWN;
  switch (node.type) {
    case "expression":
    case "literal_value":
    case "collection_value":
      return evaluate(namedChildren(node)[0]);
    case "numeric_lit":
      return Number(node.text);
    case "bool_lit":
      return node.text === "true";
    case "null_lit":
      return null;
    case "string_lit":
      return stringLiteral(node);
    case "template_expr": {
      const heredoc = namedChildren(node)[0];
      if (!heredoc || heredoc.type !== "heredoc_template") return UNKNOWN;
      const parts = namedChildren(heredoc).filter((c) => c.type !== "heredoc_start" && c.type !== "heredoc_identifier");
      if (parts.some((c) => c.type !== "template_literal")) return UNKNOWN;
      return parts.map((c) => c.text).join("");
    }
    case "tuple":
      return namedChildren(node)
        .filter((c) => c.type === "expression")
        .map((c) => evaluate(c));
    case "object": {
      const result: { [key: string]: HclValue } = {};
      for (const element of namedChildren(node).filter((c) => c.type === "object_elem")) {
        const keyNode = element.childForFieldName("key");
        const key = keyNode ? objectKey(keyNode) : undefined;
        if (key !== undefined) result[key] = evaluate(element.childForFieldName("val"));
      }
      return result;
    }
    case "function_call": {
      const [name, args] = namedChildren(node);
      // jsonencode(x) is x as far as a policy check is concerned.
      if (name?.text === "jsonencode" && args) return evaluate(namedChildren(args)[0]);
      return UNKNOWN;
    }
    default:
      return UNKNOWN;
  }
}

function objectKey(node: Node): string | undefined {
  const value = evaluate(node);
  if (typeof value === "string") return value;
  // A bare identifier key (`Action = ...`) parses as a variable expression.
  const inner = node.type === "expression" ? namedChildren(node)[0] : node;
  if (inner?.type === "variable_expr" && inner.namedChildCount === 1) return inner.text;
  return undefined;
}

function toBlock(node: Node): HclBlock {
  const children = namedChildren(node);
  const type = children[0]?.text ?? "";
  const labels = children.filter((c) => c.type === "string_lit" || c.type === "identifier").slice(1).map((c) => (c.type === "string_lit" ? String(stringLiteral(c)) : c.text));
  const body = children.find((c) => c.type === "body");
  const attributes = new Map<string, HclAttribute>();
  const blocks: HclBlock[] = [];
  for (const child of body ? namedChildren(body) : []) {
    if (child.type === "attribute") {
      const [name, expression] = namedChildren(child);
      if (!name) continue;
      attributes.set(name.text, {
        name: name.text,
        value: evaluate(expression),
        line: child.startPosition.row + 1,
        endLine: child.endPosition.row + 1,
        text: child.text,
      });
    } else if (child.type === "block") blocks.push(toBlock(child));
  }
  return { type, labels, attributes, blocks, line: node.startPosition.row + 1, endLine: node.endPosition.row + 1, text: node.text };
}

/** Top-level blocks (`resource`, `data`, `module`...) of a parsed Terraform file. */
export function hclBlocks(root: Node): HclBlock[] {
  const body = namedChildren(root).find((c) => c.type === "body");
  return body ? namedChildren(body).filter((c) => c.type === "block").map(toBlock) : [];
}

/** `resource "<type>" "<name>"` blocks, optionally of the given types. */
export function resources(blocks: HclBlock[], types?: RegExp): HclBlock[] {
  return blocks.filter((b) => b.type === "resource" && (!types || types.test(b.labels[0] ?? "")));
}

export function attributeValue(block: HclBlock, name: string): HclValue | undefined {
  return block.attributes.get(name)?.value;
}

/** A value as a list of values: a tuple as is, a single value as a one-element list. */
export function asList(value: HclValue | undefined): HclValue[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
