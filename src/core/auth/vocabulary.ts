/**
 * Which names are auth gates. Codebases name their gates freely (`requireAuth`, `protect`, `checkJwt`,
 * `withTenant`), so the defaults are word-based with exclusions for middleware that sounds similar but
 * authenticates nobody (rate limiters, CSRF, session storage setup); `auth.gates` in gatehouse.yml adds the
 * repository's own names, which count whatever they look like.
 */
import type { Node } from "web-tree-sitter";
import { lastSegment } from "./syntax.js";
import { remembered } from "../remembered.js";

/** Words that make a middleware, decorator or dependency name an authentication gate. */
const GATE_WORDS =
  /auth|login|logged|signed_?in|jwt|bearer|token|api_?key|protect|guard|current_?(active_?)?user|(require|ensure|verify|check|get_?active|with|must_?be)_?(user|session|member|account|tenant|org|customer|client|subscriber|employee|operator|partner|viewer|editor|seller|merchant|patient|team|workspace|principal|identity)|session|admin|role|permission|clerk|passport|firebase|access|apikey|is_?user|user_?required|staff|superuser|passes_test/i;

/** Middleware whose names share those words but that authenticate nobody. */
const NOT_A_GATE = /csrf|xsrf|cors|limit|throttl|rate|helmet|logger|logging|parser|parse|upload|multer|cache|compress|callback|static|cookie_?parser|bodyparser|optional/i;

/**
 * A database session, not a signed-in one: SQLModel's `SessionDep`, SQLAlchemy's `SessionLocal`, `db_session`.
 * FastAPI code injects these into nearly every route, so the word "session" alone proves nothing there.
 */
const DATABASE_SESSION = /^(async_?)?(db_?|sql_?|database_?)?session_?(dep|local|maker|factory|scope)$|^(get_?)?(async_?)?(db|database)_?session$|^(Async)?(Db|DB|Sql|SQL|Database)Session$/i;

/** Exact names that look like gates but only set up storage (express-session, passport bootstrapping). */
const SETUP_ONLY = new Set(["session", "cookieSession", "passport.initialize", "passport.session", "expressSession", "sessionMiddleware", "get_db", "get_session", "getDb"]);

/** Words that make a gate check a role or permission, not only a signed-in user. */
const ROLE_WORDS = /admin|role|permission|perm(s)?\b|authoriz|policy|acl|staff|superuser|scope|ability|can_?[A-Z_]|owner|has_?perm/i;

/**
 * Arguments that make a gate check a role: `login_required(role="admin")`, `@Auth(Role.Admin)`,
 * `requireAuth({ roles: ["owner"] })`, `authorize("admin")`.
 */
const ROLE_ARGUMENT = /\broles?\b|\bpermissions?\b|\bscopes?\b|\badmin(istrator)?s?\b|\bstaff\b|\bsuperuser\b/i;

/** Does a gate written as a call (`x(...)`, `@x(...)`) ask for a role in its arguments? */
export function roleInArguments(node: Node): boolean {
  let call: Node | null = node.type === "decorator" ? node.namedChildren[0] ?? null : node;
  while (call?.type === "await_expression") call = call.namedChildren[0] ?? null;
  if (call?.type !== "call_expression" && call?.type !== "call") return false;
  return ROLE_ARGUMENT.test(call.childForFieldName("arguments")?.text ?? "");
}

/** A shared secret (basic auth, a static bearer token, an API key) is an operator credential, not a user's session. */
const OPERATOR_CREDENTIAL = /basicAuth|bearerAuth|api_?key|apiKey|serviceToken|internalToken|ipRestriction/i;

/**
 * `requireOps`, `require_support`, `ensureOwner`: a name that demands something of the caller is a gate even
 * when the noun is the codebase's own (a team, a group). The nouns below are demands on the request instead.
 */
const DEMAND_PREFIX = /^(?:require|ensure|must_?be|only)_?([A-Z]+(?![a-z])|[A-Za-z][a-z0-9]*)/;
const REQUEST_DEMANDS = new Set(["json", "body", "field", "fields", "param", "params", "http", "https", "ssl", "tls", "content", "header", "headers", "query", "input", "env", "config", "feature", "flag", "method", "methods", "post", "get", "put", "patch", "delete", "safe", "valid", "validation", "schema", "payload", "file", "files", "upload", "multipart", "form", "idempotency", "accept", "type", "version", "locale", "lang", "host", "origin", "https", "secure"]);
/** Demanded nouns that name who the caller is (authentication), not a group or role they must belong to. */
const IDENTITY_NOUNS = /^(user|users|auth|authenticated|authentication|login|logged|session|signed|signin|token|jwt|account|caller|identity|principal|bearer|key|api|apikey|member|client|customer)$/i;

function demandedNoun(name: string): string | undefined {
  const noun = DEMAND_PREFIX.exec(lastSegment(name))?.[1];
  return noun && !REQUEST_DEMANDS.has(noun.toLowerCase()) ? noun : undefined;
}

export interface GateVocabulary {
  isGate(name: string): boolean;
  isRoleGate(name: string): boolean;
  /** The repository's own gate names from `auth.gates`. */
  configured: readonly string[];
}

