/**
 * OSV: `POST {base}/v1/querybatch` (one request for every query of a scan) answers only advisory ids, so each
 * distinct id is then read once from `GET {base}/v1/vulns/{id}` (cached) for its severity and fixed versions.
 * Untested against live answers: OSV is not reachable from the sandbox.
 */
import { z } from "../core/zod.js";
import type { Advisory, AdvisoryQuery, Ecosystem } from "../core/packages/registry-port.js";
import type { RegistryCache } from "./cache.js";
import { REGISTRY_TTL_SECONDS } from "./cache.js";
import { parseJson, request, type HttpSettings } from "./http.js";

export const OSV_ECOSYSTEMS: Record<Ecosystem, string> = { npm: "npm", pypi: "PyPI", go: "Go", crates: "crates.io" };

export const querybatchSchema = z.object({
  results: z.array(z.object({ vulns: z.optional(z.array(z.looseObject({ id: z.string() }))) })),
});

export const osvVulnSchema = z.looseObject({
  id: z.string(),
  summary: z.optional(z.string()),
  aliases: z.optional(z.array(z.string())),
  database_specific: z.optional(z.looseObject({ severity: z.optional(z.string()) })),
  affected: z._default(
    z.array(
      z.looseObject({
        package: z.optional(z.looseObject({ name: z.string(), ecosystem: z.string() })),
        ranges: z.optional(z.array(z.looseObject({ events: z.array(z.record(z.string(), z.string())) }))),
      }),
    ),
    [],
  ),
});

export type OsvVuln = z.infer<typeof osvVulnSchema>;

const SEVERITY: Record<string, Advisory["severity"]> = { CRITICAL: "critical", HIGH: "high", MODERATE: "medium", MEDIUM: "medium", LOW: "low" };

export function advisoryFromOsv(query: AdvisoryQuery, vuln: OsvVuln): Advisory {
  const fixedIn = vuln.affected
    .filter((a) => a.package?.ecosystem === OSV_ECOSYSTEMS[query.ecosystem] && a.package.name.toLowerCase() === query.name.toLowerCase())
    .flatMap((a) => a.ranges ?? [])
    .flatMap((r) => r.events.flatMap((e) => (e.fixed ? [e.fixed] : [])));
  return {
    ecosystem: query.ecosystem,
    name: query.name,
    version: query.version,
    id: vuln.id,
    title: vuln.summary ?? vuln.id,
    severity: SEVERITY[vuln.database_specific?.severity?.toUpperCase() ?? ""] ?? "unknown",
    url: `https://osv.dev/vulnerability/${vuln.id}`,
    ...(fixedIn.length > 0 ? { fixedIn: [...new Set(fixedIn)] } : {}),
    ...(vuln.aliases?.length ? { aliases: vuln.aliases } : {}),
  };
}

async function fetchVuln(settings: HttpSettings, base: string, cache: RegistryCache, id: string): Promise<OsvVuln | string> {
  const key = `osv:vuln:${id}`;
  const cached = osvVulnSchema.safeParse(await cache.get(key));
  if (cached.success) return cached.data;
  const url = `${base}/v1/vulns/${encodeURIComponent(id)}`;
  const outcome = await request(settings, url);
  if (outcome.kind !== "ok") return outcome.kind === "error" ? outcome.reason : `${url} answered HTTP ${outcome.status}`;
  const json = parseJson(outcome.body, url);
  if (!json.ok) return json.reason;
  const parsed = osvVulnSchema.safeParse(json.value);
  if (!parsed.success) return `${url} answered with an unexpected shape`;
  await cache.set(key, parsed.data, REGISTRY_TTL_SECONDS.advisories);
  return parsed.data;
}

export async function osvAdvisories(settings: HttpSettings, baseUrl: string, cache: RegistryCache, queries: readonly AdvisoryQuery[]): Promise<{ ok: true; advisories: Advisory[] } | { ok: false; reason: string }> {
  const base = baseUrl.replace(/\/$/, "");
  const url = `${base}/v1/querybatch`;
  const outcome = await request(settings, url, {
    method: "POST",
    json: { queries: queries.map((q) => ({ package: { name: q.name, ecosystem: OSV_ECOSYSTEMS[q.ecosystem] }, version: q.version })) },
  });
  if (outcome.kind !== "ok") return { ok: false, reason: outcome.kind === "error" ? outcome.reason : `${url} answered HTTP ${outcome.status}` };
  const json = parseJson(outcome.body, url);
  if (!json.ok) return { ok: false, reason: json.reason };
  const parsed = querybatchSchema.safeParse(json.value);
  if (!parsed.success || parsed.data.results.length !== queries.length) return { ok: false, reason: `${url} answered with an unexpected shape` };
  const ids = [...new Set(parsed.data.results.flatMap((r) => (r.vulns ?? []).map((v) => v.id)))];
  const details = new Map<string, OsvVuln>();
  // A few details at a time: OSV rate-limits, and a scan rarely has more than a handful of distinct advisories.
  for (let i = 0; i < ids.length; i += 4) {
    const batch = await Promise.all(ids.slice(i, i + 4).map((id) => fetchVuln(settings, base, cache, id)));
    for (const vuln of batch) {
      if (typeof vuln === "string") return { ok: false, reason: vuln };
      details.set(vuln.id, vuln);
    }
  }
  const advisories: Advisory[] = [];
  parsed.data.results.forEach((result, i) => {
    const query = queries[i];
    if (!query) return;
    for (const { id } of result.vulns ?? []) {
      const vuln = details.get(id);
      if (vuln) advisories.push(advisoryFromOsv(query, vuln));
    }
  });
  return { ok: true, advisories };
}
