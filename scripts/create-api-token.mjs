#!/usr/bin/env node
/**
 * Makes a queue API token for one installation: prints the token ONCE (store it in the batch driver's secrets
 * as GATEHOUSE_API_TOKEN) and the `wrangler d1 execute` command that stores its SHA-256 in D1. Gatehouse never
 * keeps the token itself, so a lost token is replaced, not recovered.
 *
 * Usage: node scripts/create-api-token.mjs --installation ID [--label TEXT] [--remote] [--database NAME]
 *   --installation  the GitHub App installation id whose repositories the token may read
 *   --label         a note for whoever reads the table later (e.g. "batch driver, ci")
 *   --remote        print the command for the deployed database (default: the local one `npm start` uses)
 *   --database      the D1 database name (default: database_name in wrangler.toml)
 *
 * To revoke a token: UPDATE api_tokens SET revoked_at = datetime('now') WHERE token_hash = '<hash>';
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const USAGE = "usage: node scripts/create-api-token.mjs --installation ID [--label TEXT] [--remote] [--database NAME]";

function fail(message) {
  console.error(`create-api-token: ${message}\n${USAGE}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({ options: { installation: { type: "string" }, label: { type: "string" }, remote: { type: "boolean" }, database: { type: "string" }, help: { type: "boolean", short: "h" } } }));
} catch (error) {
  fail(error.message.split("\n")[0]);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (!values.installation || !/^[1-9]\d*$/.test(values.installation)) fail(`--installation must be the numeric installation id (got \`${values.installation ?? "nothing"}\`)`);
// The label ends up inside a quoted shell argument and an SQL string: keep it to characters safe in both.
if (values.label !== undefined && !/^[\w .,:@()/-]{1,100}$/.test(values.label)) fail("--label may use letters, digits, spaces and . , : @ ( ) / - (at most 100)");

function databaseFromWranglerToml() {
  try {
    const toml = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), "../wrangler.toml"), "utf8");
    return /^\s*database_name\s*=\s*"([^"]+)"/m.exec(toml)?.[1];
  } catch {
    return undefined;
  }
}

const database = values.database ?? databaseFromWranglerToml() ?? "gatehouse";
// 32 random bytes: guessing is hopeless, and the prefix makes a leaked token easy to recognise and grep for.
const token = `gatehouse_${randomBytes(32).toString("base64url")}`;
const hash = createHash("sha256").update(token).digest("hex");
const label = values.label ?? "";
const sql = `INSERT INTO api_tokens (token_hash, installation_id, label, created_at) VALUES ('${hash}', ${values.installation}, ${label ? `'${label}'` : "NULL"}, '${new Date().toISOString()}');`;
const where = values.remote ? "--remote" : "--local";

console.log(`Token for installation ${values.installation} (shown once; store it as GATEHOUSE_API_TOKEN):

  ${token}

Store its hash in D1 (${values.remote ? "the deployed database" : "the local database"}):

  npx wrangler d1 execute ${database} ${where} --command "${sql}"

Then: GATEHOUSE_API_TOKEN=<the token> gatehouse queue --repo OWNER/NAME --url https://YOUR-WORKER`);
