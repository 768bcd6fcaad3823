#!/usr/bin/env node
// Bundles the Node entry points (TypeScript in src/) for Node 20, which cannot run TypeScript itself: the CLI,
// the scan core for the benchmarks, and the evaluation command.
// Dependencies stay external: they are installed beside it, and web-tree-sitter finds its own .wasm there.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
await build({
  entryPoints: { cli: join(root, "src/cli/main.ts"), core: join(root, "src/node/bench-entry.ts"), eval: join(root, "src/eval/main.ts") },
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
console.log("build-cli: dist/cli.mjs, dist/core.mjs, dist/eval.mjs");
