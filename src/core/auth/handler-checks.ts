/**
 * Checks a handler makes in its own body: who the caller is (in the first statements, where an auth check
 * belongs; a check after the handler already read or wrote data protects nothing), whether the caller has a
 * role, and whether a webhook verifies its sender's signature.
 */
import type { Node, Tree } from "web-tree-sitter";
import type { Gate } from "./route.js";
import { lineOf } from "./route.js";
import { bodyStatements, calleeText, descendants, lastSegment, namedChildren } from "./syntax.js";
import { CALLER_CHECK_CALLS, CALLER_CONDITION, HMAC_COMPUTATION, REFUSAL, ROLE_CHECK, SIGNATURE_OPERAND, SIGNATURE_VERIFICATION, type GateVocabulary } from "./vocabulary.js";
import { treeCache } from "../tree-caches.js";
import { remembered } from "../remembered.js";

/** How many leading statements may hold the auth check; later ones run after the handler already acted. */
const LEADING_STATEMENTS = 6;

/** Helper calls named for what they check (`requireUser(req)`, `assertAdmin(session)`, `get_current_user()`). */
const CHECKING_HELPER = /^(require|ensure|verify|check|assert|validate|authenticate)_?(auth|user|session|token|jwt|caller|login|admin|role|permission|current_?user|api_?key|signed_?in|member)/i;

/**
 * `getUser()`, `get_current_user(request)`, `getSessionUser(req)`: a getter counts as a check only when it reads the
 * caller from the request. `getUserById(id)` and `get_user_model()` fetch data, whatever their names begin with.
 */
const CALLER_GETTER = /^get_?(auth|auth_?user|authed_?user|user_?session|authenticated_?user|current_?(user|session|account|member)|session_?user|logged_?in_?user|signed_?in_?user|user|user_?or_?\w+|viewer|me|principal|identity|caller)(_?from_?(request|req|session|token|cookies?|headers?|ctx|context))?$/i;
const REQUEST_ARGUMENT = /^(req|request|ctx|c|context|event|cookies\(\)|headers\(\)|await cookies\(\)|await headers\(\)|session|self\.request)$/;

/** `ctx.assert(ctx.state.user, 401, ...)`: an assertion that refuses the caller with 401/403 when it fails. */
function assertsCaller(call: Node): boolean {
  if (!/^assert$/.test(lastSegment(calleeText(call)))) return false;
  const args = call.childForFieldName("arguments")?.text ?? "";
  return CALLER_CONDITION.test(args) && ACCESS_REFUSAL.test(args);
}

const CALL_TYPES = ["call_expression", "call"];
const IF_TYPES = ["if_statement"];

function isCheckingCall(call: Node, vocabulary: GateVocabulary): string | undefined {
  const callee = calleeText(call);
  const last = lastSegment(callee);
  if (CALLER_CHECK_CALLS.test(last) || CHECKING_HELPER.test(last) || assertsCaller(call)) return callee;
  if (CALLER_GETTER.test(last) && namedChildren(call.childForFieldName("arguments")).every((arg) => REQUEST_ARGUMENT.test(arg.text))) return callee;
  if (vocabulary.configured.includes(callee) || vocabulary.configured.includes(last)) return callee;
  if (/^supabase\.auth\.|^firebase\.auth|\.auth\(\)\.verify|^jwt\.verify$|^jose\.jwtVerify$/.test(callee)) return callee;
  return undefined;
}

/** Names of what a webhook signs its body with. */
const SIGNATURE_NAME = /sig|hmac|digest/i;

/** An argument that is what a sender signs with: a signing or webhook secret, or the signature itself. */
const SIGNING_SECRET = /secret|signing|signature|\bsig\b/i;

/** How a webhook turns away a request whose signature does not check out: 400, 401 or 403. */
const SIGNATURE_REFUSAL = /\b40[013]\b|unauthori[sz]ed|forbidden|bad.?request|invalid/i;

/** A refusal by status alone: what a middleware does to a caller it will not let through. */
const ACCESS_REFUSAL = /\b40[13]\b|unauthori[sz]ed|forbidden|UnauthorizedException|ForbiddenException|PermissionDenied|HTTP_40[13]/i;

/** `bearerAuth({ token })(c, next)`, `requireAuth(req, res, next)`: a middleware handing the request to a gate. */
function delegatedGate(call: Node, vocabulary: GateVocabulary): string | undefined {
  const passesNext = namedChildren(call.childForFieldName("arguments")).some((arg) => arg.type === "identifier" && arg.text === "next");
  const name = calleeText(call);
  return passesNext && vocabulary.isGate(name) ? name : undefined;
}

