#!/usr/bin/env node
// Records REAL npm registry answers into fixtures/registry/npm/ for the offline package tests.
//
//   node scripts/record-registry.mjs [--registry URL] [name ...]
//
// With names, records only those packuments (add a name to PACKAGES too, so a full re-run keeps it); without,
// re-records every name in PACKAGES and the bulk advisory request. The registry defaults to the npm CLI's.
//
// Each fixture is { request, status, recordedAt, trimmed, body }. `body` is what the registry answered, trimmed:
// a packument (often megabytes) keeps only the fields the client reads — name, dist-tags, time, maintainer
// names, and per version `deprecated` and the preinstall/install/postinstall scripts. Nothing is added or
// changed; a 404 or a 405 is recorded as it came (status, empty body). Re-run to refresh; tests read the files.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "fixtures/registry/npm");
const args = process.argv.slice(2);
const registryFlag = args.indexOf("--registry");
const registryArg = registryFlag >= 0 ? args.splice(registryFlag, 2)[1] : undefined;
const registry = (registryArg ?? execFileSync("npm", ["config", "get", "registry"], { encoding: "utf8" }).trim()).replace(/\/$/, "");

/**
 * What the tests and the evaluation corpus (fixtures/corpus/b-package-*) look up: real packages, one-letter slips
 * of popular names (expresss, expres, lodahs, crossenv), a name nobody registered, install scripts (esbuild, and
 * bufferutil outside the popular-package list). See fixtures/registry/README.md for what cannot be recorded.
 * PyPI, the Go proxy, crates.io and OSV are not reachable from the machine these were recorded on, so nothing is
 * recorded for them; the evaluation scans those PRs offline and says so (src/eval/recorded-registry.ts).
 */
const PACKAGES = [
  "express",
  "expresss",
  "expres",
  "lodash",
  "lodahs",
  "zod",
  "esbuild",
  "request",
  "left-pad",
  "chalk",
  "open",
  "crossenv",
  "bufferutil",
  "gatehouse-surely-not-a-real-pkg-4711",
];
/** One bulk advisory request for the versions the tests pin. */
const ADVISORY_QUERY = { lodash: ["4.17.15"], express: ["4.17.1"], zod: ["4.1.12"] };
const INSTALL_HOOKS = ["preinstall", "install", "postinstall"];

function trimPackument(doc) {
  const versions = {};
  for (const [version, manifest] of Object.entries(doc.versions ?? {})) {
    const kept = {};
    if (manifest.deprecated !== undefined) kept.deprecated = manifest.deprecated;
    const scripts = Object.fromEntries(Object.entries(manifest.scripts ?? {}).filter(([hook]) => INSTALL_HOOKS.includes(hook)));
    if (Object.keys(scripts).length > 0) kept.scripts = scripts;
    versions[version] = kept;
  }
  const trimmed = { name: doc.name, "dist-tags": doc["dist-tags"], time: doc.time, versions };
  if (Array.isArray(doc.maintainers)) trimmed.maintainers = doc.maintainers.map((m) => ({ name: m?.name }));
  return trimmed;
}

async function record(file, method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  const isPackument = method === "GET" && response.ok && json && typeof json === "object" && "versions" in json;
  const fixture = {
    request: { method, path: url.slice(registry.length), ...(body ? { body } : {}) },
    status: response.status,
    recordedAt: new Date().toISOString(),
    trimmed: isPackument ? "packument trimmed to name, dist-tags, time, maintainer names, per-version deprecated and install scripts" : false,
    body: isPackument ? trimPackument(json) : json,
  };
  writeFileSync(join(out, file), `${JSON.stringify(fixture, null, 1)}\n`);
  console.log(`record-registry: ${method} ${fixture.request.path} -> ${response.status} (${file})`);
}

mkdirSync(out, { recursive: true });
for (const name of args.length > 0 ? args : PACKAGES) {
  const path = name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name);
  await record(`${name.replace("/", "__")}.json`, "GET", `${registry}/${path}`);
}
if (args.length === 0) await record("advisories-bulk.json", "POST", `${registry}/-/npm/v1/security/advisories/bulk`, ADVISORY_QUERY);
