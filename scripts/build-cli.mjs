#!/usr/bin/env node
// Bundles the CLI (TypeScript in src/) into dist/cli.mjs for Node 20, which cannot run TypeScript itself.
// Dependencies stay external: they are installed beside it, and web-tree-sitter finds its own .wasm there.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: [join(root, "src/cli/main.ts")],
  outfile: join(root, "dist/cli.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
console.log("build-cli: dist/cli.mjs");
