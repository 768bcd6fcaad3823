#!/usr/bin/env node
// `npm start`: builds the rules, applies the D1 migrations to the local database, and runs the Worker in
// workerd through `wrangler dev` (local D1 and Queues).
import { spawnSync, spawn } from "node:child_process";

const run = (args) => {
  const result = spawnSync("npx", args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run(["node", "scripts/build-rules.mjs"]);
run(["wrangler", "d1", "migrations", "apply", "gatehouse", "--local"]);
const dev = spawn("npx", ["wrangler", "dev", "--local", ...process.argv.slice(2)], { stdio: "inherit" });
dev.on("exit", (code) => process.exit(code ?? 0));
