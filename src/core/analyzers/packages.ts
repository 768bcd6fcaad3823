/**
 * The `package` category: every dependency the PR adds or changes, checked for names that do not exist
 * (hallucinated), typosquats, install scripts, brand-new packages, deprecation, known vulnerabilities and
 * dependency confusion. Registry answers come through `ports.registry`, batched: one lookup per distinct package
 * and one advisory request per scan. Without a registry (offline CLI) only the offline checks run, with a note.
 */
import picomatch from "picomatch";
import type { DeclaredDependency, ParsedDependencyFile } from "../packages/dependency.js";
import * as finding from "../packages/findings.js";
import { dirName, parseDependencyFile } from "../packages/parse.js";
import { POPULAR_NAMES, POPULAR_SOURCE } from "../packages/popular.js";
import type { Advisory, AdvisoryQuery, Ecosystem, PackageMetadata, RegistryAnswer, RegistryClient } from "../packages/registry-port.js";
import { firstFixedVersion, resolveVersion } from "../packages/resolve.js";
import { PopularIndex } from "../packages/typosquat.js";
import type { Config } from "../config.js";
import type { Analyzer, AnalyzerContext, AnalyzerFile, Detection } from "./analyzer.js";

const RECENT_DAYS = 30;
const LOOKUP_CONCURRENCY = 8;
const PUBLIC_REGISTRY_HOSTS = /^https?:\/\/(?:registry\.npmjs\.org|registry\.yarnpkg\.com|registry\.npmjs\.com)\//;

const indexes = new Map<Ecosystem, PopularIndex>();
function popularIndex(ecosystem: Ecosystem): PopularIndex | undefined {
  const names = POPULAR_NAMES[ecosystem];
  if (!names) return undefined;
  let index = indexes.get(ecosystem);
  if (!index) {
    index = new PopularIndex(ecosystem, names);
    indexes.set(ecosystem, index);
  }
  return index;
}

interface ParsedFile {
  entry: AnalyzerFile;
  parsed: ParsedDependencyFile;
}

/** One package the PR adds, with the declaration to report at and every exact version it may install. */
interface Subject {
  key: string;
  ecosystem: Ecosystem;
  name: string;
  /** The manifest declaration when there is one (what a person edits), else the first lockfile entry. */
  report: DeclaredDependency;
  declarations: DeclaredDependency[];
  lockedVersions: Set<string>;
}

// npm names and Go module paths are case-sensitive; PyPI and crates.io names are not.
const keyOf = (ecosystem: Ecosystem, name: string) => `${ecosystem}\u0000${ecosystem === "pypi" || ecosystem === "crates" ? name.toLowerCase() : name}`;

function parseFiles(context: AnalyzerContext): ParsedFile[] {
  const files: ParsedFile[] = [];
  for (const entry of context.files) {
    const full = entry.file.newText !== undefined;
    const segmentStarts = new Set(full ? [1] : entry.file.hunks.map((h) => h.newStart));
    const parsed = parseDependencyFile({ path: entry.file.path, text: entry.text, full, segmentStarts });
    if (!parsed) continue;
    for (const problem of parsed.problems) {
      context.note({ path: entry.file.path, kind: /not valid|only v2/.test(problem) ? "unparseable" : "skipped", message: problem });
    }
    files.push({ entry, parsed });
  }
  return files;
}

function lockfileOnlyDetections(files: ParsedFile[]): Detection[] {
  const changedManifests = files.filter((f) => f.parsed.kind === "manifest" && f.entry.added.size > 0);
  const detections: Detection[] = [];
  for (const { entry, parsed } of files) {
    if (parsed.kind !== "lockfile" || entry.added.size === 0) continue;
    const dir = dirName(entry.file.path);
    const explained = changedManifests.some((m) => {
      if (m.parsed.ecosystem !== parsed.ecosystem) return false;
      const manifestDir = dirName(m.entry.file.path);
      return manifestDir === dir || dir === "" || manifestDir.startsWith(`${dir}/`);
    });
    if (explained) continue;
    const line = Math.min(...entry.added);
    const text = entry.text.split("\n")[line - 1]?.trim() ?? "";
    detections.push(finding.lockfileOnly(entry.file.path, line, text || entry.file.path, parsed.ecosystem));
  }
  return detections;
}

