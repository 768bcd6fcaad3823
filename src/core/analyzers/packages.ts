/**
 * The `package` category: every dependency the PR adds or changes, checked for names that do not exist
 * (hallucinated), typosquats, install scripts, brand-new packages, deprecation, known vulnerabilities and
 * dependency confusion, downgrades of direct dependencies, and git dependencies on a ref that can move. Registry
 * answers come through `ports.registry`, batched: one lookup per distinct package and one advisory request per
 * scan. Without a registry (offline CLI) only the offline checks run (typosquats, downgrades, git sources,
 * lockfile changes), with a note.
 *
 * The base is read from the diff itself (packages/base.ts): a dependency the base already declares is "seen
 * before", so a line re-added with the same version is no change, and a registry that cannot be reached does not
 * block it.
 */
import picomatch from "picomatch";
import semver from "semver";
import type { DeclaredDependency, ParsedDependencyFile } from "../packages/dependency.js";
import { downgradeDetection, keyOf, oldSideText, previousDeclaration, readBase, type Base } from "../packages/base.js";
import * as finding from "../packages/findings.js";
import { dirName, parseDependencyFile } from "../packages/parse.js";
import { POPULAR_NAMES, POPULAR_SOURCE } from "../packages/popular.js";
import type { Advisory, AdvisoryQuery, Ecosystem, PackageMetadata, RegistryAnswer, RegistryClient } from "../packages/registry-port.js";
import { firstFixedVersion, resolveVersion } from "../packages/resolve.js";
import { PopularIndex } from "../packages/typosquat.js";
import { gitSource, pinsCommit } from "../packages/vcs.js";
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
  /** The same file's old side as far as the diff shows it (removed and context lines), when it had one. */
  before?: ParsedDependencyFile;
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
  /** A base file that already declared this package, when one did. */
  seenIn?: string;
}

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
    const old = entry.file.status === "added" ? undefined : oldSideText(entry.file);
    // The old side keeps the new path, so its declarations pair with the new ones; its problems are the base's own.
    const before = old ? parseDependencyFile({ path: entry.file.path, text: old.text, full: false, segmentStarts: old.starts }) : undefined;
    files.push({ entry, parsed, ...(before ? { before } : {}) });
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

