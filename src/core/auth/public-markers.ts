/**
 * Routes their authors mark public in the code itself: a comment right above the route ("Public: the signup
 * form reads this before anyone has an account"), or a router named for public routes (`publicRouter`,
 * `public_bp`, `PublicController`). A route marked so is no finding, except a write to an account-, money- or
 * key-shaped path: an agent labelling `DELETE /users/:id` "public" is exactly the mistake to catch.
 */
import type { Node } from "web-tree-sitter";
import { isSensitivePath } from "./public-routes.js";
import type { Route } from "./route.js";

/**
 * A comment that declares the route public: one that opens with "Public" ("// Public: the pricing page reads
 * this"), or says so in as many words ("no auth by design", "intentionally unauthenticated"). A comment that
 * merely mentions the word ("a catalogue path alone does not make this one public") marks nothing.
 */
const PUBLIC_DECLARATION = [
  /^public\b/i,
  /\b(public|unauthenticated|anonymous|open)\b[^.;]*\b(on purpose|by design|intentionally|deliberately)\b/i,
  /\b(intentionally|deliberately)\s+(public|unauthenticated|open|anonymous)\b/i,
  /\bno (auth|authentication|login|sign-?in)\b[^.;]*\b(required|needed|by design|on purpose)\b/i,
  /\b(auth|authentication|login|sign-?in) (is )?not (required|needed)\b/i,
  /\b(allow|allows) anonymous\b/i,
];

/** "public key", "Public static helper": a comment that opens with the word without marking the route. */
const NOT_A_PUBLIC_MARK = /\b(not|never|isn't|non|no longer)[- ](be )?public\b|^public[- ](key|keys|static|method|methods|class|field|property|repo|repository|ip|url|path|dir|folder|bucket)\b/i;

/** `publicRouter`, `publicApi`, `public_bp`, `open_routes`, `PublicController`, `public`. */
const PUBLIC_RECEIVER = /^(public|open|anon|anonymous|guest|unauthenticated)([A-Z_]|$)|_public(_|$)|^Public[A-Z]/;

/** Parents whose children are statements, so a comment sibling sits on its own line above one. */
const STATEMENT_LISTS = new Set(["program", "statement_block", "module", "block", "class_body", "switch_body"]);

/** The comments directly above the statement that holds `node`, nearest last. */
function commentsAbove(node: Node): string[] {
  let statement: Node = node;
  while (statement.parent && !STATEMENT_LISTS.has(statement.parent.type)) statement = statement.parent;
  const comments: string[] = [];
  let row = statement.startPosition.row;
  for (let sibling = statement.previousSibling; sibling?.type === "comment" && sibling.endPosition.row >= row - 1; sibling = sibling.previousSibling) {
    comments.unshift(sibling.text);
    row = sibling.startPosition.row;
  }
  return comments;
}

function marksPublic(comment: string): boolean {
  const text = comment.replace(/^\s*(\/\/+|#+|\/\*+)\s*/, "").replace(/\*\/\s*$/, "").trim();
  return PUBLIC_DECLARATION.some((pattern) => pattern.test(text)) && !NOT_A_PUBLIC_MARK.test(text);
}

/** Why the route's own code marks it public, or undefined. */
export function publicMarker(route: Route): string | undefined {
  const writes = !/^(GET|HEAD|OPTIONS|GET\|HEAD)$/.test(route.method);
  if (writes && isSensitivePath(route.publicPath ?? route.path)) return undefined;
  if (PUBLIC_RECEIVER.test(route.group)) return `registered on \`${route.group}\`, a router for public routes`;
  const comment = commentsAbove(route.node).find(marksPublic);
  return comment ? `marked public by the comment above it (${comment.replace(/^\s*(\/\/|#|\/\*+)\s*/, "").slice(0, 60)})` : undefined;
}