function collectSubjects(files: ParsedFile[]): Subject[] {
  const locked = new Map<string, Set<string>>();
  for (const { parsed } of files) {
    if (parsed.kind !== "lockfile") continue;
    for (const dep of parsed.dependencies) {
      if (!dep.exactVersion || dep.nonRegistry) continue;
      const key = keyOf(dep.ecosystem, dep.name);
      locked.set(key, (locked.get(key) ?? new Set()).add(dep.exactVersion));
    }
  }
  const subjects = new Map<string, Subject>();
  for (const { entry, parsed } of files) {
    for (const dep of parsed.dependencies) {
      if (!dep.lines.some((line) => entry.added.has(line))) continue;
      const key = keyOf(dep.ecosystem, dep.name);
      const subject = subjects.get(key) ?? { key, ecosystem: dep.ecosystem, name: dep.name, report: dep, declarations: [], lockedVersions: new Set<string>() };
      subject.declarations.push(dep);
      if (dep.source === "manifest" && subject.report.source === "lockfile") subject.report = dep;
      if (dep.source === "lockfile" && dep.exactVersion && !dep.nonRegistry) subject.lockedVersions.add(dep.exactVersion);
      subjects.set(key, subject);
    }
  }
  // A manifest change whose lockfile entry did not move still installs the locked version.
  for (const subject of subjects.values()) {
    if (subject.lockedVersions.size === 0) for (const v of locked.get(subject.key) ?? []) subject.lockedVersions.add(v);
  }
  return [...subjects.values()];
}

function internalScopeOf(name: string, config: Config): string | undefined {
  for (const scope of config.packages.internalScopes) {
    if (scope.startsWith("@") && !scope.includes("/") ? name.startsWith(`${scope}/`) : picomatch.isMatch(name, scope)) return scope;
  }
  return undefined;
}

