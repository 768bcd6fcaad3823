/**
 * The first pass over a JS/TS file for the repository wiring (see wiring.ts): the middleware it exports that
 * checks the caller, and the routers it mounts that another changed file exports, with the gates that run first.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { fileCalls, findMiddlewareByName, gatesBefore } from "./js-call-routes.js";
import { joinPaths } from "./path-params.js";
import { lineOf } from "./route.js";
import { namedChildren } from "./syntax.js";
import type { GateVocabulary } from "./vocabulary.js";
import { exportNames, importBindings, type FileWiring, type RepoWiring } from "./wiring.js";

/** The middleware this file exports that checks the caller. Runs for every file before any `collectJsMounts`. */
export function collectJsExports(repo: RepoWiring, root: Node, path: string, vocabulary: GateVocabulary): void {
  for (const [local, names] of exportNames(root)) {
    const fn = findMiddlewareByName(root, local);
    const check = fn && isMiddlewareShaped(fn) ? leadingAuthCheck(fn, vocabulary, { middleware: true }) : undefined;
    if (check) for (const name of names) repo.exportedGates.set(`${path}#${name}`, { role: check.role || vocabulary.isRoleGate(local) });
  }
}

/**
 * The routers this file mounts that another changed file exports, with the gates that run first. A gate imported
 * from another changed file is known only once that file's exports are collected, hence the two passes.
 */
export function collectJsMounts(repo: RepoWiring, root: Node, path: string, vocabulary: GateVocabulary): void {
  const imports = importBindings(root, path, repo.paths);
  if (imports.size === 0) return;
  const wiring: FileWiring = { repo, importedGate: (local) => { const key = imports.get(local); return key ? repo.exportedGates.get(key) : undefined; }, mountsOf: () => [], importKey: (local) => imports.get(local) };
  const { uses } = fileCalls(root, vocabulary, wiring);
  for (const use of uses) {
    for (const mounted of use.mounts) {
      const key = imports.get(mounted);
      if (!key) continue;
      const before = gatesBefore(uses, use.receiver, use.node, joinPaths(use.prefix, "/")).map((g) => ({ ...g, kind: "mount" as const }));
      const importedMiddleware = use.importedMiddleware.flatMap((m) => {
        const middlewareKey = imports.get(m.local);
        return middlewareKey ? [{ key: middlewareKey, name: m.local, line: m.line }] : [];
      });
      const mount = { file: path, line: lineOf(use.node), prefix: use.prefix, gates: [...before, ...use.gates.map((g) => ({ ...g, kind: "mount" as const }))], importedMiddleware };
      repo.mounts.set(key, [...(repo.mounts.get(key) ?? []), mount]);
    }
  }
}

/** `(req, res, next)`, `(c, next)`, `(ctx, next)`, `(request, reply)`: a function that can run before a handler. */
function isMiddlewareShaped(fn: Node): boolean {
  const parameters = namedChildren(fn.childForFieldName("parameters"));
  return parameters.length >= 2;
}

