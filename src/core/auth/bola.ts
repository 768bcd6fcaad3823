/**
 * Broken object-level authorization (BOLA/IDOR): the handler loads, changes or deletes a record by an id the
 * caller chose (a path or query parameter) and never relates that record to the caller. Signing in is not
 * enough: any signed-in user can walk the ids. Related means: the caller's identity appears in the data
 * call itself (an owner, user or tenant filter, `current_user.items`), in a condition (`if (doc.ownerId !==
 * req.user.id)`), or an authorization call (`authorize(`, `can(`, `checkOwnership(`) sits in the handler.
 */
import type { Node } from "web-tree-sitter";
import { pathSegments } from "./public-routes.js";
import type { Route } from "./route.js";
import { calleeText, descendants, lastSegment, namedChildren } from "./syntax.js";

const ID_WORD = /^(id|[A-Za-z]+Id|[a-z]+_id|pk|uuid|[a-z]+_pk|[a-z]+Uuid)$/;

/** Calls that read or write one record. `get` and `filter` are common words, so the id must be an argument. */
const DATA_ACCESS =
  /^(findById|findByPk|findUnique|findUniqueOrThrow|findFirst|findFirstOrThrow|findOne|findOneBy|findOneOrFail|findOneByOrFail|findByIdAndUpdate|findByIdAndDelete|findByIdAndRemove|findOneAndUpdate|findOneAndDelete|findOneAndRemove|get|getById|update|updateOne|delete|deleteOne|destroy|remove|query|execute|raw|get_or_404|get_object_or_404|filter|filter_by|where|eq|doc|upsert|select|fetchrow|fetch_one|first_or_404|prepare|bind)$/;

/** Reads of the request itself are where the id comes from, not where the record is loaded. */
const REQUEST_OBJECT = /^(req|request|ctx|c|context|params|searchParams|url|headers|query|res|response|reply|cache|map|Object|JSON|formData|body)\b(?!\.(env|var|db)\b)|\.(searchParams|headers|cookies)\b/;

