#!/usr/bin/env node
/**
 * Writes fixtures/github/openapi-subset.json: the operations Gatehouse calls, cut from GitHub's official
 * OpenAPI description (`@octokit/openapi`, api.github.com, dereferenced). The GitHub sandbox (src/sandbox/)
 * validates every request against this file, so Gatehouse is tested against GitHub's own contract.
 *
 * The package is about 385 MB unpacked, so it is never a dependency: this script `npm pack`s it into a temp
 * directory, extracts the one description file it needs, and deletes the rest.
 *
 * Usage: node scripts/extract-openapi.mjs [--version <@octokit/openapi version>]   (default: the pinned one)
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const PINNED_VERSION = "23.0.2";
const DESCRIPTION_FILE = "generated/api.github.com.deref.json";
const OUTPUT = resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/github/openapi-subset.json");

/** Every operation Gatehouse calls. POST /graphql is absent from the REST description, so it cannot be listed. */
const OPERATIONS = [
  ["post", "/app/installations/{installation_id}/access_tokens"],
  ["get", "/repos/{owner}/{repo}"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}"],
  ["get", "/repos/{owner}/{repo}/pulls/{pull_number}/files"],
  ["get", "/repos/{owner}/{repo}/pulls"],
  ["get", "/repos/{owner}/{repo}/commits/{commit_sha}/pulls"],
  ["get", "/repos/{owner}/{repo}/contents/{path}"],
  ["post", "/repos/{owner}/{repo}/check-runs"],
  ["get", "/repos/{owner}/{repo}/check-runs/{check_run_id}"],
  ["patch", "/repos/{owner}/{repo}/check-runs/{check_run_id}"],
  ["get", "/repos/{owner}/{repo}/commits/{ref}/check-runs"],
  ["get", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["post", "/repos/{owner}/{repo}/issues/{issue_number}/comments"],
  ["patch", "/repos/{owner}/{repo}/issues/comments/{comment_id}"],
  ["post", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"],
  ["get", "/repos/{owner}/{repo}/collaborators/{username}/permission"],
  ["post", "/repos/{owner}/{repo}/issues"],
  ["patch", "/repos/{owner}/{repo}/issues/{issue_number}"],
  ["get", "/repos/{owner}/{repo}/issues"],
  ["post", "/graphql"],
];

/** Prose and samples make up most of the description; the schemas, enums and limits are what we validate. */
const DROPPED_KEYS = new Set(["description", "example", "examples", "externalDocs", "x-octokit", "x-github"]);

function parseArgs(argv) {
  const at = argv.indexOf("--version");
  return { version: at >= 0 ? argv[at + 1] : PINNED_VERSION };
}

/** `npm pack` then untar only the description file: the full package would cost minutes and 385 MB. */
function fetchDescription(version) {
  const dir = mkdtempSync(join(tmpdir(), "gatehouse-openapi-"));
  try {
    const packed = execFileSync("npm", ["pack", `@octokit/openapi@${version}`, "--json", "--pack-destination", dir], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const [{ filename, version: resolvedVersion }] = JSON.parse(packed);
    execFileSync("tar", ["-xzf", join(dir, filename), "-C", dir, `package/${DESCRIPTION_FILE}`]);
    const description = JSON.parse(readFileSync(join(dir, "package", DESCRIPTION_FILE), "utf8"));
    return { description, resolvedVersion };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Removes prose and samples. A property literally named `description` (an object inside `properties`) is a
 * schema, not prose, and must stay.
 */
function strip(value, parentKey) {
  if (Array.isArray(value)) return value.map((item) => strip(item, undefined));
  if (value === null || typeof value !== "object") return value;
  const out = {};
  for (const [key, child] of Object.entries(value)) {
    const isSchemaNamedLikeProse = parentKey === "properties";
    if (DROPPED_KEYS.has(key) && !isSchemaNamedLikeProse) continue;
    out[key] = strip(child, key);
  }
  return out;
}

/** Keeps only the success response (its schemas are what the sandbox answers with) and the JSON body. */
function subsetOperation(operation) {
  const successStatus = Object.keys(operation.responses).find((status) => status.startsWith("2"));
  const success = operation.responses[successStatus];
  const kept = {
    operationId: operation.operationId,
    summary: operation.summary,
    parameters: operation.parameters ?? [],
    responses: {
      [successStatus]: { content: success?.content ?? {} },
    },
    "x-other-statuses": Object.keys(operation.responses).filter((status) => status !== successStatus),
  };
  if (operation.requestBody) {
    kept.requestBody = {
      required: operation.requestBody.required ?? false,
      content: { "application/json": operation.requestBody.content?.["application/json"] ?? {} },
    };
  }
  return strip(kept, undefined);
}

function main() {
  const { version } = parseArgs(process.argv.slice(2));
  const { description, resolvedVersion } = fetchDescription(version);
  const paths = {};
  const skipped = [];
  for (const [method, path] of OPERATIONS) {
    const operation = description.paths[path]?.[method];
    if (!operation) {
      skipped.push(`${method.toUpperCase()} ${path}`);
      continue;
    }
    paths[path] ??= {};
    paths[path][method] = subsetOperation(operation);
  }
  const serialized = JSON.stringify(description.paths);
  if (serialized.includes('"$ref"')) throw new Error(`${DESCRIPTION_FILE} still holds $ref; expected it dereferenced`);

  const subset = {
    openapi: description.openapi,
    info: {
      title: "GitHub REST API: the operations Gatehouse calls",
      version: description.info.version,
      "x-generated-by": "scripts/extract-openapi.mjs (generated, do not edit)",
      "x-source": { package: "@octokit/openapi", version: resolvedVersion, file: DESCRIPTION_FILE },
      "x-not-in-description": skipped,
    },
    paths,
  };
  mkdirSync(dirname(OUTPUT), { recursive: true });
  writeFileSync(OUTPUT, `${JSON.stringify(subset, null, 1)}\n`);
  const count = Object.values(paths).reduce((sum, methods) => sum + Object.keys(methods).length, 0);
  console.log(`wrote ${OUTPUT}: ${count} operations from @octokit/openapi@${resolvedVersion}`);
  if (skipped.length > 0) console.log(`not in the description (skipped): ${skipped.join(", ")}`);
}

main();
