#!/usr/bin/env node
// `npm run eval`: runs the evaluation (src/eval/main.ts, bundled into dist/eval.mjs by `npm run build`).
// Dependencies stay external, so the peers (dev dependencies) load from node_modules.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(root);
// `npm run eval | head` closes the pipe early; that is not an evaluation failure.
process.stdout.on("error", (error) => {
  if (error.code !== "EPIPE") throw error;
});
const { main } = await import(pathToFileURL(join(root, "dist/eval.mjs")).href);
process.exitCode = await main(process.argv.slice(2));
