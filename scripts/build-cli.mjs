#!/usr/bin/env node
// Bundles the Node entry points (TypeScript in src/) for Node 20, which cannot run TypeScript itself: the CLI
// and its code-cache loader, the scan worker, the scan core for the benchmarks, and the evaluation command.
// Dependencies are bundled in: resolving and loading some 80 modules from node_modules cost the CLI about
// 130 ms of its start-up. Left external: web-tree-sitter in the ES module bundles (its ES build declares a
// `require` of its own, which a bundle's would collide with), dockerfile-ast in the ES module bundles (loaded
// only when a PR has a Dockerfile; the CLI bundles both, below), and the peers the evaluation runs (dev tools).
import { build } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * zod's `z.locales` namespace pulls its 40-odd error-message translations (about 360 KB of source, a tenth of
 * the CLI bundle) into every bundle that imports `z`. Gatehouse's messages are English; the English locale,
 * which zod configures by default, stays.
 */
const englishZodOnly = {
  name: "english-zod-only",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)[\\/]/.test(args.importer) ? { path: "zod-locales-en-only", namespace: "gatehouse" } : undefined,
    );
    build.onLoad({ filter: /^zod-locales-en-only$/, namespace: "gatehouse" }, () => ({
      contents: `export { default as en } from ${JSON.stringify(join(root, "node_modules/zod/v4/locales/en.js"))};`,
      resolveDir: root,
    }));
  },
};
/**
 * The CLI loads semver, yaml, smol-toml and picomatch on first use instead of at start: a scan of JS/TS files
 * needs none of the first three (they serve package manifests, YAML config and IaC, Cargo and pyproject files),
 * and a small diff often no glob; evaluating them cost every start about 15 ms (CPU profile of the bundle's
 * load). Each is replaced, for the CLI bundle only, by a module with the same exports that requires the package
 * when one is first called; an import of any other name fails the build. `new LineCounter()` gets the package's own object, so its type and methods are the package's.
 */
const LAZY_PACKAGES = {
  semver: "export default new Proxy({}, { get: (_, key) => load()[key] });",
  yaml: [
    "export function isMap(node) { return load().isMap(node); }",
    "export function isSeq(node) { return load().isSeq(node); }",
    "export function parseDocument(...args) { return load().parseDocument(...args); }",
    "export function LineCounter() { return new (load().LineCounter)(); }",
  ].join("\n"),
  "smol-toml": "export function parse(...args) { return load().parse(...args); }",
  // Called (`picomatch(globs)`) and read (`picomatch.makeRe`): rule path globs, ignores and agent-scope paths.
  picomatch: "export default new Proxy(function picomatch() {}, { apply: (_, self, args) => load()(...args), get: (_, key) => load()[key] });",
};
const lazyPackages = {
  name: "lazy-packages",
  setup(build) {
    const filter = new RegExp(`^(${Object.keys(LAZY_PACKAGES).join("|")})$`);
    build.onResolve({ filter }, (args) => (args.namespace === "lazy-package" ? undefined : { path: args.path, namespace: "lazy-package" }));
    build.onLoad({ filter: /.*/, namespace: "lazy-package" }, (args) => ({
      contents: `let loaded;\nconst load = () => (loaded ??= require(${JSON.stringify(args.path)}));\n${LAZY_PACKAGES[args.path]}\n`,
      resolveDir: root,
    }));
  },
};
const shared = {
  outdir: join(root, "dist"),
  bundle: true,
  platform: "node",
  target: "node20",
  external: [
    "web-tree-sitter",
    "dockerfile-ast",
    "eslint",
    "eslint-plugin-security",
    "@microsoft/eslint-plugin-sdl",
    "@typescript-eslint/parser",
    "@secretlint/*",
  ],
  plugins: [englishZodOnly],
  sourcemap: true,
  logLevel: "warning",
};
await build({
  ...shared,
  entryPoints: { core: join(root, "src/node/bench-entry.ts"), eval: join(root, "src/eval/main.ts"), "scan-worker": join(root, "src/node/scan-worker.ts"), "code-cache": join(root, "src/node/code-cache.ts") },
  outExtension: { ".js": ".mjs" },
  format: "esm",
  // Bundled CommonJS dependencies call require() for Node's built-ins; an ES module has none of its own.
  banner: { js: 'import { createRequire as __gatehouseCreateRequire } from "node:module"; const require = __gatehouseCreateRequire(import.meta.url);' },
});
// The CLI is CommonJS so that bin/gatehouse.mjs can load it through V8's code cache (src/node/code-cache.ts):
// Node 20 has no code cache for ES modules. Its `import.meta.url` (finding grammars/ and the scan worker) is the
// bundle's own file URL.
// The CLI bundles web-tree-sitter's CommonJS build (src/node/grammars.ts tells it where its .wasm is), so it too
// compiles from the code cache: loading it on its own cost 7-12 ms of every start. So does dockerfile-ast (with
// its language-server types), which a scan loads when the change has a Dockerfile: required from node_modules,
// it was compiled from source at every such scan, 60-90 ms.
const BUNDLED_IN_CLI = new Set(["web-tree-sitter", "dockerfile-ast"]);
await build({
  ...shared,
  external: shared.external.filter((name) => !BUNDLED_IN_CLI.has(name)),
  plugins: [...shared.plugins, lazyPackages],
  alias: { "web-tree-sitter": join(root, "node_modules/web-tree-sitter/web-tree-sitter.cjs") },
  entryPoints: { cli: join(root, "src/cli/main.ts") },
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  define: { "import.meta.url": "__gatehouseBundleUrl" },
  // `import("dockerfile-ast")` becomes a require(): V8 forgets a script's dynamic-import handler when the script
  // comes from the code cache, and dockerfile-ast is CommonJS anyway.
  supported: { "dynamic-import": false },
  banner: { js: 'const __gatehouseBundleUrl = require("node:url").pathToFileURL(__filename).href;' },
});
// The CLI's bundle is read at every start (src/node/code-cache.ts): in ASCII it decodes as latin1, ~6x faster than
// UTF-8, and V8 keeps it one byte per character. esbuild escapes strings and templates itself; what it leaves are
// comments and regular expression literals, where `\uXXXX` means the same character.
const cliPath = join(root, "dist/cli.cjs");
const cliText = readFileSync(cliPath, "utf8");
const escapeCodeUnits = (char) => Array.from({ length: char.length }, (_, i) => `\\u${char.charCodeAt(i).toString(16).padStart(4, "0")}`).join("");
writeFileSync(cliPath, cliText.replace(/[^\x00-\x7f]/gu, escapeCodeUnits));
console.log("build-cli: dist/cli.cjs, dist/code-cache.mjs, dist/core.mjs, dist/eval.mjs, dist/scan-worker.mjs");
