/**
 * The first pass over a JS/TS file for the repository wiring (see wiring.ts): the middleware it exports that
 * checks the caller, and the routers it mounts that another changed file exports, with the gates that run first.
 */
import type { Node } from "web-tree-sitter";
import { leadingAuthCheck } from "./handler-checks.js";
import { fileCalls, findMiddlewareByName, gatesBefore } from "./js-call-routes.js";
import { joinPaths } from "./path-params.js";
import { lineOf } from "./route.js";
import { descendants, namedChildren } from "./syntax.js";
import { fastifyScopeGates, pluginFunction, sameNode, type FastifyFile } from "./fastify-scopes.js";
import type { GateVocabulary } from "./vocabulary.js";
import { exportNames, importBindings, type FileWiring, type RepoWiring } from "./wiring.js";

/** The middleware this file exports that checks the caller. Runs for every file before any `collectJsMounts`. */
export function collectJsExports(repo: RepoWiring, root: Node, path: string, vocabulary: GateVocabulary): void {
  const exported = exportNames(root);
  for (const [local, names] of exported) {
    const fn = findMiddlewareByName(root, local);
    const check = fn && isMiddlewareShaped(fn) ? leadingAuthCheck(fn, vocabulary, { middleware: true }) : undefined;
    if (check) for (const name of names) repo.exportedGates.set(`${path}#${name}`, { role: check.role || vocabulary.isRoleGate(local) });
  }
  collectHookPlugins(repo, root, path, vocabulary, exported);
}

/** Exported `fp(...)` plugins whose hooks check the caller: registering one gates the registering scope. */
function collectHookPlugins(repo: RepoWiring, root: Node, path: string, vocabulary: GateVocabulary, exported: Map<string, string[]>): void {
  // Most modules hold no Fastify hook at all; the text says so before any walk of the tree.
  if (!/\baddHook\s*\(/.test(root.text)) return;
  const { fastify } = fileCalls(root, vocabulary);
  if (!fastify || fastify.hooks.length === 0) return;
  const candidates: Array<{ value: Node; names: string[] }> = [];
  for (const statement of namedChildren(root)) {
    const value = statement.type === "export_statement" && statement.children.some((c) => c?.type === "default") ? statement.childForFieldName("value") : null;
    if (value?.type === "call_expression") candidates.push({ value, names: ["default"] });
  }
  for (const declarator of descendants(root, ["variable_declarator"])) {
    const names = exported.get(declarator.childForFieldName("name")?.text ?? "");
    const value = declarator.childForFieldName("value");
    if (names && value?.type === "call_expression") candidates.push({ value, names });
  }
  for (const { value, names } of candidates) {
    const { fn, sharesScope } = pluginFunction(value, root);
    const gates = sharesScope && fn ? fastify.hooks.filter((hook) => sameNode(hook.scope, fn)).flatMap((hook) => hook.gates) : [];
    if (gates.length > 0) for (const name of names) repo.hookPlugins.set(`${path}#${name}`, gates);
  }
}

/** `app.register(orders, { prefix: "/orders" })` where `orders` is a route plugin another changed file exports. */
function collectFastifyMounts(repo: RepoWiring, path: string, fastify: FastifyFile, imports: Map<string, string>): void {
  for (const registration of fastify.registrations) {
    const key = registration.imported ? imports.get(registration.imported) : undefined;
    if (!key || repo.hookPlugins.has(key)) continue;
    const scoped = fastifyScopeGates(fastify, registration.scope, registration.node.startIndex);
    const prefix = [...scoped.prefixes, registration.prefix].reduce<string | undefined>((acc, p) => (p === undefined ? acc : joinPaths(acc, p)), undefined);
    const gates = [...scoped.gates, ...scoped.external.flatMap((m) => m.gates)].map((g) => ({ ...g, kind: "mount" as const }));
    const mount = { file: path, line: lineOf(registration.node), prefix, gates, importedMiddleware: [] };
    repo.mounts.set(key, [...(repo.mounts.get(key) ?? []), mount]);
  }
}

/**
 * The routers this file mounts that another changed file exports, with the gates that run first. A gate imported
 * from another changed file is known only once that file's exports are collected, hence the two passes.
 */
export function collectJsMounts(repo: RepoWiring, root: Node, path: string, vocabulary: GateVocabulary): void {
  const imports = importBindings(root, path, repo.paths);
  if (imports.size === 0) return;
  const wiring: FileWiring = {
    repo,
    importedGate: (local) => {
      const key = imports.get(local);
      return key ? repo.exportedGates.get(key) : undefined;
    },
    mountsOf: () => [],
    mountsOfExport: () => [],
    importedHookPlugin: (local) => {
      const key = imports.get(local);
      return key ? repo.hookPlugins.get(key) : undefined;
    },
    importKey: (local) => imports.get(local),
    imports,
  };
  const { uses, fastify } = fileCalls(root, vocabulary, wiring);
  if (fastify) collectFastifyMounts(repo, path, fastify, imports);
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

