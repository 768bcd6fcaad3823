#!/usr/bin/env node
// Bundles the CLI (TypeScript in src/) into dist/cli.mjs for Node 20, which cannot run TypeScript itself.
// Dependencies stay external: they are installed beside it, and web-tree-sitter finds its own .wasm there.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: { cli: join(root, "src/cli/main.ts"), core: join(root, "src/node/bench-entry.ts") },
  outdir: join(root, "dist"),
  outExtension: { ".js": ".mjs" },
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("build-cli: dist/cli.mjs, dist/core.mjs");
