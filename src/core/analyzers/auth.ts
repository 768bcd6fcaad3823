/**
 * The auth-gate analyzer: for every route the PR adds or changes (its registration or its handler touches an
 * added line), decides from the whole file whether an auth gate protects it, and reports routes anyone can
 * call (`auth/unprotected-route`), admin routes with no role check (`auth/missing-role-check`) and records
 * loaded by a caller-chosen id without relating them to the caller (`auth/bola`). Routes in untouched
 * regions or files are never reported.
 */
import type { Node, Tree } from "web-tree-sitter";
import { detectionFor } from "../auth/detection.js";
import { collectWiring, discoverRoutes, readsForRoutes, routeLanguage, wiringPlanFor } from "../auth/discover.js";
import { endLineOf, lineOf, type Route } from "../auth/route.js";
import { judgeRoute } from "../auth/verdict.js";
import { gateVocabulary } from "../auth/vocabulary.js";
import { emptyRepoWiring, type RepoWiring } from "../auth/wiring.js";
import type { Analyzer, AnalyzerContext, AnalyzerFile, Detection } from "./analyzer.js";
import { touchesAddedLines } from "./rules.js";
import { freeTree } from "../tree-caches.js";

function touched(route: Route, added: ReadonlySet<number>, addedByFile: Map<string, ReadonlySet<number>>): boolean {
  const spans: Node[] = [route.node, ...route.extraSpans, ...route.handlers];
  if (spans.some((span) => touchesAddedLines(added, lineOf(span), endLineOf(span)))) return true;
  return !!route.wiredAt && !!addedByFile.get(route.wiredAt.file)?.has(route.wiredAt.line);
}

/**
 * Source bytes of out-of-batch trees the exports pass may keep for the mounts pass, which would otherwise parse
 * them again (parsing costs about half a second per MB). A tree takes some 30 bytes of WebAssembly memory per
 * source byte, which is never given back, so this is capped at one batch's worth (about 2 to 3 MB).
 */
const KEPT_TREE_BYTES = 64 * 1024;

/** Trees of files outside the batch, kept from the exports pass for the mounts pass within KEPT_TREE_BYTES. */
class KeptTrees {
  private readonly trees = new Map<AnalyzerFile, Tree>();
  private room = KEPT_TREE_BYTES;

  take(entry: AnalyzerFile): Tree | undefined {
    const tree = this.trees.get(entry);
    this.trees.delete(entry);
    return tree;
  }

  /** Keeps the tree if it fits; false when the caller must free it. */
  keep(entry: AnalyzerFile, tree: Tree): boolean {
    if (entry.text.length > this.room) return false;
    this.room -= entry.text.length;
    this.trees.set(entry, tree);
    return true;
  }

  release(): void {
    for (const tree of this.trees.values()) freeTree(tree);
    this.trees.clear();
  }
}

/**
 * What the changed files tell each other (Django urls.py, routers mounted with a gate in another file, imported
 * middleware, mixins defined in the repository; see auth/wiring.ts): built once per scan, from only the files
 * that can contribute. A file outside the current batch is parsed here and freed after its last pass (or
 * right away when the kept trees are at their budget), so a large change never holds every tree at once.
 */
async function collectRepoWiring(context: AnalyzerContext): Promise<RepoWiring> {
  const plan = await wiringPlanFor(context);
  const wiring = emptyRepoWiring(plan.paths);
  wiring.linked = plan.linked;
  const vocabulary = gateVocabulary(context.config.auth.gates);
  const inBatch = new Set(context.files);
  const { readers, needsTree } = plan;
  const kept = new KeptTrees();
  try {
    for (const pass of ["exports", "mounts"] as const) {
      for (const entry of readers) {
        if (!needsTree(entry, pass)) continue;
        const language = routeLanguage(entry.file.path)!;
        if (inBatch.has(entry)) {
          const tree = await context.trees.get(entry.file.path, language, entry.text);
          collectWiring(wiring, tree.rootNode, entry.file.path, language, vocabulary, pass);
          continue;
        }
        const tree = kept.take(entry) ?? (await context.engine.parse(language, entry.text));
        let keptForMounts = false;
        try {
          collectWiring(wiring, tree.rootNode, entry.file.path, language, vocabulary, pass);
          keptForMounts = pass === "exports" && needsTree(entry, "mounts") && kept.keep(entry, tree);
        } finally {
          if (!keptForMounts) freeTree(tree);
        }
      }
    }
  } finally {
    kept.release();
  }
  return wiring;
}

async function analyzeFile(entry: AnalyzerFile, context: AnalyzerContext, urls: RepoWiring, addedByFile: Map<string, ReadonlySet<number>>): Promise<Detection[]> {
  if (!readsForRoutes(entry.file.path, entry.text, entry.added.size)) return [];
  const language = routeLanguage(entry.file.path)!;
  const tree = await context.trees.get(entry.file.path, language, entry.text);
  const vocabulary = gateVocabulary(context.config.auth.gates);
  const routes = discoverRoutes(tree.rootNode, entry.file.path, language, vocabulary, urls);
  const detections: Detection[] = [];
  for (const route of routes) {
    if (!touched(route, entry.added, addedByFile)) continue;
    const verdict = judgeRoute(route, context.config.auth.public);
    if (verdict) detections.push(detectionFor(route, verdict, entry.file.path, routes));
  }
  return detections;
}

export const authAnalyzer: Analyzer = {
  name: "auth",
  perFile: true,
  async analyze(context) {
    const urls = await context.memo("auth:repo-wiring", () => collectRepoWiring(context));
    const addedByFile = await context.memo("auth:added-lines", async () => new Map(context.allFiles.map((f) => [f.file.path, f.added] as const)));
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
