/**
 * The auth-gate analyzer: for every route the PR adds or changes (its registration or its handler touches an
 * added line), decides from the whole file whether an auth gate protects it, and reports routes anyone can
 * call (`auth/unprotected-route`), admin routes with no role check (`auth/missing-role-check`) and records
 * loaded by a caller-chosen id without relating them to the caller (`auth/bola`). Routes in untouched
 * regions or files are never reported.
 */
import type { Node } from "web-tree-sitter";
import { detectionFor } from "../auth/detection.js";
import { discoverRoutes } from "../auth/discover.js";
import { djangoUrls, type DjangoUrl } from "../auth/django-routes.js";
import { endLineOf, lineOf, type Route } from "../auth/route.js";
import { judgeRoute } from "../auth/verdict.js";
import { gateVocabulary } from "../auth/vocabulary.js";
import { languageForPath } from "../languages.js";
import type { Analyzer, AnalyzerContext, AnalyzerFile, Detection } from "./analyzer.js";
import { touchesAddedLines } from "./rules.js";

type RouteLanguage = "typescript" | "tsx" | "javascript" | "python";

function routeLanguage(path: string): RouteLanguage | undefined {
  const language = languageForPath(path);
  return language === "typescript" || language === "tsx" || language === "javascript" || language === "python" ? language : undefined;
}

function touched(route: Route, added: ReadonlySet<number>, addedByFile: Map<string, ReadonlySet<number>>): boolean {
  const spans: Node[] = [route.node, ...route.extraSpans, ...route.handlers];
  if (spans.some((span) => touchesAddedLines(added, lineOf(span), endLineOf(span)))) return true;
  return !!route.wiredAt && !!addedByFile.get(route.wiredAt.file)?.has(route.wiredAt.line);
}

async function collectDjangoUrls(context: AnalyzerContext): Promise<Map<string, DjangoUrl>> {
  const urls = new Map<string, DjangoUrl>();
  for (const entry of context.files) {
    if (!/(^|\/)urls\.py$/.test(entry.file.path)) continue;
    const tree = await context.engine.parse("python", entry.text);
    try {
      for (const [name, url] of djangoUrls(tree.rootNode, entry.file.path)) urls.set(name, url);
    } finally {
      tree.delete();
    }
  }
  return urls;
}

async function analyzeFile(entry: AnalyzerFile, context: AnalyzerContext, urls: Map<string, DjangoUrl>, addedByFile: Map<string, ReadonlySet<number>>): Promise<Detection[]> {
  const language = routeLanguage(entry.file.path);
  if (!language || entry.added.size === 0) return [];
  const tree = await context.engine.parse(language, entry.text);
  try {
    const vocabulary = gateVocabulary(context.config.auth.gates);
    const routes = discoverRoutes(tree.rootNode, entry.file.path, language, vocabulary, urls);
    const detections: Detection[] = [];
    for (const route of routes) {
      if (!touched(route, entry.added, addedByFile)) continue;
      const verdict = judgeRoute(route, context.config.auth.public);
      if (verdict) detections.push(detectionFor(route, verdict, entry.file.path, routes));
    }
    return detections;
  } finally {
    tree.delete();
  }
}

export const authAnalyzer: Analyzer = {
  name: "auth",
  async analyze(context) {
    const urls = await collectDjangoUrls(context);
    const addedByFile = new Map(context.files.map((f) => [f.file.path, f.added] as const));
    const detections: Detection[] = [];
    for (const entry of context.files) {
      try {
        detections.push(...(await analyzeFile(entry, context, urls, addedByFile)));
      } catch (error) {
        context.note({ path: entry.file.path, kind: "unparseable", message: `${entry.file.path}: the auth analyzer could not read it (${error instanceof Error ? error.message : String(error)}); its routes were not checked for auth gates.` });
      }
    }
    return detections;
  },
};
