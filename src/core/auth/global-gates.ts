/**
 * Gates declared once for the whole application, in a file other than the routes': Django's
 * `LoginRequiredMiddleware` in MIDDLEWARE and DRF's `DEFAULT_PERMISSION_CLASSES` in settings.py, a NestJS guard
 * registered as `APP_GUARD` or through `app.useGlobalGuards(...)`, a Next.js `middleware.ts` that refuses
 * unauthenticated requests on the paths its matcher names. The wiring pass collects them from the changed files;
 * a route then counts as gated by them, so a project that authenticates globally is not flooded with findings.
 * When the declaring file is not part of the change, it is not seen and routes are judged by their own code.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { lineOf } from "./route.js";
import { calleeText, descendants, isJsFunction, lastSegment, namedChildren, stringValue } from "./syntax.js";
import type { GateVocabulary } from "./vocabulary.js";

/** A gate declared for the whole application, and where. */
export interface AppWideGate {
  name: string;
  file: string;
  line: number;
}

export interface DrfDefault extends AppWideGate {
  /** The permission class names, last segment (`IsAuthenticated`). */
  classes: string[];
  allowAny: boolean;
  role: boolean;
}

export interface NextMiddleware extends AppWideGate {
  /** Path patterns (Next.js matcher syntax) the middleware protects; empty means every path. */
  patterns: string[];
  /** The patterns name the paths left open (`if (!isPublicRoute(req)) auth.protect()`), not the protected ones. */
  patternsArePublic: boolean;
}

export interface GlobalGates {
  djangoLoginRequired?: AppWideGate;
  drfDefault?: DrfDefault;
  nestGuards: AppWideGate[];
  nextMiddleware: NextMiddleware[];
}

export function emptyGlobalGates(): GlobalGates {
  return { nestGuards: [], nextMiddleware: [] };
}

const NEXT_MIDDLEWARE_FILE = /(^|\/)(src\/)?middleware\.(ts|js|mjs)$/;

