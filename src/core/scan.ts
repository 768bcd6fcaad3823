/**
 * scan(changes, config, ports) -> findings. Pure: no network, no file system, no clock beyond timing; the
 * Worker, the CLI and the tests pass their own ports. Identical input gives identical findings and ids.
 */
import picomatch from "picomatch";
import type { ScanPorts } from "../ports.js";
import type { Analyzer, AnalyzerContext, AnalyzerFile, Detection } from "./analyzers/analyzer.js";
import { agentScopeAnalyzer } from "./analyzers/agent-scope.js";
import { authAnalyzer } from "./analyzers/auth.js";
import { configTlsAnalyzer } from "./analyzers/config-tls.js";
import { packagesAnalyzer } from "./analyzers/packages.js";
import { rulesAnalyzer } from "./analyzers/rules.js";
import { secretsAnalyzer } from "./analyzers/secrets.js";
import type { ChangeSet, ScanNote } from "./changes.js";
import { CONFIG_PATH, type Config } from "./config.js";
import { collapseDuplicates } from "./collapse.js";
import { scanText } from "./diff.js";
import { IAC_ANALYZERS } from "./iac/index.js";
import { fingerprint } from "./fingerprint.js";
import { severityRank, type Finding } from "./finding.js";
import { parseAgentsMd, type AgentsGuidance } from "./agents-md.js";
import { buildFixPrompt } from "./fix-prompt.js";
import { redactSecrets } from "./redact.js";
import { RuleEngine } from "./rules/engine.js";
import type { Rule } from "./rules/schema.js";
import { findInlineSuppressions, type InlineSuppression } from "./suppressions.js";
import { SyntaxTrees } from "./syntax-trees.js";
import { remembered } from "./remembered.js";
import { compareText } from "./compare-text.js";

export interface ScanStats {
  files: number;
  scannedFiles: number;
  addedLines: number;
  bytes: number;
  durationMs: number;
}

export interface ScanResult {
  findings: Finding[];
  notes: ScanNote[];
  suppressions: InlineSuppression[];
  stats: ScanStats;
}

export interface ScanOptions {
  rules: readonly Rule[];
  analyzers?: readonly Analyzer[];
  /** Reuse one engine (and its compiled queries) across scans, as the Worker and the benchmark do. */
  engine?: RuleEngine;
  /**
   * Called after each batch of a large change, once its trees are freed: the CLI collects garbage there now and
   * then (src/node/batch-collector.ts), when little of the heap is live.
   */
  afterBatch?: () => void;
}

/** Which part of the detection work to do: the CLI splits a large scan across threads this way. */
export interface DetectOptions extends ScanOptions {
  /**
   * `per-file` runs only the analyzers whose findings depend on one file at a time, `whole-change` only the
   * others; both by default.
   */
  part?: "per-file" | "whole-change";
  /** Only this share of the files (by size, so shares take about equally long) gets per-file analysis. */
  shard?: { index: number; count: number };
}

export interface Detections {
  detections: Detection[];
  notes: ScanNote[];
}

export const DEFAULT_ANALYZERS: readonly Analyzer[] = [rulesAnalyzer, configTlsAnalyzer, secretsAnalyzer, authAnalyzer, packagesAnalyzer, ...IAC_ANALYZERS, agentScopeAnalyzer];

/**
 * A large change is analyzed in batches of about this much text, every per-file analyzer on one batch before
 * the next, so at most one batch of trees is held in memory (tree-sitter's trees take some 30 to 50 bytes per
 * byte of source). 256 KB batches were tried: slower and over the 256 MiB target on a 10 MB diff with one
 * thread (27 s and 272 MiB, against 21 s and 256 MiB).
 */
export const BATCH_BYTES = 64 * 1024;

/**
 * A change with at most this much text is one batch: its trees take some 15 to 25 MB, well inside a Worker's
 * 128 MB. The auth analyzer's repository wiring reads files across the whole change, and parses again a file
 * outside the current batch: on the corpus's 267 JS/TS files (180 KB), 64 KB batches parsed 123 files twice
 * and took about 160 ms longer than one batch.
 */
const ONE_BATCH_MAX_BYTES = 512 * 1024;

const engines = new WeakMap<readonly Rule[], WeakMap<ScanPorts["grammars"], RuleEngine>>();

/** One engine per (rule set, grammar loader): it keeps each rule's parsed patterns, path globs and grammar checks. */
export function engineFor(rules: readonly Rule[], grammars: ScanPorts["grammars"]): RuleEngine {
  const byLoader = remembered(engines, rules, () => new WeakMap<ScanPorts["grammars"], RuleEngine>());
  return remembered(byLoader, grammars, () => new RuleEngine(rules, grammars));
}

export async function scan(changes: ChangeSet, config: Config, ports: ScanPorts, options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  return finishScan(changes, config, await detect(changes, config, ports, options), started);
}

