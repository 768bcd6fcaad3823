/**
 * A fake `fetch` that answers from the real npm registry answers recorded in fixtures/registry/npm/ by
 * scripts/record-registry.mjs, and counts every request. A name without a recording gets the registry's recorded
 * answer for an unregistered name (404) when `unknownAs404` is set, else an error: tests never invent packuments.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import semver from "semver";
import { parseUnifiedDiff } from "../src/core/diff.js";
import type { ChangeSet } from "../src/core/changes.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/registry/npm");
export const REGISTRY = "https://registry.test";

interface Recorded {
  request: { method: string; path: string };
  status: number;
  body: unknown;
}

export function recorded(file: string): Recorded {
  return JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as Recorded;
}

const recordings = new Map<string, Recorded>();
for (const file of readdirSync(FIXTURES)) {
  const fixture = recorded(file);
  recordings.set(`${fixture.request.method} ${fixture.request.path}`, fixture);
}

export interface FakeRegistry {
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  calls: Array<{ method: string; path: string; body?: unknown }>;
  packumentCalls(): number;
  advisoryCalls(): number;
}

export interface FakeOptions {
  unknownAs404?: boolean;
  /** Overrides the recorded answer of the bulk advisory endpoint (the recording is the registry's real 405). */
  bulk?: (body: Record<string, string[]>) => { status: number; body: unknown };
  /** Changes a recorded packument before it is served, for a field the reachable registry does not send. */
  transform?: (path: string, body: unknown) => unknown;
}

function respond(status: number, body: unknown): Response {
  return new Response(body === null || body === undefined ? null : JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}

export function fakeRegistry(options: FakeOptions = {}): FakeRegistry {
  const calls: FakeRegistry["calls"] = [];
  const notFound = recorded("gatehouse-surely-not-a-real-pkg-4711.json");
  return {
    calls,
    packumentCalls: () => calls.filter((c) => c.method === "GET").length,
    advisoryCalls: () => calls.filter((c) => c.path.includes("/security/advisories/bulk")).length,
    async fetch(input, init) {
      const method = init?.method ?? "GET";
      const path = input.slice(REGISTRY.length);
      const body = typeof init?.body === "string" ? (JSON.parse(init.body) as Record<string, string[]>) : undefined;
      calls.push({ method, path, ...(body ? { body } : {}) });
      if (path.endsWith("/security/advisories/bulk") && options.bulk && body) {
        const answer = options.bulk(body);
        return respond(answer.status, answer.body);
      }
      const fixture = recordings.get(`${method} ${path}`);
      if (fixture) return respond(fixture.status, options.transform ? options.transform(path, fixture.body) : fixture.body);
      if (method === "GET" && options.unknownAs404) return respond(notFound.status, notFound.body);
      throw new TypeError(`no recorded registry answer for ${method} ${path}`);
    },
  };
}

const OSV_FIXTURES = join(import.meta.dirname, "../fixtures/registry/osv");
export const OSV = "https://osv.test";

interface OsvRecord {
  id: string;
  modified: string;
  affected: Array<{ package: { ecosystem: string; name: string }; ranges?: Array<{ events: Array<Record<string, string>> }> }>;
}

/**
 * Real OSV records of the lodash advisories, as GitHub publishes them in github/advisory-database (copied into
 * fixtures/registry/osv/, each with its source path and commit): what OSV serves at GET /v1/vulns/{id}.
 */
export const OSV_RECORDS: OsvRecord[] = readdirSync(OSV_FIXTURES).map((file) => (JSON.parse(readFileSync(join(OSV_FIXTURES, file), "utf8")) as { body: OsvRecord }).body);

function affects(record: OsvRecord, ecosystem: string, name: string, version: string): boolean {
  return record.affected.some(
    (a) =>
      a.package.ecosystem === ecosystem &&
      a.package.name === name &&
      (a.ranges ?? []).some((range) => {
        let inside = false;
        for (const event of range.events) {
          if (event.introduced !== undefined) inside = event.introduced === "0" || semver.gte(version, event.introduced);
          else if (event.fixed !== undefined && semver.gte(version, event.fixed)) inside = false;
          else if (event.last_affected !== undefined && semver.gt(version, event.last_affected)) inside = false;
        }
        return inside;
      }),
  );
}

export interface FakeOsv {
  fetch: (input: string, init?: RequestInit) => Promise<Response>;
  calls: Array<{ method: string; path: string }>;
  batchCalls(): number;
}

/**
 * A stand-in for api.osv.dev over OSV_RECORDS. GET /v1/vulns/{id} serves the copied record. POST /v1/querybatch
 * is answered by matching each query against the records' ranges, in the shape OSV documents for that endpoint
 * (`{ results: [{ vulns: [{ id, modified }] }] }`): BUILT here, NOT a recording (OSV is unreachable from the
 * machine the fixtures were made on). A package with no copied record reads as having no advisories, so only
 * lodash's answers mean anything.
 */
export function fakeOsv(): FakeOsv {
  const calls: FakeOsv["calls"] = [];
  return {
    calls,
    batchCalls: () => calls.filter((c) => c.path === "/v1/querybatch").length,
    async fetch(input, init) {
      const method = init?.method ?? "GET";
      const path = input.slice(OSV.length);
      calls.push({ method, path });
      if (method === "POST" && path === "/v1/querybatch") {
        const body = JSON.parse(String(init?.body)) as { queries: Array<{ package: { name: string; ecosystem: string }; version: string }> };
        const results = body.queries.map((q) => {
          const vulns = OSV_RECORDS.filter((r) => affects(r, q.package.ecosystem, q.package.name, q.version)).map((r) => ({ id: r.id, modified: r.modified }));
          return vulns.length > 0 ? { vulns } : {};
        });
        return respond(200, { results });
      }
      const record = OSV_RECORDS.find((r) => path === `/v1/vulns/${r.id}`);
      return record ? respond(200, record) : respond(404, null);
    },
  };
}

/** One `fetch` for the registry client: OSV requests to the OSV stand-in, the rest to the recorded npm registry. */
export function routedFetch(npm: FakeRegistry, osv: FakeOsv): FakeRegistry["fetch"] {
  return (input, init) => (input.startsWith(OSV) ? osv.fetch(input, init) : npm.fetch(input, init));
}

/** A unified diff that adds `path` as a new file with these lines, parsed like the CLI parses one. */
export function newFileChanges(files: Record<string, string[]>): ChangeSet {
  const diff = Object.entries(files)
    .map(([path, lines]) => [`diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n"))
    .join("\n");
  const changes = parseUnifiedDiff(`${diff}\n`);
  for (const file of changes.files) file.newText = (files[file.path] ?? []).join("\n");
  return changes;
}
