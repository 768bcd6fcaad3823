/**
 * scan(changes, config, ports) -> findings. Pure: no network, no file system, no clock beyond timing; the
 * Worker, the CLI and the tests pass their own ports. Identical input gives identical findings and ids.
 */
import picomatch from "picomatch";
import type { ScanPorts } from "../ports.js";
import type { Analyzer, AnalyzerFile, Detection } from "./analyzers/analyzer.js";
import { agentScopeAnalyzer } from "./analyzers/agent-scope.js";
import { authAnalyzer } from "./analyzers/auth.js";
import { packagesAnalyzer } from "./analyzers/packages.js";
import { rulesAnalyzer } from "./analyzers/rules.js";
import { secretsAnalyzer } from "./analyzers/secrets.js";
import type { ChangeSet, ScanNote } from "./changes.js";
import type { Config } from "./config.js";
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
}

export const DEFAULT_ANALYZERS: readonly Analyzer[] = [rulesAnalyzer, secretsAnalyzer, authAnalyzer, packagesAnalyzer, ...IAC_ANALYZERS, agentScopeAnalyzer];

const engines = new WeakMap<readonly Rule[], WeakMap<ScanPorts["grammars"], RuleEngine>>();

/** One engine per (rule set, grammar loader): compiling queries is the expensive part of a small scan. */
export function engineFor(rules: readonly Rule[], grammars: ScanPorts["grammars"]): RuleEngine {
  let byLoader = engines.get(rules);
  if (!byLoader) {
    byLoader = new WeakMap();
    engines.set(rules, byLoader);
  }
  let engine = byLoader.get(grammars);
  if (!engine) {
    engine = new RuleEngine(rules, grammars);
    byLoader.set(grammars, engine);
  }
  return engine;
}

export async function scan(changes: ChangeSet, config: Config, ports: ScanPorts, options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const notes: ScanNote[] = [...changes.notes];
  const ignored = config.ignore.length > 0 ? picomatch(config.ignore, { dot: true }) : () => false;
  const files: AnalyzerFile[] = [];
  let bytes = 0;
  let addedLines = 0;
  for (const file of changes.files) {
    if (file.status === "deleted") continue;
    if (ignored(file.path)) {
      notes.push({ path: file.path, kind: "skipped", message: `${file.path}: ignored by the repository's \`ignore\` setting.` });
      continue;
    }
    const text = scanText(file);
    bytes += file.addedLines.length === 0 ? 0 : text.length;
    addedLines += file.addedLines.length;
    files.push({ file, text, added: new Set(file.addedLines) });
  }
  const engine = options.engine ?? engineFor(options.rules, ports.grammars);
  const context = { files, changes, config, ports, engine, note: (note: ScanNote) => notes.push(note) };
  const detections: Detection[] = [];
  for (const analyzer of options.analyzers ?? DEFAULT_ANALYZERS) {
    try {
      detections.push(...(await analyzer.analyze(context)));
    } catch (error) {
      // An analyzer bug must not pass the PR: it becomes a note that the gate treats as an incomplete scan.
      notes.push({ kind: "unparseable", message: `The ${analyzer.name} analyzer failed (${error instanceof Error ? error.message : String(error)}); its checks did not complete.` });
    }
  }
  const findings = await toFindings(applyConfig(detections, config), config, parseAgentsMd(changes.context?.agentsMd));
  return {
    findings,
    notes,
    suppressions: findInlineSuppressions(files),
    stats: { files: changes.files.length, scannedFiles: files.length, addedLines, bytes, durationMs: Date.now() - started },
  };
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
    (a, b) => a.path.localeCompare(b.path) || a.line - b.line || (a.column ?? 0) - (b.column ?? 0) || a.ruleId.localeCompare(b.ruleId),
  );
  const occurrences = new Map<string, number>();
  const findings: Finding[] = [];
  const allowedSecrets = new Set(config.secrets.allow);
  for (const detection of sorted) {
    const normalized = detection.matchedText.replace(/\s+/g, " ").trim();
    const key = `${detection.ruleId}\u0000${detection.path}\u0000${normalized}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    const id = await fingerprint(detection.ruleId, detection.path, detection.matchedText, occurrence);
    if (detection.category === "secret" && allowedSecrets.has(id)) continue;
    const known = detection.secretValue ? [detection.secretValue] : [];
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
      why: redact(detection.why),
      evidence: redact(evidenceOf(detection.matchedText)),
      fix: { prompt: redact(buildFixPrompt(id, detection, guidance)) },
    };
    if (detection.column !== undefined) finding.column = detection.column;
    if (detection.suggestion) finding.fix.suggestion = redact(detection.suggestion);
    if (detection.cwe) finding.cwe = detection.cwe;
    if (detection.references?.length) finding.references = detection.references;
    findings.push(finding);
  }
  return findings.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.path.localeCompare(b.path) || a.line - b.line);
}

/** At most three lines and 300 characters of the match: enough to recognise it in a review. */
function evidenceOf(text: string): string {
  const lines = text.split("\n");
  let evidence = lines.slice(0, 3).join("\n");
  if (lines.length > 3) evidence += "\n…";
  return evidence.length > 300 ? `${evidence.slice(0, 297)}...` : evidence;
}
