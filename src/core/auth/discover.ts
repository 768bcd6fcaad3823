/** Picks the route discoveries that apply to one file, by path and by what the file imports. */
import type { Node } from "web-tree-sitter";
import { discoverDjangoRoutes, type DjangoUrl } from "./django-routes.js";
import { discoverJsCallRoutes } from "./js-call-routes.js";
import { discoverNestRoutes } from "./nestjs-routes.js";
import { discoverNextRoutes, nextRouteKind } from "./nextjs-routes.js";
import { discoverPythonDecoratorRoutes } from "./python-decorator-routes.js";
import type { Route } from "./route.js";
import type { GateVocabulary } from "./vocabulary.js";

/** Tests register routes to exercise them (supertest, TestClient); they serve nothing. */
const TEST_FILE = /(^|\/)(__tests__|__mocks__|tests?|spec|e2e|cypress|playwright)\/|\.(test|spec)\.[cm]?[jt]sx?$|(^|\/)test_[^/]*\.py$|_test\.py$|(^|\/)conftest\.py$/;

export function isTestFile(path: string): boolean {
  return TEST_FILE.test(path);
}

export function discoverRoutes(root: Node, path: string, language: "typescript" | "tsx" | "javascript" | "python", vocabulary: GateVocabulary, urls: Map<string, DjangoUrl>): Route[] {
  if (isTestFile(path)) return [];
  if (language === "python") return [...discoverPythonDecoratorRoutes(root, vocabulary), ...discoverDjangoRoutes(root, path, vocabulary, urls)];
  if (nextRouteKind(path)) return discoverNextRoutes(root, path, vocabulary);
  return [...discoverNestRoutes(root, vocabulary), ...discoverJsCallRoutes(root, vocabulary)];
}
