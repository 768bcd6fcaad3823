/**
 * Checks a handler makes in its own body: who the caller is (in the first statements, where an auth check
 * belongs; a check after the handler already read or wrote data protects nothing), whether the caller has a
 * role, and whether a webhook verifies its sender's signature.
 */
import type { Node } from "web-tree-sitter";
import type { Gate } from "./route.js";
import { lineOf } from "./route.js";
import { bodyStatements, calleeText, descendants, lastSegment } from "./syntax.js";
import { CALLER_CHECK_CALLS, CALLER_CONDITION, REFUSAL, ROLE_CHECK, SIGNATURE_CHECK, type GateVocabulary } from "./vocabulary.js";

/** How many leading statements may hold the auth check; later ones run after the handler already acted. */
const LEADING_STATEMENTS = 6;

/** Helper calls named for what they check (`requireUser(req)`, `assertAdmin(session)`, `get_current_user()`). */
const CHECKING_HELPER = /^(require|ensure|verify|check|assert|validate|get|authenticate)_?(auth|user|session|token|jwt|caller|login|admin|role|permission|current_?user|api_?key|signed_?in|member)/i;

const CALL_TYPES = ["call_expression", "call"];
const IF_TYPES = ["if_statement"];

function isCheckingCall(call: Node, vocabulary: GateVocabulary): string | undefined {
  const callee = calleeText(call);
  const last = lastSegment(callee);
  if (CALLER_CHECK_CALLS.test(last) || CHECKING_HELPER.test(last)) return callee;
  if (vocabulary.configured.includes(callee) || vocabulary.configured.includes(last)) return callee;
  if (/^supabase\.auth\.|^firebase\.auth|\.auth\(\)\.verify|^jwt\.verify$|^jose\.jwtVerify$/.test(callee)) return callee;
  return undefined;
}

function refusesCaller(ifStatement: Node): boolean {
  const condition = ifStatement.childForFieldName("condition");
  if (!condition || !CALLER_CONDITION.test(condition.text)) return false;
  const consequence = ifStatement.childForFieldName("consequence");
  return !!consequence && REFUSAL.test(consequence.text);
}

/** The first auth check among the handler's leading statements, as a gate, or undefined. */
export function leadingAuthCheck(fn: Node, vocabulary: GateVocabulary): Gate | undefined {
  for (const statement of bodyStatements(fn).slice(0, LEADING_STATEMENTS)) {
    const candidates = [statement, ...descendants(statement, [...CALL_TYPES, ...IF_TYPES])];
    for (const node of candidates) {
      if (CALL_TYPES.includes(node.type)) {
        const name = isCheckingCall(node, vocabulary);
        if (name) return { name: `${name}()`, kind: "body", line: lineOf(node), role: vocabulary.isRoleGate(name) || ROLE_CHECK.test(fn.text) };
      } else if (IF_TYPES.includes(node.type) && refusesCaller(node)) {
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

export function verifiesSignature(fn: Node): boolean {
  return SIGNATURE_CHECK.test(fn.text);
}