/** The findings, notes and stats of a scan whose detections were gathered (perhaps on several threads). */
export async function finishScan(changes: ChangeSet, config: Config, gathered: Detections, started: number): Promise<ScanResult> {
  const { files, notes: intakeNotes, bytes, addedLines } = scannedFiles(changes, config);
  const findings = await toFindings(applyConfig(gathered.detections, config), config, parseAgentsMd(changes.context?.agentsMd));
  return {
    findings,
    notes: [...intakeNotes, ...gathered.notes],
    suppressions: findInlineSuppressions(files),
    stats: { files: changes.files.length, scannedFiles: files.length, addedLines, bytes, durationMs: Date.now() - started },
  };
}

/** Runs the analyzers (all, or the part `options` names) and returns their raw detections and notes. */
export async function detect(changes: ChangeSet, config: Config, ports: ScanPorts, options: DetectOptions): Promise<Detections> {
  const notes: ScanNote[] = [];
  const { files } = scannedFiles(changes, config);
  const engine = options.engine ?? engineFor(options.rules, ports.grammars);
  const analyzers = options.analyzers ?? DEFAULT_ANALYZERS;
  const memos = new Map<string, Promise<unknown>>();
  const base = {
    allFiles: files,
    changes,
    config,
    ports,
    engine,
    note: (note: ScanNote) => notes.push(note),
    memo<T>(key: string, compute: () => Promise<T>): Promise<T> {
      return remembered(memos, key, compute) as Promise<T>;
    },
  };
  const detections: Detection[] = [];
  const runAnalyzer = async (analyzer: Analyzer, context: AnalyzerContext) => {
    try {
      detections.push(...(await analyzer.analyze(context)));
    } catch (error) {
      // An analyzer bug must not pass the PR: it becomes a note that the gate treats as an incomplete scan.
      notes.push({ kind: "unparseable", message: `The ${analyzer.name} analyzer failed (${error instanceof Error ? error.message : String(error)}); its checks did not complete.` });
    }
  };
  if (options.part !== "whole-change") {
    const perFile = analyzers.filter((a) => a.perFile);
    const mine = options.shard ? shardOf(files, options.shard) : files;
    for (const batch of batchesOf(mine)) {
      const trees = new SyntaxTrees(engine);
      try {
        for (const analyzer of perFile) await runAnalyzer(analyzer, { ...base, files: batch, trees });
      } finally {
        await trees.release();
      }
      options.afterBatch?.();
    }
  }
  if (options.part !== "per-file") {
    const trees = new SyntaxTrees(engine);
    try {
      for (const analyzer of analyzers.filter((a) => !a.perFile)) await runAnalyzer(analyzer, { ...base, files, trees });
    } finally {
      await trees.release();
    }
  }
  return { detections, notes };
}

interface Intake {
  files: AnalyzerFile[];
  notes: ScanNote[];
  bytes: number;
  addedLines: number;
}

/** One intake per (change, config): detect and finishScan (and the CLI's threads) all need it, and building a large file's text costs. */
const intakes = new WeakMap<ChangeSet, WeakMap<Config, Intake>>();

/** The files a scan reads (not deleted, not ignored), with the notes intake adds and the size of what is scanned. */
export function scannedFiles(changes: ChangeSet, config: Config): Intake {
  const byConfig = remembered(intakes, changes, () => new WeakMap<Config, Intake>());
  return remembered(byConfig, config, () => readIntake(changes, config));
}

function readIntake(changes: ChangeSet, config: Config): Intake {
  const patterns = config.ignore.length > 0 ? picomatch(config.ignore, { dot: true }) : () => false;
  // The gate's own config is always read: `ignore: ["**"]` must not hide a change to the gate itself.
  const ignored = (path: string) => path !== CONFIG_PATH && patterns(path);
  const ignoredNote = (path: string): ScanNote => ({ path, kind: "skipped", message: `${path}: ignored by the repository's \`ignore\` setting.` });
  // A file intake could not read (binary, too large) that the repository ignores is skipped like any other.
  const notes = changes.notes.map((note) => (note.path !== undefined && note.kind !== "skipped" && ignored(note.path) ? ignoredNote(note.path) : note));
  const files: AnalyzerFile[] = [];
  let bytes = 0;
  let addedLines = 0;
  for (const file of changes.files) {
    if (file.status === "deleted") continue;
    if (ignored(file.path)) {
      notes.push(ignoredNote(file.path));
      continue;
    }
    const text = scanText(file);
    bytes += file.addedLines.length === 0 ? 0 : text.length;
    addedLines += file.addedLines.length;
    files.push({ file, text, added: new Set(file.addedLines) });
  }
  return { files, notes, bytes, addedLines };
}

