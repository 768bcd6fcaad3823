/**
 * What the PR's changed files tell each other about auth. A route's gate often sits in another file: the router
 * is mounted with a gate in app.ts (`app.use('/api', requireAuth, apiRouter)`), the middleware is imported
 * from ./auth, a Django view inherits a mixin defined in mixins.py, the view's URL is in urls.py. A first pass
 * over every changed file collects these facts as plain data (no syntax nodes outlive their tree); the route
 * discovery of each file then resolves its imports and exports against them. Files the PR did not change are
 * not seen, so a gate there stays unknown.
 */
import type { Node, Tree } from "web-tree-sitter";
import { djangoUrls, type DjangoUrl } from "./django-routes.js";
import { declaresGlobalGates, emptyGlobalGates, type GlobalGates } from "./global-gates.js";
import { emptyPythonWiring, pythonWiringReads, type PythonWiring } from "./python-wiring.js";
import type { Gate } from "./route.js";
import { calleeText, descendants, namedChildren, perTree, stringValue } from "./syntax.js";
import { treeCache } from "../tree-caches.js";
import { remembered } from "../remembered.js";

/** A router exported by one changed file and mounted by another (`app.use('/api', requireAuth, router)`). */
export interface ExternalMount {
  file: string;
  line: number;
  prefix: string | undefined;
  /** Gates at the mount and gates the mounting app registered before it. */
  gates: Gate[];
  /** Middleware at the mount imported from another changed file; a gate when that file's export checks the caller. */
  importedMiddleware: Array<{ key: string; name: string; line: number }>;
}

export interface RepoWiring {
  /** Every changed path, to resolve relative imports. */
  paths: ReadonlySet<string>;
  djangoUrls: Map<string, DjangoUrl>;
  /** `path#exportName` of a middleware that checks the caller, and whether it checks a role. */
  exportedGates: Map<string, { role: boolean }>;
  /** `path#exportName` of a router, to the places other files mount it. */
  mounts: Map<string, ExternalMount[]>;
  /** `path#exportName` of a Fastify plugin wrapped in `fp(...)` whose hooks check the caller, to those gates. */
  hookPlugins: Map<string, Gate[]>;
  /** Python class name to its base names, across the changed files (mixins defined in the repository). */
  pythonClasses: Map<string, string[]>;
  /** The JS/TS files linked to another changed file (see linkedModules); the others import nothing that matters here. */
  linked?: ReadonlySet<string>;
  /** Gates declared once for the whole application (settings.py, APP_GUARD, middleware.ts). */
  global: GlobalGates;
  /** Flask blueprint hooks and FastAPI router dependencies attached in another module (see python-wiring.ts). */
  python: PythonWiring;
}

export function emptyRepoWiring(paths: ReadonlySet<string>): RepoWiring {
  return { paths, djangoUrls: new Map(), exportedGates: new Map(), mounts: new Map(), hookPlugins: new Map(), pythonClasses: new Map(), global: emptyGlobalGates(), python: emptyPythonWiring() };
}

/** Relative module specifiers a JS/TS file names in `import … from`, `export … from`, `import()` and `require()`. */
const RELATIVE_SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"'\n]*)["']/g;

/**
 * The changed JS/TS files that import or are imported by another changed file, read from the text alone. Only
 * these can export a gate another file uses or mount a router another file defines, so only these need the
 * first pass's parse: on a large change most files have no such link.
 */
export function linkedModules(files: ReadonlyArray<{ path: string; text: string }>): Set<string> {
  const paths = new Set(files.map((f) => f.path));
  const linked = new Set<string>();
  for (const { path, text } of files) {
    if (!/\.(ts|tsx|js|jsx|mjs|cjs)$/.test(path)) continue;
    for (const match of text.matchAll(RELATIVE_SPECIFIER)) {
      const target = resolveModule(path, match[1]!, paths);
      if (!target) continue;
      linked.add(path);
      linked.add(target);
    }
  }
  return linked;
}

/**
 * Does the first pass need this file's tree: JS/TS modules linked to another changed file, Python modules that
 * define classes (mixins a view elsewhere may inherit) or route URLs.
 */
