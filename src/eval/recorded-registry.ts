/**
 * Offline registry answers for the corpus: the npm answers recorded in fixtures/registry/npm/ served through a
 * fake `fetch`, so package PRs are evaluated without a network. A request with no recording fails like a network
 * error and is counted, so the caller can fall back to an offline scan for that PR (see gatehouse-tool.ts).
 *
 * Known vulnerabilities are not evaluated: no real advisory answer could be recorded (npm's bulk advisory
 * endpoint answers HTTP 405 through the recording machine's proxy, and OSV is not reachable from it). Replaying
 * the 405 would put a "could not verify" finding on every npm PR, an artifact of where the answers were recorded;
 * the client says `skipped` instead, and every scan carries a note naming the versions left unchecked.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "../core/zod.js";
import type { RegistryClient } from "../core/packages/registry-port.js";
import { createRegistryClient, MemoryCache } from "../registry/index.js";

const recordingSchema = z.object({
  request: z.object({ method: z.string(), path: z.string() }),
  status: z.int(),
  recordedAt: z.optional(z.string()),
  body: z.unknown(),
});

const BASE = "https://registry.recorded.invalid";

const NO_ADVISORY_RECORDINGS =
  "the evaluation has no real advisory answers to replay (npm's bulk advisory endpoint answered HTTP 405 through the recording machine's proxy, and OSV is not reachable from it)";

export interface RecordedRegistry {
  client: RegistryClient;
  /** Requests that had no recording, as "GET /name". */
  unrecorded: Set<string>;
  /** How many requests so far had no recording (repeats included), to tell which scan needed one. */
  misses(): number;
}

export function recordedRegistry(recordingsDir: string): RecordedRegistry {
  const recordings = new Map<string, z.output<typeof recordingSchema>>();
  let latest = 0;
  for (const name of readdirSync(recordingsDir)) {
    if (!name.endsWith(".json")) continue;
    const recording = recordingSchema.parse(JSON.parse(readFileSync(join(recordingsDir, name), "utf8")));
    recordings.set(`${recording.request.method} ${recording.request.path}`, recording);
    if (recording.recordedAt) latest = Math.max(latest, Date.parse(recording.recordedAt));
  }
  const unrecorded = new Set<string>();
  let misses = 0;
  const fetch = async (input: string, init?: RequestInit): Promise<Response> => {
    const method = init?.method ?? "GET";
    const key = `${method} ${input.startsWith(BASE) ? input.slice(BASE.length) : input}`;
    const recording = recordings.get(key);
    if (!recording) {
      unrecorded.add(key);
      misses++;
      throw new TypeError(`no recorded registry answer for ${key}`);
    }
    const body = recording.body === null || recording.body === undefined ? null : JSON.stringify(recording.body);
    return new Response(body, { status: recording.status, headers: { "content-type": "application/json" } });
  };
  // "Published N days ago" is measured against the day the answers were recorded, so scores never drift with the clock.
  const now = new Date(latest || Date.parse("2026-11-22T00:00:00Z"));
  const registry = createRegistryClient({
    fetch,
    urls: { npm: BASE, pypi: `${BASE}/pypi`, go: `${BASE}/go`, crates: `${BASE}/crates`, osv: `${BASE}/osv` },
    cache: new MemoryCache(),
    now: () => now,
    timeoutMs: 2000,
  });
  const client: RegistryClient = {
    lookup: (ecosystem, name) => registry.lookup(ecosystem, name),
    now: () => registry.now(),
    advisories: async () => ({ status: "skipped", reason: NO_ADVISORY_RECORDINGS }),
  };
  return { client, unrecorded, misses: () => misses };
}
