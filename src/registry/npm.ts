/**
 * npm: package metadata from the registry's packument (`GET {registry}/{name}`) and known vulnerabilities from the
 * bulk advisory endpoint (`POST {registry}/-/npm/v1/security/advisories/bulk`, one request for a whole scan).
 */
import semver from "semver";
import { z } from "../core/zod.js";
import type { Advisory, AdvisoryQuery, PackageMetadata, RegistryAnswer, VersionMetadata } from "../core/packages/registry-port.js";
import { parseJson, request, type HttpSettings } from "./http.js";

const INSTALL_HOOKS = ["preinstall", "install", "postinstall"] as const;

export const packumentSchema = z.object({
  name: z.string(),
  "dist-tags": z.optional(z.record(z.string(), z.string())),
  // `time` maps versions (and `created`, `modified`) to dates; an unpublished package has `time.unpublished` as an object.
  time: z.optional(z.record(z.string(), z.unknown())),
  versions: z.optional(
    z.record(
      z.string(),
      z.looseObject({
        deprecated: z.optional(z.union([z.string(), z.boolean()])),
        scripts: z.optional(z.record(z.string(), z.unknown())),
      }),
    ),
  ),
  maintainers: z.optional(z.array(z.unknown())),
});

export type Packument = z.infer<typeof packumentSchema>;

/** Scoped names keep their `@` and encode the slash, as the npm CLI does. */
export function packumentUrl(registry: string, name: string): string {
  return `${registry.replace(/\/$/, "")}/${name.startsWith("@") ? `@${encodeURIComponent(name.slice(1))}` : encodeURIComponent(name)}`;
}

export function packageFromPackument(packument: Packument): RegistryAnswer {
  const time = packument.time ?? {};
  const versions: Record<string, VersionMetadata> = {};
  for (const [version, doc] of Object.entries(packument.versions ?? {})) {
    const info: VersionMetadata = {};
    const published = time[version];
    if (typeof published === "string") info.publishedAt = published;
    if (typeof doc.deprecated === "string" && doc.deprecated !== "") info.deprecated = doc.deprecated;
    const scripts: Record<string, string> = {};
    for (const hook of INSTALL_HOOKS) {
      const command = doc.scripts?.[hook];
      if (typeof command === "string" && command.trim() !== "") scripts[hook] = command;
    }
    if (Object.keys(scripts).length > 0) info.installScripts = scripts;
    versions[version] = info;
  }
  if (Object.keys(versions).length === 0 && time.unpublished !== undefined) return { status: "missing" };
  // The public registry states `time.created`; some mirrors do not, and then the earliest version time stands in.
  const versionTimes = Object.values(versions)
    .map((v) => v.publishedAt)
    .filter((t): t is string => t !== undefined)
    .sort((a, b) => Date.parse(a) - Date.parse(b));
  const created = typeof time.created === "string" ? time.created : versionTimes[0];
  const metadata: PackageMetadata = { ecosystem: "npm", name: packument.name, versions };
  const latest = packument["dist-tags"]?.latest;
  if (latest) metadata.latest = latest;
  if (created) metadata.createdAt = created;
  if (packument.maintainers) metadata.maintainers = packument.maintainers.length;
  return { status: "found", metadata };
}

export async function lookupNpm(settings: HttpSettings, registry: string, name: string): Promise<RegistryAnswer> {
  const url = packumentUrl(registry, name);
  const outcome = await request(settings, url);
  if (outcome.kind === "not-found") return { status: "missing" };
  if (outcome.kind === "error") return { status: "unreachable", reason: outcome.reason };
  const json = parseJson(outcome.body, url);
  if (!json.ok) return { status: "unreachable", reason: json.reason };
  const parsed = packumentSchema.safeParse(json.value);
  if (!parsed.success) return { status: "unreachable", reason: `${url} answered with an unexpected shape (${parsed.error.issues[0]?.message ?? "invalid"})` };
  return packageFromPackument(parsed.data);
}

export const bulkAdvisorySchema = z.record(
  z.string(),
  z.array(
    z.looseObject({
      id: z.union([z.number(), z.string()]),
      url: z.optional(z.string()),
      title: z.string(),
      severity: z.enum(["critical", "high", "moderate", "low", "info"]),
      vulnerable_versions: z.string(),
    }),
  ),
);

const SEVERITY = { critical: "critical", high: "high", moderate: "medium", low: "low", info: "low" } as const;

/** Maps a bulk answer back onto the queried versions: the registry answers for the union of versions asked. */
export function advisoriesFromBulk(queries: readonly AdvisoryQuery[], answer: z.infer<typeof bulkAdvisorySchema>): Advisory[] {
  const advisories: Advisory[] = [];
  for (const query of queries) {
    for (const entry of answer[query.name] ?? []) {
      if (!semver.satisfies(query.version, entry.vulnerable_versions, { includePrerelease: true })) continue;
      advisories.push({
        ecosystem: "npm",
        name: query.name,
        version: query.version,
        id: String(entry.id),
        title: entry.title,
        severity: SEVERITY[entry.severity],
        ...(entry.url ? { url: entry.url } : {}),
        vulnerableRange: entry.vulnerable_versions,
      });
    }
  }
  return advisories;
}

export async function npmBulkAdvisories(settings: HttpSettings, registry: string, queries: readonly AdvisoryQuery[]): Promise<{ ok: true; advisories: Advisory[] } | { ok: false; reason: string }> {
  const body: Record<string, string[]> = {};
  for (const query of queries) body[query.name] = [...new Set([...(body[query.name] ?? []), query.version])];
  const url = `${registry.replace(/\/$/, "")}/-/npm/v1/security/advisories/bulk`;
  const outcome = await request(settings, url, { method: "POST", json: body });
  if (outcome.kind !== "ok") return { ok: false, reason: outcome.kind === "error" ? outcome.reason : `${url} answered HTTP ${outcome.status}` };
  const json = parseJson(outcome.body, url);
  if (!json.ok) return { ok: false, reason: json.reason };
  const parsed = bulkAdvisorySchema.safeParse(json.value);
  if (!parsed.success) return { ok: false, reason: `${url} answered with an unexpected shape (${parsed.error.issues[0]?.message ?? "invalid"})` };
  return { ok: true, advisories: advisoriesFromBulk(queries, parsed.data) };
}