/** Does this changed file declare an application-wide gate (read from the text, before any parse)? */
export function declaresGlobalGates(path: string, text: string): boolean {
  if (/\.py$/.test(path)) return /^\s*(MIDDLEWARE|REST_FRAMEWORK)\s*\+?=/m.test(text);
  return /\bAPP_GUARD\b|\buseGlobalGuards\s*\(/.test(text) || NEXT_MIDDLEWARE_FILE.test(path);
}

/** Middleware that sends every anonymous request to the login page: Django 5.1's, django-login-required's, a project's own. */
const LOGIN_REQUIRED_MIDDLEWARE = /LoginRequired|RequireLogin|AuthRequired/;

/** A global guard that only checks roles or limits rates lets anonymous callers through on routes without metadata. */
const NOT_AN_AUTH_GUARD = /^(Roles?|Permissions?|Policies|Policy|Abilities|Casl|Throttler)Guard$/;

function stringsIn(node: Node | null | undefined): Array<{ value: string; node: Node }> {
  if (!node) return [];
  return descendants(node, ["string"]).flatMap((s) => {
    const value = stringValue(s);
    return value === undefined ? [] : [{ value, node: s }];
  });
}

function collectDjangoSettings(global: GlobalGates, root: Node, path: string): void {
  for (const statement of namedChildren(root)) {
    const assignment = statement.type === "expression_statement" ? namedChildren(statement)[0] : undefined;
    if (assignment?.type !== "assignment" && assignment?.type !== "augmented_assignment") continue;
    const name = assignment.childForFieldName("left")?.text;
    const value = assignment.childForFieldName("right");
    if (name === "MIDDLEWARE") {
      const entry = stringsIn(value).find((s) => LOGIN_REQUIRED_MIDDLEWARE.test(lastSegment(s.value)));
      if (entry) global.djangoLoginRequired = { name: lastSegment(entry.value), file: path, line: lineOf(entry.node) };
    }
    if (name === "REST_FRAMEWORK" && value?.type === "dictionary") {
      for (const pair of namedChildren(value).filter((p) => p.type === "pair")) {
        if (stringValue(pair.childForFieldName("key")) !== "DEFAULT_PERMISSION_CLASSES") continue;
        const classes = stringsIn(pair.childForFieldName("value")).map((s) => lastSegment(s.value));
        global.drfDefault = {
          name: `DEFAULT_PERMISSION_CLASSES (${classes.join(", ") || "empty"})`,
          file: path,
          line: lineOf(pair),
          classes,
          allowAny: classes.length === 0 || classes.includes("AllowAny"),
          role: classes.some((c) => /Admin|Staff|ModelPermissions/.test(c)),
        };
      }
    }
  }
}

function collectNestGuards(global: GlobalGates, root: Node, path: string, vocabulary: GateVocabulary): void {
  const add = (name: string, node: Node) => {
    if (vocabulary.isGate(name) && !NOT_AN_AUTH_GUARD.test(name)) global.nestGuards.push({ name, file: path, line: lineOf(node) });
  };
  for (const object of descendants(root, ["object"])) {
    const pairs = namedChildren(object).filter((p) => p.type === "pair");
    if (!pairs.some((p) => p.childForFieldName("key")?.text === "provide" && p.childForFieldName("value")?.text === "APP_GUARD")) continue;
    const guard = pairs.find((p) => /^(useClass|useExisting)$/.test(p.childForFieldName("key")?.text ?? ""))?.childForFieldName("value");
    if (guard) add(calleeText(guard), guard);
  }
  for (const call of descendants(root, ["call_expression"])) {
    if (lastSegment(calleeText(call)) !== "useGlobalGuards") continue;
    for (const guard of namedChildren(call.childForFieldName("arguments"))) add(calleeText(guard), guard);
  }
}

/** `export const config = { matcher: [...] }`: the paths a Next.js middleware runs on. */
function configMatcher(root: Node): string[] {
  for (const declarator of descendants(root, ["variable_declarator"])) {
    if (declarator.childForFieldName("name")?.text !== "config") continue;
    const value = declarator.childForFieldName("value");
    const matcher = value?.type === "object" ? namedChildren(value).find((p) => p.type === "pair" && p.childForFieldName("key")?.text === "matcher") : undefined;
    return stringsIn(matcher?.childForFieldName("value")).map((s) => s.value);
  }
  return [];
}

function collectNextMiddleware(global: GlobalGates, root: Node, path: string, vocabulary: GateVocabulary): void {
  const text = root.text;
  const matcher = configMatcher(root);
  // NextAuth's middleware (`export { default } from "next-auth/middleware"`, `withAuth(...)`) sends anonymous requests to sign-in.
  if (/["']next-auth\/middleware["']/.test(text)) {
    global.nextMiddleware.push({ name: "next-auth middleware", file: path, line: 1, patterns: matcher, patternsArePublic: false });
    return;
  }
  const clerk = descendants(root, ["call_expression"]).find((call) => calleeText(call) === "clerkMiddleware");
  if (clerk) {
    // clerkMiddleware only attaches the session; routes are protected where its callback calls `protect()`.
    const protect = descendants(clerk, ["if_statement"]).find((s) => /\bprotect\s*\(/.test(s.childForFieldName("consequence")?.text ?? ""));
    if (!protect) {
      if (/\bprotect\s*\(/.test(clerk.text)) global.nextMiddleware.push({ name: "clerkMiddleware with auth.protect()", file: path, line: lineOf(clerk), patterns: matcher, patternsArePublic: false });
      return;
    }
    const condition = protect.childForFieldName("condition")?.text ?? "";
    const matcherName = /(\w+)\s*\(\s*\w+\s*\)/.exec(condition)?.[1];
    const declarator = descendants(root, ["variable_declarator"]).find((d) => d.childForFieldName("name")?.text === matcherName);
    const patterns = stringsIn(declarator?.childForFieldName("value")).map((s) => s.value);
    if (patterns.length === 0) return;
    global.nextMiddleware.push({ name: `clerkMiddleware protecting ${matcherName}`, file: path, line: lineOf(protect), patterns, patternsArePublic: /^\(?\s*!/.test(condition) });
    return;
  }
  // A hand-written middleware: the exported `middleware` (or default) function refuses callers without a session or token.
  const exported = descendants(root, ["function_declaration", "variable_declarator"]).find((node) => /^(middleware|default)$/.test(node.childForFieldName("name")?.text ?? ""));
  const fn = exported?.type === "variable_declarator" ? exported.childForFieldName("value") : exported;
  if (!fn || !isJsFunction(fn)) return;
  const check = leadingAuthCheck(fn, vocabulary, { middleware: true });
  if (check) global.nextMiddleware.push({ name: `middleware (${check.name})`, file: path, line: check.line, patterns: matcher, patternsArePublic: false });
}

/** One changed file's application-wide gates. */
export function collectGlobalGates(global: GlobalGates, root: Node, path: string, language: "python" | "javascript" | "typescript" | "tsx", vocabulary: GateVocabulary): void {
  // Most files the wiring pass reads declare no app-wide gate; the text says so without walking the tree.
  if (!declaresGlobalGates(path, root.text)) return;
  if (language === "python") return collectDjangoSettings(global, root, path);
  if (NEXT_MIDDLEWARE_FILE.test(path)) collectNextMiddleware(global, root, path, vocabulary);
  collectNestGuards(global, root, path, vocabulary);
}

/** A Next.js matcher pattern (`/api/projects/:path*`, Clerk's `/api/teams(.*)`) as a regular expression. */
function matcherRegex(pattern: string): RegExp | undefined {
  const source = pattern
    .replace(/\/:\w+\*/g, "(?:/.*)?")
    .replace(/\/:\w+\+/g, "(?:/.+)")
    .replace(/\/:\w+\?/g, "(?:/[^/]+)?")
    .replace(/:\w+/g, "[^/]+");
  try {
    return new RegExp(`^${source}/?$`);
  } catch {
    // A pattern this reading cannot turn into a regular expression protects nothing we can vouch for.
    return undefined;
  }
}

/** The Next.js middleware that refuses anonymous requests to `url` (`/api/projects/[id]`), if any. */
export function nextMiddlewareFor(global: GlobalGates, url: string): NextMiddleware | undefined {
  const concrete = url.replace(/\[\[?\.\.\.\w+\]\]?/g, "x/y").replace(/\[\w+\]/g, "x");
  return global.nextMiddleware.find((middleware) => {
    if (middleware.patterns.length === 0) return true;
    const matched = middleware.patterns.some((pattern) => matcherRegex(pattern)?.test(concrete) ?? false);
    return middleware.patternsArePublic ? !matched : matched;
  });
}
