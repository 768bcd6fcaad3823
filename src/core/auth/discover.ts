/** Picks the route discoveries that apply to one file, by path and by what the file imports. */
import type { Node } from "web-tree-sitter";
import type { AnalyzerContext, AnalyzerFile } from "../analyzers/analyzer.js";
import { discoverDjangoRoutes } from "./django-routes.js";
import { discoverJsCallRoutes } from "./js-call-routes.js";
import { collectGlobalGates, declaresGlobalGates } from "./global-gates.js";
import { collectJsExports, collectJsMounts } from "./js-wiring.js";
import { discoverNestRoutes } from "./nestjs-routes.js";
import { discoverNextRoutes, nextRouteKind } from "./nextjs-routes.js";
import { dependencyGates, discoverPythonDecoratorRoutes } from "./python-decorator-routes.js";
import { collectPythonWiring } from "./python-wiring.js";
import type { Route } from "./route.js";
import { languageForPath } from "../languages.js";
import { discoverServerActions } from "./server-actions.js";
import type { GateVocabulary } from "./vocabulary.js";
import { collectDjangoUrls, collectPythonClasses, fileWiring, importLinks, linkedModules, mayExport, wiringReads, type ImportLinks, type RepoWiring } from "./wiring.js";

/** Tests register routes to exercise them (supertest, TestClient); they serve nothing. */
const TEST_FILE = /(^|\/)(__tests__|__mocks__|tests?|spec|e2e|cypress|playwright)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$/;

export type RouteLanguage = "typescript" | "tsx" | "javascript" | "python";

/** The languages whose routes the auth analyzer reads. */
export function routeLanguage(path: string): RouteLanguage | undefined {
  const language = languageForPath(path);
  return language === "typescript" || language === "tsx" || language === "javascript" || language === "python" ? language : undefined;
}

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

export type WiringPass = "exports" | "mounts";

/** Whether a pass of the wiring reads this file at all, so a caller can skip parsing it: Python has no mounts pass. */
export function wiringPassReads(path: string, language: RouteLanguage, pass: WiringPass): boolean {
  return !isTestFile(path) && (pass === "exports" || language !== "python");
}

/**
 * Whether a pass needs this file's tree at all, judged from its path and text before any parse (a superset of
 * what the pass reads, so skipping a file never changes the wiring). The exports pass records a JS/TS file's
 * gates under its own path, which only a file importing it ever looks up; the mounts pass reads only what a
 * file imports from other changed files, and only where the file can mount it (mayMount).
 */
export function wiringPassNeedsTree(path: string, language: RouteLanguage, pass: WiringPass, text: string, links: ImportLinks): boolean {
  if (!wiringPassReads(path, language, pass)) return false;
  if (language === "python") return true;
  if (pass === "mounts") return links.importers.has(path) && mayMount(text);
  return declaresGlobalGates(path, text) || (links.targets.has(path) && mayExport(text));
}

/**
 * One file's part of the repository wiring (what this changed file tells the others, see wiring.ts). Pass
 * `exports` must have run on every file before pass `mounts` runs on any: a mount's gate may be middleware
 * another changed file exports.
 */
export function collectWiring(repo: RepoWiring, root: Node, path: string, language: RouteLanguage, vocabulary: GateVocabulary, pass: WiringPass): void {
  if (!wiringPassReads(path, language, pass)) return;
  if (pass === "exports") collectGlobalGates(repo.global, root, path, language, vocabulary);
  if (language === "python") {
    collectDjangoUrls(repo, root, path);
    collectPythonWiring(repo.python, root, path, repo.paths, vocabulary, (node) => dependencyGates(node, vocabulary));
    collectPythonClasses(repo, root);
  } else if (pass === "exports") collectJsExports(repo, root, path, vocabulary);
  else collectJsMounts(repo, root, path, vocabulary);
}

/**
 * Text every JS/TS route the discoveries find must contain: a call `.get(` … `.head(` whose first argument is a
 * path literal (js-registrations.ts), a `.route(` or `.on(` call, a NestJS method decorator, or a `"use server"`
 * directive (Next.js route files are known by their path). A comment where the call's parts meet, or type
 * arguments (`app.get<Params>(`), count as a possible route rather than being read through: the expression stays
 * linear on any input, and no comment can hide a route.
 */
const JS_ROUTE_HINT = new RegExp(
  [
    String.raw`\.\s*(?:\/[*/]|(?:get|post|put|patch|delete|del|all|options|head)\s*(?:\/[*/]|<|\(\s*(?:['"\x60][/*]|\/[*/])))`,
    String.raw`\.\s*(?:on|route)\s*(?:\/[*/]|<|\()`,
    String.raw`@\s*(?:\/[*/]|(?:Get|Post|Put|Patch|Delete|All|Options|Head)\b)`,
    "use server",
  ].join("|"),
);

/**
 * Text every call the mounts pass reads must contain (js-wiring.ts): `.use(`, `.route(`, `.all(` or Fastify's
 * `.register(`, the only calls that can mount a router or plugin another changed file exports. Comments where the
 * call's parts meet, type arguments and tagged templates count as a possible call, as in JS_ROUTE_HINT.
 */