/** One vocabulary per configured list, so what is learned with it (handler-checks.ts) is shared across files. */
const vocabularies = new WeakMap<readonly string[], GateVocabulary>();

export function gateVocabulary(configuredGates: readonly string[]): GateVocabulary {
  return remembered(vocabularies, configuredGates, () => buildVocabulary(configuredGates));
}

function buildVocabulary(configuredGates: readonly string[]): GateVocabulary {
  const configured = new Set(configuredGates);
  const isConfigured = (name: string) => configured.has(name) || configured.has(lastSegment(name));
  return {
    configured: configuredGates,
    isGate(name) {
      if (isConfigured(name)) return true;
      if (SETUP_ONLY.has(name) || SETUP_ONLY.has(lastSegment(name))) return false;
      const last = lastSegment(name);
      if (NOT_A_GATE.test(last) || DATABASE_SESSION.test(last)) return false;
      return GATE_WORDS.test(last) || demandedNoun(name) !== undefined || (/^(passport|clerk|auth|jwt|firebase|supabase\.auth)/i.test(name) && !NOT_A_GATE.test(name));
    },
    isRoleGate(name) {
      if (ROLE_WORDS.test(lastSegment(name)) || ROLE_WORDS.test(name) || OPERATOR_CREDENTIAL.test(name)) return true;
      // `requireOps`, `require_support`: membership of a group, which is a role; `requireUser` only authenticates.
      const noun = demandedNoun(name);
      return noun !== undefined && !GATE_WORDS.test(lastSegment(name)) && !IDENTITY_NOUNS.test(noun);
    },
  };
}

/** Calls in a handler's first statements that establish who the caller is (Next.js, Clerk, NextAuth, Supabase, Firebase, JWT). */
export const CALLER_CHECK_CALLS =
  /^(getServerSession|getSession|auth|currentUser|getToken|verifyToken|getAuth|requireAuth|requireUser|requireSession|validateRequest|verifySession|getCurrentUser|verifyIdToken|getKindeServerSession|getUserFromRequest|authenticate|jwtVerify|verifyJwt|verify_jwt_in_request|get_jwt_identity|get_current_user|getIronSession|getServerAuthSession|withAuth|assertAuthenticated|ensureAuthenticated)$/;

/** An early return or throw that refuses the caller: 401/403, Unauthorized, Forbidden, a redirect to sign-in. */
export const REFUSAL =
  /\b40[13]\b|unauthori[sz]ed|forbidden|UnauthorizedException|ForbiddenException|PermissionDenied|HTTP_40[13]|redirect\s*\(\s*(?:url_for\s*\(\s*|reverse\s*\(\s*)?['"`][^'"`]*(login|sign-?in|sign_in|auth)|redirect_to_login|abort\s*\(\s*40[13]|not_authenticated|NotAuthenticated|login_url/i;

/** A condition that asks whether someone is signed in. */
export const CALLER_CONDITION = /user|session|auth|token|api_?key|authorization|principal|identity|claims|is_authenticated|isAuthenticated/i;

/** A role or permission check inside a handler. */
export const ROLE_CHECK =
  /\brole[s]?\b\s*(?:[!=]==?|\.includes|\bin\b|\.some|\.has)|\.(role|roles)\s*(?:[!=]==?|\.includes)|['"]admin['"]\s*[!=]==?|\bisAdmin\b|\bis_admin\b|\bhasRole\s*\(|\bhas_role\s*\(|\bis_staff\b|\bis_superuser\b|\bhas_perm\s*\(|\bpermissions?\b[^\n]*\.(includes|has)\s*\(|\bcan\s*\(|\bauthorize\s*\(|\bability\.|\brequireRole\s*\(|\bcheckPermission\s*\(|\brequireAdmin\s*\(|\bassertAdmin\s*\(/;

/**
 * Calls that verify a webhook's sender by themselves: provider SDKs (Stripe `constructEvent`, Svix, Twilio,
 * Octokit), the codebase's own `verify…Signature(...)` helpers and constant-time comparisons.
 */
export const SIGNATURE_VERIFICATION =
  /construct_?event(Async|_async)?\s*\(|\b(verify|validate|check|is_?valid)_?\w*(signature|webhook|hmac|digest|sender)\w*\s*\(|\bverifyWebhook|timingSafeEqual|compare_digest|secure_compare|constant_time_compare|safe_str_cmp|crypto\.subtle\.verify|twilio\.validateRequest|\bwebhooks?\.verify(AndReceive)?\s*\(|Webhook\s*\(\s*[\w.]+\s*\)\.verify|\bwh\.verify\s*\(/i;

/** An HMAC computed in the handler: a signature check only if the handler then compares it (see `SIGNATURE_OPERAND`). */
export const HMAC_COMPUTATION = /createHmac|hmac\.new|hash_hmac|\bHMAC\b|hmac\.digest|importKey\([^)]*HMAC/i;

/** A comparison whose operands look like a signature or a computed digest. */
export const SIGNATURE_OPERAND = /sig|hmac|digest|expected|computed|header/i;