function collectSubjects(files: ParsedFile[], base: Base): Subject[] {
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
      // Re-added as it was (a comma appended, a section moved): the same version the base already installs.
      if (previousDeclaration(dep, base)?.spec === dep.spec) continue;
      const key = keyOf(dep.ecosystem, dep.name);
      const subject = subjects.get(key) ?? { key, ecosystem: dep.ecosystem, name: dep.name, report: dep, declarations: [], lockedVersions: new Set<string>() };
      subject.declarations.push(dep);
      if (dep.source === "manifest" && subject.report.source === "lockfile") subject.report = dep;
      if (dep.source === "lockfile" && dep.exactVersion && !dep.nonRegistry) subject.lockedVersions.add(dep.exactVersion);
      subjects.set(key, subject);
    }
  }
  for (const subject of subjects.values()) {
    // A manifest change whose lockfile entry did not move still installs the locked version.
    if (subject.lockedVersions.size === 0) for (const v of locked.get(subject.key) ?? []) subject.lockedVersions.add(v);
    const seenIn = base.seenIn.get(subject.key);
    if (seenIn) subject.seenIn = seenIn;
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

/** Whether an unverified package blocks: by the repository's config, and only when the base did not have it. */
function blocksWhenUnverified(subject: Subject, config: Config): boolean {
  return config.packages.unverifiable === "block" && subject.seenIn === undefined;
}

/**
 * A popular package whose install script is the one its previous release already ran (esbuild's `node
 * install.js`) is the known, reviewed state; what matters is a script on an unknown package, or one that appeared
 * or changed in this release, which is how hijacked releases of popular packages (ua-parser-js) ran their payload.
 * The registry shows the command, not the file it runs: a changed `install.js` behind the same command is not seen.
 */
function establishedInstallScripts(subject: Subject, metadata: PackageMetadata, version: string): boolean {
  if (!popularIndex(subject.ecosystem)?.isPopular(subject.name) || !semver.valid(version)) return false;
  const earlier = Object.keys(metadata.versions)
    .filter((v) => semver.valid(v) && semver.lt(v, version))
    .sort(semver.compare)
    .at(-1);
  if (!earlier) return false;
  const scripts = (v: string) => JSON.stringify(Object.entries(metadata.versions[v]?.installScripts ?? {}).sort());
  return scripts(earlier) === scripts(version);
}

/** The registry-backed checks of one package: existence, version, typosquat, scripts, age, deprecation. */
function checkAnswer(subject: Subject, answer: RegistryAnswer, registry: RegistryClient, config: Config, allowed: boolean): { detections: Detection[]; versions: string[] } {
  const dep = subject.report;
  const squat = allowed ? undefined : popularIndex(subject.ecosystem)?.find(subject.name);
  if (answer.status === "missing") return { detections: [finding.notFound(dep, squat)], versions: [] };
  if (answer.status === "unreachable") {
    // A look-alike name needs no registry to be told, and it blocks on its own: that is the finding to fix.
    if (squat) return { detections: [finding.typosquat(dep, squat)], versions: [] };
    return { detections: [finding.unverifiable(dep, answer.reason, blocksWhenUnverified(subject, config), undefined, subject.seenIn)], versions: [] };
  }
  const metadata = answer.metadata;
  const detections: Detection[] = [];
  const versions = new Set(subject.lockedVersions);
  let noSuchVersion = false;
  if (dep.source === "manifest" && !dep.nonRegistry) {
    const resolution = resolveVersion(dep, metadata);
    noSuchVersion = resolution.status === "no-match";
    if (resolution.status === "resolved" && versions.size === 0) versions.add(resolution.version);
  }
  if (squat) {
    // `expres@^4.21.2`: a range that fits the popular package and nothing the look-alike published is one slip, one finding.
    const evidence = noSuchVersion ? `No version of \`${dep.name}\` matches \`${dep.spec}\`${metadata.latest ? ` (its latest is ${metadata.latest})` : ""}: the range was written for \`${squat.target}\`.` : undefined;
    detections.push(finding.typosquat(dep, squat, evidence));
  } else if (noSuchVersion) detections.push(finding.versionNotFound(dep, metadata.latest));
  if (!allowed) {
    for (const version of versions) {
      const info = metadata.versions[version];
      if (info?.installScripts && Object.keys(info.installScripts).length > 0 && !establishedInstallScripts(subject, metadata, version)) {
        detections.push(finding.installScripts(dep, version, info.installScripts));
      }
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

async function advisoryDetections(context: AnalyzerContext, registry: RegistryClient, queries: AdvisoryQuery[], subjects: Map<string, Subject>, metadata: Map<string, PackageMetadata>): Promise<Detection[]> {
  if (queries.length === 0) return [];
  const result = await registry.advisories(queries);
  if (result.status === "ok") return vulnerabilityDetections(subjects, result.advisories, metadata);
  const asked = queries.map((q) => `${q.name}@${q.version}`);
  const listed = `${asked.slice(0, 5).join(", ")}${asked.length > 5 ? ` and ${asked.length - 5} more` : ""}`;
  if (result.status === "skipped") {
    context.note({ kind: "skipped", message: `Known-vulnerability check not run for ${listed}: ${result.reason}.` });
    return [];
  }
  // One finding for the whole check, on a package new to the repository when there is one: that is what blocks.
  const querySubjects = queries.flatMap((q) => subjects.get(keyOf(q.ecosystem, q.name)) ?? []);
  const anchor = querySubjects.find((s) => s.seenIn === undefined) ?? querySubjects[0];
  if (!anchor) return [];
  const others = queries.length - 1;
  const what = `${others > 0 ? `and ${others} other package version${others === 1 ? "" : "s"} (${listed}) ` : ""}could not be checked for known vulnerabilities`;
  return [finding.unverifiable(anchor.report, result.reason, blocksWhenUnverified(anchor, context.config), what, anchor.seenIn)];
}

export const packagesAnalyzer: Analyzer = {
  name: "packages",
  async analyze(context) {
    const files = parseFiles(context);
    if (files.length === 0) return [];
    const { config } = context;
    const detections = lockfileOnlyDetections(files);
    const base = readBase(files.map(({ entry, parsed, before }) => ({ parsed, added: entry.added, ...(before ? { before } : {}) })));
    const allowed = config.packages.allow.length > 0 ? picomatch(config.packages.allow) : () => false;
    const toCheck: Array<{ subject: Subject; allowed: boolean }> = [];
    for (const subject of collectSubjects(files, base)) {
      for (const dep of subject.declarations) {
        const downgraded = downgradeDetection(dep, base);
        if (downgraded) detections.push(downgraded);
        const git = allowed(subject.name) ? undefined : gitSource(dep);
        if (git && !pinsCommit(git)) detections.push(finding.unpinnedGitSource(dep, git));
      }
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
          message: `Registry checks skipped: no registry client was given (offline run), so ${toCheck.length} new or changed dependenc${toCheck.length === 1 ? "y was" : "ies were"} not checked for existence, versions, install scripts, age, deprecation or known vulnerabilities; only typosquats (against the popular-package list of ${POPULAR_SOURCE.date}), downgrades, git sources and lockfile changes were checked.`,
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
    detections.push(...(await advisoryDetections(context, registry, queries, subjects, metadata)));
    return detections;
  },
};
