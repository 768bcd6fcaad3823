/**
 * The real registry client behind the `RegistryClient` port: npm, PyPI, the Go module proxy and crates.io for
 * metadata; npm's bulk advisory endpoint (npm packages) and OSV (everything else) for known vulnerabilities.
 * Lives outside src/core because it does I/O; `fetch`, the base URLs, the cache and the clock are injected.
 *
 * @example
 * const registry = createRegistryClient({ fetch, cache: new MemoryCache() });
 * await scan(changes, config, { grammars, registry }, { rules });
 */
import type { Advisory, AdvisoryAnswer, AdvisoryQuery, Ecosystem, RegistryAnswer, RegistryClient } from "../core/packages/registry-port.js";
import { MemoryCache, REGISTRY_TTL_SECONDS, type RegistryCache } from "./cache.js";
import { lookupCrate, lookupGo } from "./go-crates.js";
import type { FetchLike, HttpSettings } from "./http.js";
import { lookupNpm, npmBulkAdvisories } from "./npm.js";
import { osvAdvisories } from "./osv.js";
import { lookupPypi } from "./pypi.js";

export { MemoryCache, REGISTRY_TTL_SECONDS, type RegistryCache } from "./cache.js";
export type { FetchLike } from "./http.js";

export interface RegistryUrls {
  npm: string;
  pypi: string;
  go: string;
  crates: string;
  osv: string;
}

export const DEFAULT_REGISTRY_URLS: RegistryUrls = {
  npm: "https://registry.npmjs.org",
  pypi: "https://pypi.org",
  go: "https://proxy.golang.org",
  crates: "https://crates.io",
  osv: "https://api.osv.dev",
};

export interface RegistryClientOptions {
  /** Defaults to the global `fetch`. Tests pass one that serves recorded answers. */
  fetch?: FetchLike;
  urls?: Partial<RegistryUrls>;
  cache?: RegistryCache;
  /** Per request; one retry follows a 5xx or a network error. */
  timeoutMs?: number;
  /** The clock that "published N days ago" is measured against. */
  now?: () => Date;
  /** Where npm advisories come from: npm's bulk endpoint (default) or OSV like the other ecosystems. */
  npmAdvisories?: "npm-bulk" | "osv";
  userAgent?: string;
}

export function createRegistryClient(options: RegistryClientOptions = {}): RegistryClient {
  const urls: RegistryUrls = { ...DEFAULT_REGISTRY_URLS, ...options.urls };
  const cache = options.cache ?? new MemoryCache();
  const now = options.now ?? (() => new Date());
  const fetchImpl: FetchLike = options.fetch ?? ((input, init) => fetch(input, init));
  // crates.io refuses requests without a descriptive User-Agent.
  const http: HttpSettings = { fetch: fetchImpl, timeoutMs: options.timeoutMs ?? 8000, userAgent: options.userAgent ?? "gatehouse-security-gate (+https://github.com/apps/gatehouse)" };
  const npmSource = options.npmAdvisories ?? "npm-bulk";

  const fetchers: Record<Ecosystem, (name: string) => Promise<RegistryAnswer>> = {
    npm: (name) => lookupNpm(http, urls.npm, name),
    pypi: (name) => lookupPypi(http, urls.pypi, name),
    go: (name) => lookupGo(http, urls.go, name),
    crates: (name) => lookupCrate(http, urls.crates, name),
  };

  return {
    now,
    async lookup(ecosystem, name) {
      const key = `lookup:${ecosystem}:${name}`;
      const cached = (await cache.get(key)) as RegistryAnswer | undefined;
      if (cached) return cached;
      const answer = await fetchers[ecosystem](name);
      // "Unreachable" is never cached: the next scan should try again.
      if (answer.status !== "unreachable") await cache.set(key, answer, answer.status === "found" ? REGISTRY_TTL_SECONDS.found : REGISTRY_TTL_SECONDS.missing);
      return answer;
    },
    async advisories(queries): Promise<AdvisoryAnswer> {
      const advisories: Advisory[] = [];
      const pending: AdvisoryQuery[] = [];
      for (const query of queries) {
        const cached = (await cache.get(advisoryKey(query))) as Advisory[] | undefined;
        if (cached) advisories.push(...cached);
        else pending.push(query);
      }
      const viaNpm = npmSource === "npm-bulk" ? pending.filter((q) => q.ecosystem === "npm") : [];
      const viaOsv = pending.filter((q) => !viaNpm.includes(q));
      const results = await Promise.all([
        viaNpm.length > 0 ? npmBulkAdvisories(http, urls.npm, viaNpm) : Promise.resolve({ ok: true as const, advisories: [] }),
        viaOsv.length > 0 ? osvAdvisories(http, urls.osv, cache, viaOsv) : Promise.resolve({ ok: true as const, advisories: [] }),
      ]);
      for (const [result, asked] of [[results[0], viaNpm], [results[1], viaOsv]] as const) {
        // Fail closed: an advisory source that did not answer makes the whole answer unreachable.
        if (!result.ok) return { status: "unreachable", reason: result.reason };
        for (const query of asked) {
          const own = result.advisories.filter((a) => a.ecosystem === query.ecosystem && a.name === query.name && a.version === query.version);
          await cache.set(advisoryKey(query), own, REGISTRY_TTL_SECONDS.advisories);
        }
        advisories.push(...result.advisories);
      }
      return { status: "ok", advisories };
    },
  };
}

function advisoryKey(query: AdvisoryQuery): string {
  return `advisories:${query.ecosystem}:${query.name}@${query.version}`;
}
