#!/usr/bin/env node
// `npm start`: builds the rules, applies the D1 migrations to the local database, and runs the Worker in
// workerd through `wrangler dev` with local D1 and Queues. Without App credentials in .dev.vars it talks to the
// in-process GitHub sandbox (fixtures/sandbox/seed.ts); `npm run replay` then sends it a sample webhook.
import { spawnSync, spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";

const run = (args) => {
  const result = spawnSync("npx", args, { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
const devVars = existsSync(".dev.vars") ? readFileSync(".dev.vars", "utf8") : "";
const realApp = /^GITHUB_APP_ID\s*=/m.test(devVars) && /^GITHUB_PRIVATE_KEY\s*=/m.test(devVars);
// The sandbox lives in memory, so its D1 starts empty too: check-run ids from an earlier run would point nowhere.
const stateDir = realApp ? ".wrangler/state" : ".wrangler/sandbox-state";
if (!realApp) rmSync(stateDir, { recursive: true, force: true });

run(["node", "scripts/build-rules.mjs"]);
run(["wrangler", "d1", "migrations", "apply", "gatehouse", "--local", "--persist-to", stateDir]);
const vars = realApp ? [] : ["--var", "GATEHOUSE_SANDBOX:1", "--var", "GITHUB_WEBHOOK_SECRET:gatehouse-dev-secret"];
console.log(realApp ? "Gatehouse: using the GitHub App in .dev.vars" : "Gatehouse: no App credentials in .dev.vars; GitHub is the local sandbox. Try `npm run replay` in another terminal.");
const dev = spawn("npx", ["wrangler", "dev", "--local", "--persist-to", stateDir, "--ip", "127.0.0.1", "--port", process.env.GATEHOUSE_PORT ?? "8787", ...vars, ...process.argv.slice(2)], { stdio: "inherit" });
dev.on("exit", (code) => process.exit(code ?? 0));
