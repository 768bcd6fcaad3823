/** PyPI's JSON API: `GET {base}/pypi/{name}/json`. Untested against live answers (unreachable from the sandbox). */
import { z } from "../core/zod.js";
import type { PackageMetadata, RegistryAnswer, VersionMetadata } from "../core/packages/registry-port.js";
import { parseJson, request, type HttpSettings } from "./http.js";

export const pypiProjectSchema = z.object({
  info: z.looseObject({ name: z.string(), version: z.optional(z.string()) }),
  releases: z._default(
    z.record(
      z.string(),
      z.array(z.looseObject({ upload_time_iso_8601: z.nullish(z.string()), yanked: z.optional(z.boolean()), yanked_reason: z.nullish(z.string()) })),
    ),
    {},
  ),
});

export function packageFromPypi(project: z.infer<typeof pypiProjectSchema>): RegistryAnswer {
  const versions: Record<string, VersionMetadata> = {};
  let created: string | undefined;
  for (const [version, files] of Object.entries(project.releases)) {
    const times = files.map((f) => f.upload_time_iso_8601).filter((t): t is string => typeof t === "string").sort();
    const info: VersionMetadata = {};
    if (times[0]) info.publishedAt = times[0];
    if (files.length > 0 && files.every((f) => f.yanked)) {
      info.yanked = true;
      const reason = files.find((f) => f.yanked_reason)?.yanked_reason;
      if (reason) info.deprecated = `yanked: ${reason}`;
    }
    versions[version] = info;
    if (times[0] && (!created || times[0] < created)) created = times[0];
  }
  const metadata: PackageMetadata = { ecosystem: "pypi", name: project.info.name, versions };
  if (project.info.version) metadata.latest = project.info.version;
  if (created) metadata.createdAt = created;
  return { status: "found", metadata };
}

export async function lookupPypi(settings: HttpSettings, base: string, name: string): Promise<RegistryAnswer> {
  const url = `${base.replace(/\/$/, "")}/pypi/${encodeURIComponent(name)}/json`;
  const outcome = await request(settings, url);
  if (outcome.kind === "not-found") return { status: "missing" };
  if (outcome.kind === "error") return { status: "unreachable", reason: outcome.reason };
  const json = parseJson(outcome.body, url);
  if (!json.ok) return { status: "unreachable", reason: json.reason };
  const parsed = pypiProjectSchema.safeParse(json.value);
  if (!parsed.success) return { status: "unreachable", reason: `${url} answered with an unexpected shape` };
  return packageFromPypi(parsed.data);
}
