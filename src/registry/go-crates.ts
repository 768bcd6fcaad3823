/**
 * Existence and versions for Go modules (the module proxy's `@v/list`) and Rust crates (crates.io's API).
 * Untested against live answers: neither is reachable from the sandbox.
 */
import { z } from "../core/zod.js";
import type { PackageMetadata, RegistryAnswer, VersionMetadata } from "../core/packages/registry-port.js";
import { parseJson, request, type HttpSettings } from "./http.js";

/** The proxy protocol's case encoding: every upper-case letter becomes `!` and its lower-case form. */
export function escapeModulePath(path: string): string {
  return path.replace(/[A-Z]/g, (c) => `!${c.toLowerCase()}`);
}

export function packageFromGoList(module: string, list: string): RegistryAnswer {
  const versions: Record<string, VersionMetadata> = {};
  for (const line of list.split("\n")) {
    const version = line.trim().split(/\s+/)[0];
    if (version) versions[version] = {};
  }
  // A module with only pseudo-versions has an empty list but exists: versions then cannot be checked.
  const metadata: PackageMetadata = { ecosystem: "go", name: module, versions, ...(Object.keys(versions).length === 0 ? { existenceOnly: true } : {}) };
  return { status: "found", metadata };
}

export async function lookupGo(settings: HttpSettings, proxy: string, module: string): Promise<RegistryAnswer> {
  const url = `${proxy.replace(/\/$/, "")}/${escapeModulePath(module)}/@v/list`;
  const outcome = await request(settings, url, { accept: "text/plain" });
  if (outcome.kind === "not-found") return { status: "missing" };
  if (outcome.kind === "error") return { status: "unreachable", reason: outcome.reason };
  return packageFromGoList(module, outcome.body);
}

export const crateSchema = z.object({
  crate: z.looseObject({ name: z.string(), created_at: z.optional(z.string()), max_stable_version: z.nullish(z.string()), max_version: z.optional(z.string()) }),
  versions: z._default(z.array(z.looseObject({ num: z.string(), yanked: z.optional(z.boolean()), created_at: z.optional(z.string()) })), []),
});

export function packageFromCrate(answer: z.infer<typeof crateSchema>): RegistryAnswer {
  const versions: Record<string, VersionMetadata> = {};
  for (const v of answer.versions) versions[v.num] = { ...(v.created_at ? { publishedAt: v.created_at } : {}), ...(v.yanked ? { yanked: true } : {}) };
  const latest = answer.crate.max_stable_version ?? answer.crate.max_version;
  const metadata: PackageMetadata = { ecosystem: "crates", name: answer.crate.name, versions };
  if (latest) metadata.latest = latest;
  if (answer.crate.created_at) metadata.createdAt = answer.crate.created_at;
  return { status: "found", metadata };
}

export async function lookupCrate(settings: HttpSettings, base: string, name: string): Promise<RegistryAnswer> {
  const url = `${base.replace(/\/$/, "")}/api/v1/crates/${encodeURIComponent(name)}`;
  const outcome = await request(settings, url);
  if (outcome.kind === "not-found") return { status: "missing" };
  if (outcome.kind === "error") return { status: "unreachable", reason: outcome.reason };
  const json = parseJson(outcome.body, url);
  if (!json.ok) return { status: "unreachable", reason: json.reason };
  const parsed = crateSchema.safeParse(json.value);
  if (!parsed.success) return { status: "unreachable", reason: `${url} answered with an unexpected shape` };
  return packageFromCrate(parsed.data);
}