function refusesCaller(ifStatement: Node, middleware: boolean): boolean {
  const condition = ifStatement.childForFieldName("condition");
  if (!condition) return false;
  const consequence = ifStatement.childForFieldName("consequence");
  if (!consequence) return false;
  if (CALLER_CONDITION.test(condition.text)) return REFUSAL.test(consequence.text);
  // A middleware that answers 401/403 before calling `next` gates access whatever it tests (a group header, an IP list).
  return middleware && ACCESS_REFUSAL.test(consequence.text);
}

export interface AuthCheckOptions {
  /**
   * The function sits where middleware runs (a `use()` argument, a `preHandler`): a 401/403 refusal counts
   * whatever its condition tests, and a call to a gate (`bearerAuth({ token })(c, next)`) is the gate.
   */
  middleware?: boolean;
}

/**
 * Answers per tree, vocabulary and function: a middleware used by every route of a file (and checked again by
 * both wiring passes) is read once. Nodes are named by id and start, which are fixed for the life of a tree.
 */
const checksByTree = treeCache(new WeakMap<Tree, WeakMap<GateVocabulary, Map<string, Gate | null>>>());

/** The first auth check among the handler's leading statements, as a gate, or undefined. */
export function leadingAuthCheck(fn: Node, vocabulary: GateVocabulary, options: AuthCheckOptions = {}): Gate | undefined {
  const middleware = options.middleware === true;
  const byVocabulary = remembered(checksByTree, fn.tree, () => new WeakMap<GateVocabulary, Map<string, Gate | null>>());
  const checks = remembered(byVocabulary, vocabulary, () => new Map<string, Gate | null>());
  const check = remembered(checks, `${fn.id}:${fn.startIndex}:${middleware}`, () => findLeadingAuthCheck(fn, vocabulary, middleware) ?? null);
  // A copy, so a caller that adds to its gate never changes what the next caller gets.
  return check ? { ...check } : undefined;
}

function findLeadingAuthCheck(fn: Node, vocabulary: GateVocabulary, middleware: boolean): Gate | undefined {
  for (const statement of bodyStatements(fn).slice(0, LEADING_STATEMENTS)) {
    const candidates = [statement, ...descendants(statement, [...CALL_TYPES, ...IF_TYPES])];
    for (const node of candidates) {
      if (CALL_TYPES.includes(node.type)) {
        const name = isCheckingCall(node, vocabulary) ?? (middleware ? delegatedGate(node, vocabulary) : undefined);
        if (name) return { name: `${name}()`, kind: "body", line: lineOf(node), role: vocabulary.isRoleGate(name) || ROLE_CHECK.test(fn.text) };
      } else if (IF_TYPES.includes(node.type) && refusesCaller(node, middleware)) {
        const condition = node.childForFieldName("condition")?.text ?? "a caller check";
        return { name: condition.replace(/\s+/g, " ").slice(0, 60), kind: "body", line: lineOf(node), role: ROLE_CHECK.test(condition) };
      }
    }
  }
  return undefined;
}

export function checksRole(fn: Node): boolean {
  return ROLE_CHECK.test(fn.text);
}

/**
 * Does a webhook handler verify its sender? A verifying call (the provider SDK, `verify…Signature(...)`, a
 * constant-time compare) counts by itself; an HMAC the handler computes counts only when it is compared with
 * something, because computing the expected signature and never comparing it accepts every forged request.
 */
export function verifiesSignature(fn: Node): boolean {
  const text = fn.text;
  if (SIGNATURE_VERIFICATION.test(text)) return true;
  // `if (!(await verify(secret, body, signature))) return c.json(..., 401)`: whatever does the checking, the handler refuses a bad signature.
  const refusesBadSignature = descendants(fn, IF_TYPES).some((statement) => {
    const condition = statement.childForFieldName("condition")?.text ?? "";
    const consequence = statement.childForFieldName("consequence")?.text ?? "";
    return SIGNATURE_NAME.test(condition) && ACCESS_REFUSAL.test(consequence);
  });
  if (refusesBadSignature) return true;
  // `const valid = await verifySlackRequest(req, env.SLACK_SIGNING_SECRET); if (!valid) return 401`: a provider helper
  // handed the signing secret, whose answer the handler refuses on.
  const verifiesWithSecret = descendants(fn, CALL_TYPES).some((call) => /^(verify|validate|check|is_?valid)/i.test(lastSegment(calleeText(call))) && SIGNING_SECRET.test(call.childForFieldName("arguments")?.text ?? ""));
  if (verifiesWithSecret && descendants(fn, IF_TYPES).some((statement) => SIGNATURE_REFUSAL.test(statement.childForFieldName("consequence")?.text ?? ""))) return true;
  if (!HMAC_COMPUTATION.test(text)) return false;
  return descendants(fn, ["binary_expression", "comparison_operator"]).some((comparison) => /[!=]==?|\bis\b/.test(comparison.text) && SIGNATURE_OPERAND.test(comparison.text));
}