export function wiringReads(path: string, text: string, linked: ReadonlySet<string>): boolean {
  if (declaresGlobalGates(path, text)) return true;
  // djangoUrls reads `path(…)`/`re_path(…)`/`url(…)` calls in any module (urls.py, or a project that routes elsewhere).
  if (/\.py$/.test(path)) return pythonWiringReads(text) || /(^|\/)urls\.py$/.test(path) || /^\s*class\s/m.test(text) || /\b(re_path|path|url)\s*\(/.test(text);
  return linked.has(path);
}

/**
 * Every quoted string that begins with `.`, as raw text between its quotes: an import source that can resolve to
 * a changed file (`./auth`, `..`, a template literal). A lookahead, so candidates may overlap and a stray quote
 * in a comment cannot swallow the next string's opening quote.
 */
const QUOTED_RELATIVE = /(?=(["'`])(\.(?:\\[\s\S]|(?!\1)[^\\])*?)\1)/g;

/**
 * Which changed files may import which, read from their text alone: every quoted string beginning with `.` that
 * resolves to a changed file. An import source is such a string, so this is a superset of what importBindings
 * binds: a file outside `importers` imports no changed file, one outside `targets` is imported by none.
 */
export interface ImportLinks {
  importers: ReadonlySet<string>;
  targets: ReadonlySet<string>;
}

export function importLinks(files: ReadonlyArray<{ path: string; text: string }>, paths: ReadonlySet<string>): ImportLinks {
  const importers = new Set<string>();
  const targets = new Set<string>();
  for (const { path, text } of files) {
    for (const match of text.matchAll(QUOTED_RELATIVE)) {
      const target = resolveModule(path, match[2]!, paths);
      if (!target) continue;
      importers.add(path);
      targets.add(target);
    }
  }
  return { importers, targets };
}

/** A changed file's view of the repository: its imports and exports resolved against the other changed files. */
export interface FileWiring {
  repo: RepoWiring;
  /** The gate a local name imports from another changed file, when that file exports a checking middleware. */
  importedGate(local: string): { role: boolean } | undefined;
  /** Where other changed files mount the router this file holds in `local`. */
  mountsOf(local: string): ExternalMount[];
  /** Where other changed files mount what this file exports as `exportName` (`default` for the default export). */
  mountsOfExport(exportName: string): ExternalMount[];
  /** The gates of an `fp(...)` plugin with auth hooks that `local` imports from another changed file. */
  importedHookPlugin(local: string): Gate[] | undefined;
  /** Local names bound to a module among the changed files (routers mounted here, middleware used here). */
  importKey(local: string): string | undefined;
  /** The file's imports from other changed files, local name to `path#exportName` (what `importKey` reads). */
  imports: ReadonlyMap<string, string>;
}

function normalize(parts: string[]): string {
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

const SOURCE_EXTENSIONS = [".ts", ".tsx", ".js", ".mjs", ".cjs", ".jsx"];

/** Resolved specifiers per set of changed paths (which never changes once built), by directory and specifier. */
const resolutions = new WeakMap<ReadonlySet<string>, Map<string, string | null>>();

/** `./routes/api.js` from `src/app.ts` to `src/routes/api.ts` when the PR changes it; bare packages resolve to nothing. */
export function resolveModule(from: string, specifier: string, paths: ReadonlySet<string>): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  // Files of one directory import the same modules: each (directory, specifier) is resolved once per path set.
  const known = remembered(resolutions, paths, () => new Map<string, string | null>());
  const dir = from.slice(0, Math.max(0, from.lastIndexOf("/")));
  return remembered(known, `${dir}\u0000${specifier}`, () => resolveFrom(dir, specifier, paths) ?? null) ?? undefined;
}

function resolveFrom(dir: string, specifier: string, paths: ReadonlySet<string>): string | undefined {
  const base = normalize([...dir.split("/"), ...specifier.split("/")]).replace(/\.(m|c)?jsx?$/, "");
  if (paths.has(base)) return base;
  for (const ext of SOURCE_EXTENSIONS) if (paths.has(base + ext)) return base + ext;
  for (const ext of SOURCE_EXTENSIONS) if (paths.has(`${base}/index${ext}`)) return `${base}/index${ext}`;
  return undefined;
}

function requireSource(node: Node | null): string | undefined {
  if (node?.type !== "call_expression" || calleeText(node) !== "require") return undefined;
  return stringValue(namedChildren(node.childForFieldName("arguments"))[0]);
}

/** Both wiring passes and the route discovery ask a file for its imports: the answer is kept per tree. */
const importsByTree = treeCache(new WeakMap<Tree, { path: string; paths: ReadonlySet<string>; bindings: Map<string, string> }>());

/**
 * Local name to `path#exportName` for imports from changed files (ESM `import` and CommonJS `require`). `root` is
 * the file's root node; the map is shared by every caller for the tree, so do not modify it.
 */
export function importBindings(root: Node, path: string, paths: ReadonlySet<string>): Map<string, string> {
  const known = importsByTree.get(root.tree);
  if (known && known.path === path && known.paths === paths) return known.bindings;
  const bindings = readImportBindings(root, path, paths);
  importsByTree.set(root.tree, { path, paths, bindings });
  return bindings;
}

function readImportBindings(root: Node, path: string, paths: ReadonlySet<string>): Map<string, string> {
  const bindings = new Map<string, string>();
  const bind = (local: string, source: string | undefined, exported: string) => {
    const target = source === undefined ? undefined : resolveModule(path, source, paths);
    if (target) bindings.set(local, `${target}#${exported}`);
  };
  for (const statement of descendants(root, ["import_statement"])) {
    const source = stringValue(statement.childForFieldName("source"));
    const clause = namedChildren(statement).find((c) => c.type === "import_clause");
    for (const part of namedChildren(clause)) {
      if (part.type === "identifier") bind(part.text, source, "default");
      if (part.type !== "named_imports") continue;
      for (const specifier of namedChildren(part).filter((s) => s.type === "import_specifier")) {
        const name = specifier.childForFieldName("name")?.text;
        const alias = specifier.childForFieldName("alias")?.text;
        if (name) bind(alias ?? name, source, name);
      }
    }
  }
  // `require(...)` spells the word: an ES module's declarators need no reading.
  const declarators = root.text.includes("require") ? descendants(root, ["variable_declarator"]) : [];
  for (const declarator of declarators) {
    const source = requireSource(declarator.childForFieldName("value"));
    const name = declarator.childForFieldName("name");
    if (source === undefined || !name) continue;
    if (name.type === "identifier") bind(name.text, source, "default");
    for (const part of name.type === "object_pattern" ? namedChildren(name) : []) {
      if (part.type === "shorthand_property_identifier_pattern") bind(part.text, source, part.text);
      if (part.type === "pair_pattern") {
        const key = part.childForFieldName("key")?.text;
        const value = part.childForFieldName("value");
        if (key && value?.type === "identifier") bind(value.text, source, key);
      }
    }
  }
  return bindings;
}

const exportsByTree = treeCache(new WeakMap<Tree, Map<string, string[]>>());

/**
 * Local name to the names other modules import it by (`export const r`, `export default r`, `module.exports = { r }`).
 * `root` is the file's root node; the answer is kept per tree (the exports pass and the discovery both ask), so
 * do not modify it.
 */
export function exportNames(root: Node): Map<string, string[]> {
  return perTree(exportsByTree, root, () => readExportNames(root));
}

/**
 * Whether a JS/TS file can export anything, from its text alone: ES exports, `module.exports` and `exports.x`
 * all spell the word. Both the wiring's exports pass (before parsing) and readExportNames (before walking) ask.
 */
export function mayExport(text: string): boolean {
  return text.includes("export");
}

function readExportNames(root: Node): Map<string, string[]> {
  const names = new Map<string, string[]>();
  const text = root.text;
  // Most files asked (every file with a route) export nothing.
  if (!mayExport(text)) return names;
  const add = (local: string, exported: string) => names.set(local, [...(names.get(local) ?? []), exported]);
  for (const statement of namedChildren(root)) {
    if (statement.type === "export_statement") {
      const isDefault = statement.children.some((c) => c?.type === "default");
      const declaration = statement.childForFieldName("declaration");
      const value = statement.childForFieldName("value");
      if (declaration?.type === "lexical_declaration" || declaration?.type === "variable_declaration") {
        for (const declarator of namedChildren(declaration)) {
          const name = declarator.childForFieldName("name");
          if (name?.type === "identifier") add(name.text, name.text);
        }
      } else if (declaration) {
        const name = declaration.childForFieldName("name")?.text;
        if (name) add(name, isDefault ? "default" : name);
      }
      if (isDefault && value?.type === "identifier") add(value.text, "default");
      for (const clause of namedChildren(statement).filter((c) => c.type === "export_clause")) {
        for (const specifier of namedChildren(clause)) {
          const name = specifier.childForFieldName("name")?.text;
          const alias = specifier.childForFieldName("alias")?.text;
          if (name) add(name, alias ?? name);
        }
      }
    }
  }
  // `module.exports = …` and `exports.x = …` spell the word: an ES module's assignments need no reading.
  const assignments = text.includes("exports") ? descendants(root, ["assignment_expression"]) : [];
  for (const assignment of assignments) {
    const left = assignment.childForFieldName("left")?.text.replace(/\s+/g, "") ?? "";
    const right = assignment.childForFieldName("right");
    if (!right) continue;
    if (left === "module.exports") {
      if (right.type === "identifier") add(right.text, "default");
      for (const part of right.type === "object" ? namedChildren(right) : []) {
        if (part.type === "shorthand_property_identifier") add(part.text, part.text);
        const key = part.type === "pair" ? part.childForFieldName("key")?.text : undefined;
        const value = part.type === "pair" ? part.childForFieldName("value") : null;
        if (key && value?.type === "identifier") add(value.text, key);
      }
    }
    const member = /^(?:module\.)?exports\.(\w+)$/.exec(left);
    if (member?.[1] && right.type === "identifier") add(right.text, member[1]);
  }
  return names;
}

export function fileWiring(repo: RepoWiring, root: Node, path: string): FileWiring {
  const imports = repo.linked && !repo.linked.has(path) ? new Map<string, string>() : importBindings(root, path, repo.paths);
  let exports: Map<string, string[]> | undefined;
  const keysOf = (local: string) => (exports ??= exportNames(root)).get(local)?.map((name) => `${path}#${name}`) ?? [];
  const mountsAt = (key: string): ExternalMount[] =>
        (repo.mounts.get(key) ?? []).map((mount) => ({
          ...mount,
          gates: [
            ...mount.gates,
            ...mount.importedMiddleware.flatMap((m) => {
              const gate = repo.exportedGates.get(m.key);
              return gate ? [{ name: m.name, kind: "mount" as const, line: m.line, role: gate.role }] : [];
            }),
          ],
        }));
  return {
    repo,
    importedGate: (local) => {
      const key = imports.get(local);
      return key ? repo.exportedGates.get(key) : undefined;
    },
    mountsOf: (local) => keysOf(local).flatMap(mountsAt),
    mountsOfExport: (exportName) => mountsAt(`${path}#${exportName}`),
    importedHookPlugin: (local) => {
      const key = imports.get(local);
      return key ? repo.hookPlugins.get(key) : undefined;
    },
    importKey: (local) => imports.get(local),
    imports,
  };
}

/** Python classes and their bases, for mixins a view inherits from another changed module. */
export function collectPythonClasses(repo: RepoWiring, root: Node): void {
  for (const definition of descendants(root, ["class_definition"])) {
    const name = definition.childForFieldName("name")?.text;
    const superclasses = definition.childForFieldName("superclasses");
    if (!name || !superclasses) continue;
    const bases = namedChildren(superclasses)
      .filter((b) => b.type === "identifier" || b.type === "attribute")
      .map((b) => b.text.split(".").pop() ?? b.text);
    if (!repo.pythonClasses.has(name)) repo.pythonClasses.set(name, bases);
  }
}

export function collectDjangoUrls(repo: RepoWiring, root: Node, path: string): void {
  if (!/(^|\/)urls\.py$/.test(path)) return;
  for (const [name, url] of djangoUrls(root, path)) repo.djangoUrls.set(name, url);
}
