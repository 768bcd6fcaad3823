/**
 * A fake `fetch` that answers from the real npm registry answers recorded in fixtures/registry/npm/ by
 * scripts/record-registry.mjs, and counts every request. A name without a recording gets the registry's recorded
 * answer for an unregistered name (404) when `unknownAs404` is set, else an error: tests never invent packuments.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
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

/** A unified diff that adds `path` as a new file with these lines, parsed like the CLI parses one. */
export function newFileChanges(files: Record<string, string[]>): ChangeSet {
  const diff = Object.entries(files)
    .map(([path, lines]) => [`diff --git a/${path} b/${path}`, "new file mode 100644", "--- /dev/null", `+++ b/${path}`, `@@ -0,0 +1,${lines.length} @@`, ...lines.map((l) => `+${l}`)].join("\n"))
    .join("\n");
  const changes = parseUnifiedDiff(`${diff}\n`);
  for (const file of changes.files) file.newText = (files[file.path] ?? []).join("\n");
  return changes;
}
