/**
 * The registry port: what the packages analyzer asks of the outside world, in a shape that does not depend on
 * any one registry's JSON. The clients in src/registry/ fill it from npm, PyPI, the Go proxy, crates.io and OSV;
 * tests fill it from recorded answers. Re-exported by src/ports.ts.
 */
import type { Severity } from "../finding.js";

export type Ecosystem = "npm" | "pypi" | "go" | "crates";

export interface VersionMetadata {
  /** ISO timestamp of this version's publication, when the registry says. */
  publishedAt?: string;
  /** The registry's deprecation message for this version (npm `deprecated`, PyPI `yanked_reason`). */
  deprecated?: string;
  /** Yanked (PyPI, crates.io) or retracted versions are still listed, but a fresh install will not pick them. */
  yanked?: boolean;
  /** Lifecycle scripts that run on install: `{ postinstall: "node install.js" }`. npm only. */
  installScripts?: Record<string, string>;
}

export interface PackageMetadata {
  ecosystem: Ecosystem;
  name: string;
  /** Every published version, keyed by its exact version string. Empty when the registry only proves existence. */
  versions: Record<string, VersionMetadata>;
  latest?: string;
  /** ISO timestamp of the first publication (npm `time.created`, else the earliest version time). */
  createdAt?: string;
  maintainers?: number;
  weeklyDownloads?: number;
  /** The registry only told us the package exists (Go proxy, some mirrors): version checks cannot be made. */
  existenceOnly?: boolean;
}

export type RegistryAnswer =
  | { status: "found"; metadata: PackageMetadata }
  | { status: "missing" }
  | { status: "unreachable"; reason: string };

export interface AdvisoryQuery {
  ecosystem: Ecosystem;
  name: string;
  version: string;
}

export interface Advisory {
  ecosystem: Ecosystem;
  name: string;
  /** The queried version this advisory applies to. */
  version: string;
  id: string;
  title: string;
  /** The advisory's own severity; `unknown` when the source gave none (treated as high: fail closed). */
  severity: Severity | "unknown";
  url?: string;
  /** The semver range of affected versions, when the source states one (npm bulk `vulnerable_versions`). */
  vulnerableRange?: string;
  /** Versions that fix it, when the source states them (OSV `fixed` events). */
  fixedIn?: string[];
  aliases?: string[];
}

/**
 * `skipped`: the client was deliberately built without an advisory source (the evaluation, which has no real
 * advisory answers to replay). The scan says so in a note; a source that fails to answer is `unreachable`.
 */
export type AdvisoryAnswer = { status: "ok"; advisories: Advisory[] } | { status: "unreachable"; reason: string } | { status: "skipped"; reason: string };

/** A package registry as the packages analyzer sees it. Implementations cache, time out and retry on their own. */
export interface RegistryClient {
  lookup(ecosystem: Ecosystem, name: string): Promise<RegistryAnswer>;
  /** Known vulnerabilities of exact versions: one call per scan, which the client turns into one batch request per source. */
  advisories(queries: readonly AdvisoryQuery[]): Promise<AdvisoryAnswer>;
  /** The moment answers are judged against ("published 3 days ago"): the caller's clock, fixed in tests. */
  now(): Date;
}
