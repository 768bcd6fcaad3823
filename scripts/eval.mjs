#!/usr/bin/env node
// `npm run eval`: bundles src/eval/main.ts (TypeScript, which Node 20 cannot run itself) into dist/eval.mjs with
// esbuild, then runs it. Dependencies stay external, so the peers (dev dependencies) load from node_modules.
import { build } from "esbuild";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "dist/eval.mjs");
await build({
  entryPoints: [join(root, "src/eval/main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  sourcemap: true,
  logLevel: "warning",
});
process.chdir(root);
// `npm run eval | head` closes the pipe early; that is not an evaluation failure.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
});
const { main } = await import(pathToFileURL(outfile).href);
process.exitCode = await main(process.argv.slice(2));
