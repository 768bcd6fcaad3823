#!/usr/bin/env node
// The CLI bundle runs through V8's code cache (src/node/code-cache.ts), saved after the command for the next run.
import { fileURLToPath } from "node:url";
import { loadWithCodeCache } from "../dist/code-cache.mjs";

const cli = loadWithCodeCache(fileURLToPath(new URL("../dist/cli.cjs", import.meta.url)));
process.exitCode = await cli.exports.main(process.argv.slice(2));
cli.saveCodeCache();