const JS_MOUNT_HINT = /\.\s*(?:\/[*/]|(?:use|route|all|register)\s*(?:\/[*/]|<|\(|`))/;

/**
 * Whether the mounts pass can record anything for this JS/TS file, judged from its text before any parse (a
 * superset): on the corpus, 126 of the 179 files that import another changed file mount nothing, and reading
 * their calls and imports for the pass cost ~40 ms.
 */
export function mayMount(text: string): boolean {
  return JS_MOUNT_HINT.test(text);
}

/**
 * Whether `discoverRoutes` can find any route in this file, judged from its path and text before any parse (a
 * superset, so skipping a file never loses a route): on the corpus, 167 of 267 JS/TS files hold none, and 16 of
 * them were parsed for the route discovery alone. Python files are always read.
 */
export function mayDeclareRoutes(path: string, language: RouteLanguage, text: string): boolean {
  if (isTestFile(path)) return false;
  if (language === "python") return true;
  return nextRouteKind(path) !== undefined || JS_ROUTE_HINT.test(text);
}

/**
 * Whether the auth analyzer reads this changed file's tree for routes (analyzers/auth.ts), judged before any
 * parse: the rule matcher's walk of the file's root then keeps what that reading needs (root-walk.ts).
 */
export function readsForRoutes(path: string, text: string, addedLines: number): boolean {
  const language = routeLanguage(path);
  return language !== undefined && addedLines > 0 && mayDeclareRoutes(path, language, text);
}

/** What the wiring's passes will parse (analyzers/auth.ts), judged from the changed files' text before any parse. */
export interface WiringPlan {
  /** Every changed path; the wiring resolves imports against this set (resolveModule keeps answers per set). */
  paths: ReadonlySet<string>;
  /** The JS/TS files linked to another changed file (linkedModules). */
  linked: ReadonlySet<string>;
  /** The files a pass may read, in the scan's order. */
  readers: readonly AnalyzerFile[];
  /** Whether a pass parses this file: it is among `readers` and the pass needs its tree. */
  needsTree(entry: AnalyzerFile, pass: WiringPass): boolean;
}

/** The scan's plan: made once, for the auth analyzer's wiring and for the rules analyzer (authReadsRoot). */
export function wiringPlanFor(context: Pick<AnalyzerContext, "memo" | "allFiles">): Promise<WiringPlan> {
  return context.memo("auth:wiring-plan", async () => planWiring(context.allFiles));
}

function planWiring(allFiles: readonly AnalyzerFile[]): WiringPlan {
  const paths = new Set(allFiles.map((f) => f.file.path));
  const linked = linkedModules(allFiles.map((f) => ({ path: f.file.path, text: f.text })));
  const readers = allFiles.filter((entry) => routeLanguage(entry.file.path) && wiringReads(entry.file.path, entry.text, linked));
  // Only JS/TS files bind imports (importBindings); a Python file's strings need no reading here.
  const jsReaders = readers.filter((entry) => routeLanguage(entry.file.path) !== "python");
  const links = importLinks(jsReaders.map((entry) => ({ path: entry.file.path, text: entry.text })), paths);
  const isReader = new Set(readers);
  return { paths, linked, readers, needsTree: (entry, pass) => isReader.has(entry) && wiringPassNeedsTree(entry.file.path, routeLanguage(entry.file.path)!, pass, entry.text, links) };
}

/**
 * Whether the auth analyzer will read this file's root at all: for its routes, or in a pass of the wiring. The
 * rule matcher's walk of such a root keeps what the auth analyzer reads (root-walk.ts).
 */
export function authReadsRoot(entry: AnalyzerFile, plan: WiringPlan): boolean {
  if (readsForRoutes(entry.file.path, entry.text, entry.added.size)) return true;
  return plan.needsTree(entry, "exports") || plan.needsTree(entry, "mounts");
}

function discoverAll(root: Node, path: string, language: RouteLanguage, vocabulary: GateVocabulary, repo: RepoWiring): Route[] {
  if (isTestFile(path)) return [];
  if (language === "python") return [...discoverPythonDecoratorRoutes(root, path, vocabulary, repo), ...discoverDjangoRoutes(root, path, vocabulary, repo)];
  if (nextRouteKind(path)) return discoverNextRoutes(root, path, vocabulary, repo.global);
  const wiring = fileWiring(repo, root, path);
  return [...discoverServerActions(root, path, vocabulary), ...discoverNestRoutes(root, vocabulary, repo.global), ...discoverJsCallRoutes(root, vocabulary, wiring)];
}

export function discoverRoutes(root: Node, path: string, language: RouteLanguage, vocabulary: GateVocabulary, repo: RepoWiring): Route[] {
  const routes = discoverAll(root, path, language, vocabulary, repo);
  // A route whose neighbours are all gated and that is not is the "four guarded, the fifth not" shape: such a
  // route never counts as public by its looks alone (see public-routes.ts).
  for (const route of routes) route.siblingGated = routes.some((other) => other !== route && other.group === route.group && other.gates.length > 0);
  return routes;
}