const CALLER_REFERENCE =
  /\b(?:req|request|ctx\.state|ctx|context|c\.var)\.(?:user|auth|session|userId)\b|\bsession\??\.user\b|\bcurrent_?[uU]ser\b|\bauth\??\.\s*userId\b|\bg\.user\b|\b(?:userId|user_id|ownerId|owner_id|owner|tenantId|tenant_id|tenant|orgId|org_id|organizationId|organization_id|accountId|account_id|workspaceId|workspace_id|createdBy|created_by|authorId|author_id|me)\b|\buser\??\.(?:id|_id|sub|uid)\b|\bc\.get\(\s*['"](?:user|jwtPayload|session|userId)['"]/g;

const COMPARISON = /[!=]==?|\.includes\s*\(|\.equals\s*\(|\bin\b|\bis not\b/;

const AUTHORIZATION_CALL =
  /\b(authorize|can|cannot|checkOwnership|assertOwner|assertOwnership|assertCanAccess|ensureOwner|ensureOwnership|verifyOwnership|checkAccess|canAccess|enforce|check_object_permissions|has_object_permission|check_ownership|ensure_owner|require_owner|assert_owner|has_perm)\s*\(|\bability\.|\.can\s*\(/;

/** Names in the handler that hold a caller-chosen id: path params plus anything read from params or query. */
export function callerChosenIds(route: Route, handler: Node): Set<string> {
  const ids = new Set(route.idNames.filter((n) => ID_WORD.test(n)));
  const text = handler.text;
  for (const match of text.matchAll(/\b(?:req|request|ctx|context)\.(?:params|query)\.(\w+)|\bparams\.(\w+)|\bc\.req\.(?:param|query)\(\s*['"](\w+)['"]\s*\)|\bsearchParams\.get\(\s*['"](\w+)['"]/g)) {
    const name = match[1] ?? match[2] ?? match[3] ?? match[4];
    if (name && ID_WORD.test(name)) ids.add(match[0]);
  }
  for (const match of text.matchAll(/(?:const|let|var)\s*\{([^}]*)\}\s*(?::\s*[^=]+)?=\s*(?:await\s+)?(?:req|request|ctx|context)\.(?:params|query)\b|(?:const|let|var)\s*\{([^}]*)\}\s*=\s*(?:await\s+)?(?:params|c\.req\.param\(\)|c\.req\.query\(\))/g)) {
    for (const part of (match[1] ?? match[2] ?? "").split(",")) {
      const local = part.split(":").pop()?.trim().replace(/\s*=.*$/, "");
      const original = part.split(":")[0]?.trim();
      if (local && original && ID_WORD.test(original)) ids.add(local);
    }
  }
  // Python: `request.args.get("id")`, `request.GET["invoice_id"]`, `request.query_params.get(...)`; Next.js server actions: `formData.get("id")`.
  for (const match of text.matchAll(/^[ \t]*(?:(?:const|let|var)\s+)?(\w+)\s*(?::\s*\w+)?\s*=\s*(?:await\s+)?(?:int|str|UUID|Number|String)?\(?\s*(?:request\.(?:args|GET|POST|form|query_params)|formData)(?:\.get\(\s*|\[\s*)['"](\w+)['"]/gm)) {
    if (match[1] && match[2] && ID_WORD.test(match[2])) ids.add(match[1]);
  }
  for (const match of text.matchAll(/(?:const|let|var)\s+(\w+)\s*(?::\s*\w+)?=\s*(?:Number|parseInt|String|BigInt)?\(?\s*(?:(?:req|request|ctx|context)\.(?:params|query)\.(\w+)|params\.(\w+)|c\.req\.param\(\s*['"](\w+)['"]\s*\)|searchParams\.get\(\s*['"](\w+)['"]\s*\))/g)) {
    const original = match[2] ?? match[3] ?? match[4] ?? match[5];
    if (match[1] && original && ID_WORD.test(original)) ids.add(match[1]);
  }
  return ids;
}

function mentionsId(node: Node, ids: Set<string>): string | undefined {
  if (ids.has(node.text)) return node.text;
  const parts = descendants(node, ["identifier", "member_expression", "attribute", "shorthand_property_identifier", "subscript_expression", "subscript"]);
  return parts.find((p) => ids.has(p.text))?.text;
}

/** Caller references in `text`, ignoring names that hold the caller-chosen id itself (`/users/:userId`). */
function mentionsCaller(text: string, ids: Set<string>): boolean {
  for (const match of text.matchAll(CALLER_REFERENCE)) if (!ids.has(match[0])) return true;
  return false;
}

export interface BolaEvidence {
  /** The data call, e.g. `prisma.order.findUnique`. */
  access: string;
  /** The caller-chosen id it uses, e.g. `req.params.id`. */
  id: string;
  node: Node;
}

/** People, not records people own: reading a member's profile by id is what a team directory does. */
const PEOPLE_SEGMENT = /^(team|members?|users?|people|persons?|profiles?|authors?|contributors?|staff)$/i;

/** `GET /team/:id`, `GET /members/{member_id}`: a signed-in user looking up another member, not a record they own. */
function isDirectoryLookup(route: Route): boolean {
  if (route.method !== "GET") return false;
  const segments = pathSegments(route.publicPath ?? route.path);
  const last = segments[segments.length - 1] ?? "";
  const resource = segments[segments.length - 2] ?? "";
  return /^[:{[<]/.test(last) && PEOPLE_SEGMENT.test(resource);
}

export function findBola(route: Route): BolaEvidence | undefined {
  if (isDirectoryLookup(route)) return undefined;
  for (const handler of route.handlers) {
    const ids = callerChosenIds(route, handler);
    if (ids.size === 0) continue;
    const text = handler.text;
    if (AUTHORIZATION_CALL.test(text)) return undefined;
    // `if (order.userId !== req.user.id)` relates the record to the caller; `if (!req.user)` only checks sign-in.
    const conditions = descendants(handler, ["if_statement"]).map((s) => s.childForFieldName("condition")?.text ?? "");
    if (conditions.some((c) => COMPARISON.test(c) && mentionsCaller(c, ids))) return undefined;
    let evidence: BolaEvidence | undefined;
    for (const call of descendants(handler, ["call_expression", "call"])) {
      const callee = calleeText(call);
      if (!DATA_ACCESS.test(lastSegment(callee)) || REQUEST_OBJECT.test(callee)) continue;
      // A chained query (`db.select().from(t).where(eq(t.id, id))`) counts as one data call: look at the whole chain.
      let chain = call;
      while (chain.parent && (chain.parent.type === "member_expression" || chain.parent.type === "attribute") && chain.parent.parent && /call/.test(chain.parent.parent.type)) chain = chain.parent.parent;
      if (mentionsCaller(chain.text, ids)) return undefined;
      const args = call.childForFieldName("arguments");
      const id = args ? namedChildren(args).map((a) => mentionsId(a, ids)).find(Boolean) : undefined;
      if (id && !evidence) evidence = { access: callee, id, node: call };
    }
    if (evidence) return evidence;
  }
  return undefined;
}