function batchesOf(files: readonly AnalyzerFile[]): AnalyzerFile[][] {
  if (files.reduce((sum, entry) => sum + entry.text.length, 0) <= ONE_BATCH_MAX_BYTES) return files.length > 0 ? [[...files]] : [];
  const batches: AnalyzerFile[][] = [];
  let batch: AnalyzerFile[] = [];
  let size = 0;
  for (const entry of files) {
    batch.push(entry);
    size += entry.text.length;
    if (size >= BATCH_BYTES) {
      batches.push(batch);
      batch = [];
      size = 0;
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Largest files first, each to the lightest share so far: deterministic, and shares end up close in size. */
export function shardOf(files: readonly AnalyzerFile[], shard: { index: number; count: number }): AnalyzerFile[] {
  const loads = new Array<number>(shard.count).fill(0);
  const owner = new Map<AnalyzerFile, number>();
  const bySize = [...files].sort((a, b) => b.text.length - a.text.length || compareText(a.file.path, b.file.path));
  for (const entry of bySize) {
    let lightest = 0;
    for (let i = 1; i < loads.length; i++) if (loads[i]! < loads[lightest]!) lightest = i;
    owner.set(entry, lightest);
    loads[lightest]! += entry.text.length;
  }
  return files.filter((entry) => owner.get(entry) === shard.index);
}

function applyConfig(detections: Detection[], config: Config): Detection[] {
  const disabled = new Set(config.rules.disable);
  return collapseDuplicates(detections)
    .filter((d) => !disabled.has(d.ruleId) && config.categories[d.category] !== "off")
    .map((d) => {
      const severity = config.rules.severity[d.ruleId];
      return severity ? { ...d, severity } : d;
    });
}

async function toFindings(detections: Detection[], config: Config, guidance: AgentsGuidance): Promise<Finding[]> {
  const sorted = [...detections].sort(
    (a, b) => compareText(a.path, b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || compareText(a.ruleId, b.ruleId),
  );
  const occurrences = new Map<string, number>();
  const findings: Finding[] = [];
  const allowedSecrets = new Set(config.secrets.allow);
  // Digests are requested all at once: one at a time, each waits its turn on the crypto thread pool.
  const ids = await Promise.all(
    sorted.map((detection) => {
      const normalized = detection.matchedText.replace(/\s+/g, " ").trim();
      const key = `${detection.ruleId}\u0000${detection.path}\u0000${normalized}`;
      const occurrence = occurrences.get(key) ?? 0;
      occurrences.set(key, occurrence + 1);
      return fingerprint(detection.ruleId, detection.path, detection.matchedText, occurrence);
    }),
  );
  // Every finding of a rule carries the rule's `why`: each distinct one is redacted once. Only the why: keeping
  // every prompt and evidence text of a large scan as a key raised its peak memory.
  const redactedWhys = new Map<string, string>();
  // Another rule's match can span a secret (a Dockerfile `RUN` continued over a pasted key): every secret found
  // in a file, allowed ones included, is masked in every finding of that file.
  const secretsByPath = new Map<string, Array<NonNullable<Detection["secretValue"]>>>();
  for (const detection of sorted) {
    if (detection.secretValue) remembered(secretsByPath, detection.path, () => []).push(detection.secretValue);
  }
  for (const [index, detection] of sorted.entries()) {
    const id = ids[index]!;
    if (detection.category === "secret" && allowedSecrets.has(id)) continue;
    const known = secretsByPath.get(detection.path) ?? [];
    const redact = (text: string) => redactSecrets(text, known);
    const finding: Finding = {
      id,
      ruleId: detection.ruleId,
      category: detection.category,
      severity: detection.severity,
      confidence: detection.confidence,
      path: detection.path,
      line: detection.line,
      endLine: detection.endLine,
      message: redact(detection.message),
      why: known.length > 0 ? redact(detection.why) : remembered(redactedWhys, detection.why, () => redact(detection.why)),
      // Redacted whole, then cut: a cut first can leave part of a secret that no pattern recognises any more (a
      // private key's first lines without its END line).
      evidence: evidenceOf(redact(detection.matchedText)),
      fix: { prompt: redact(buildFixPrompt(id, detection, guidance)) },
    };
    if (detection.column !== undefined) finding.column = detection.column;
    if (detection.suggestion) finding.fix.suggestion = redact(detection.suggestion);
    if (detection.cwe) finding.cwe = detection.cwe;
    if (detection.references?.length) finding.references = detection.references;
    findings.push(finding);
  }
  return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || compareText(a.path, b.path) || a.line - b.line);
}

/** At most three lines and 300 characters of the match: enough to recognise it in a review. */
function evidenceOf(text: string): string {
  const lines = text.split("\n");
  let evidence = lines.slice(0, 3).join("\n");
  if (lines.length > 3) evidence += "\n…";
  return evidence.length > 300 ? `${evidence.slice(0, 297)}...` : evidence;
}