function confusionEvidence(subject: Subject, files: ParsedFile[]): string | undefined {
  for (const dep of subject.declarations) {
    if (dep.resolved && PUBLIC_REGISTRY_HOSTS.test(dep.resolved)) return `\`${dep.path}\` resolves it from the public registry (${dep.resolved.split("/-/")[0]})`;
    const file = files.find((f) => f.entry.file.path === dep.path);
    if (file?.parsed.extraIndexLines?.length) return `\`${dep.path}\` also installs from an extra index (line ${file.parsed.extraIndexLines[0]}), so pip may take a public package of the same name`;
  }
  return undefined;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await run(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function daysBetween(from: string, now: Date): number | undefined {
  const time = Date.parse(from);
  return Number.isNaN(time) ? undefined : Math.floor((now.getTime() - time) / 86_400_000);
}

/** The registry-backed checks of one package: existence, version, typosquat, scripts, age, deprecation. */
function checkAnswer(subject: Subject, answer: RegistryAnswer, registry: RegistryClient, config: Config, allowed: boolean): { detections: Detection[]; versions: string[] } {
  const dep = subject.report;
  const squat = allowed ? undefined : popularIndex(subject.ecosystem)?.find(subject.name);
  if (answer.status === "missing") return { detections: [finding.notFound(dep, squat)], versions: [] };
  if (answer.status === "unreachable") return { detections: [finding.unverifiable(dep, answer.reason, config.packages.unverifiable === "block")], versions: [] };
  const metadata = answer.metadata;
  const detections: Detection[] = [];
  if (squat) detections.push(finding.typosquat(dep, squat));
  const versions = new Set(subject.lockedVersions);
  if (dep.source === "manifest" && !dep.nonRegistry) {
    const resolution = resolveVersion(dep, metadata);
    if (resolution.status === "no-match") detections.push(finding.versionNotFound(dep, metadata.latest));
    if (resolution.status === "resolved" && versions.size === 0) versions.add(resolution.version);
  }
  if (!allowed) {
    for (const version of versions) {
      const info = metadata.versions[version];
      if (info?.installScripts && Object.keys(info.installScripts).length > 0) detections.push(finding.installScripts(dep, version, info.installScripts));
      if (info?.deprecated) detections.push(finding.deprecated(dep, version, info.deprecated));
    }
    const age = metadata.createdAt ? daysBetween(metadata.createdAt, registry.now()) : undefined;
    if (metadata.createdAt && age !== undefined && age >= 0 && age < RECENT_DAYS) detections.push(finding.recentlyPublished(dep, metadata.createdAt, age));
  }
  return { detections, versions: [...versions] };
}

function vulnerabilityDetections(subjects: Map<string, Subject>, advisories: Advisory[], metadata: Map<string, PackageMetadata>): Detection[] {
  const grouped = new Map<string, Advisory[]>();
  for (const advisory of advisories) {
    const key = `${keyOf(advisory.ecosystem, advisory.name)}\u0000${advisory.version}`;
    const list = grouped.get(key) ?? [];
    if (!list.some((a) => a.id === advisory.id)) list.push(advisory);
    grouped.set(key, list);
  }
  const detections: Detection[] = [];
  for (const [key, list] of grouped) {
    const cut = key.lastIndexOf("\u0000");
    const subjectKey = key.slice(0, cut);
    const version = key.slice(cut + 1);
    const subject = subjects.get(subjectKey);
    if (!subject) continue;
    detections.push(finding.vulnerable(subject.report, version, list, firstFixedVersion(version, list, metadata.get(subjectKey))));
  }
  return detections;
}

export const packagesAnalyzer: Analyzer = {
  name: "packages",
  async analyze(context) {
    const files = parseFiles(context);
    if (files.length === 0) return [];
    const { config } = context;
    const detections = lockfileOnlyDetections(files);
    const allowed = config.packages.allow.length > 0 ? picomatch(config.packages.allow) : () => false;
    const toCheck: Array<{ subject: Subject; allowed: boolean }> = [];
    for (const subject of collectSubjects(files)) {
      if (subject.declarations.every((d) => d.nonRegistry)) continue;
      const scope = internalScopeOf(subject.name, config);
      if (scope) {
        // Internal names are never sent to a public registry: that alone would leak them.
        const evidence = confusionEvidence(subject, files);
        if (evidence) detections.push(finding.dependencyConfusion(subject.report, scope, evidence));
        continue;
      }
      toCheck.push({ subject, allowed: allowed(subject.name) });
    }
    const registry = context.ports.registry;
    if (!registry) {
      for (const { subject, allowed: isAllowed } of toCheck) {
        const squat = isAllowed ? undefined : popularIndex(subject.ecosystem)?.find(subject.name);
        if (squat) detections.push(finding.typosquat(subject.report, squat));
      }
      if (toCheck.length > 0) {
        context.note({
          kind: "skipped",
          message: `Registry checks skipped: no registry client was given (offline run), so ${toCheck.length} new or changed dependenc${toCheck.length === 1 ? "y was" : "ies were"} not checked for existence, versions, install scripts, age, deprecation or known vulnerabilities; only typosquats (against the popular-package list of ${POPULAR_SOURCE.date}) and lockfile changes were checked.`,
        });
      }
      return detections;
    }
    const answers = await mapLimit(toCheck, LOOKUP_CONCURRENCY, ({ subject }) => registry.lookup(subject.ecosystem, subject.name));
    const queries: AdvisoryQuery[] = [];
    const metadata = new Map<string, PackageMetadata>();
    const subjects = new Map<string, Subject>();
    toCheck.forEach(({ subject, allowed: isAllowed }, i) => {
      const answer = answers[i] as RegistryAnswer;
      const checked = checkAnswer(subject, answer, registry, config, isAllowed);
      detections.push(...checked.detections);
      if (answer.status === "found") metadata.set(subject.key, answer.metadata);
      subjects.set(subject.key, subject);
      for (const version of checked.versions) queries.push({ ecosystem: subject.ecosystem, name: subject.name, version });
    });
    if (queries.length > 0) {
      const result = await registry.advisories(queries);
      if (result.status === "ok") detections.push(...vulnerabilityDetections(subjects, result.advisories, metadata));
      else {
        const first = subjects.get(keyOf(queries[0]?.ecosystem ?? "npm", queries[0]?.name ?? ""));
        if (first) {
          detections.push(
            finding.unverifiable(first.report, result.reason, config.packages.unverifiable === "block", `and ${queries.length - 1} other package version(s) could not be checked for known vulnerabilities`),
          );
        }
      }
    }
    return detections;
  },
};
