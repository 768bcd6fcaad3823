/**
 * What every analyzer (rules, secrets, packages, IaC, auth, agent scope) returns: a detection, before the
 * scan core gives it an id, redacts it and writes its fix prompt. One shape, so every output treats them alike.
 */
import type { ChangedFile } from "../changes.js";
import type { Config } from "../config.js";
import type { Category, Severity } from "../finding.js";
import type { ChangeSet, ScanNote } from "../changes.js";
import type { ScanPorts } from "../../ports.js";
import type { RuleEngine } from "../rules/engine.js";
import type { SyntaxTrees } from "../syntax-trees.js";

export interface Detection {
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence: "high" | "medium" | "low";
  path: string;
  line: number;
  endLine: number;
  column?: number;
  message: string;
  why: string;
  /** The matched source, unredacted: the scan core redacts it and hashes it for the fingerprint. */
  matchedText: string;
  /** The specific change to make, one or two sentences; the scan core wraps it into the full fix prompt. */
  fix: string;
  suggestion?: string;
  /** For secrets: the value itself, so every text built from this detection masks it even out of context. */
  secretValue?: { value: string; provider: string };
  cwe?: string;
  references?: string[];
}

export interface AnalyzerFile {
  file: ChangedFile;
  /** The text the analyzer should read: the whole new file, or the sparse hunk text. */
  text: string;
  added: ReadonlySet<number>;
}

export interface AnalyzerContext {
  /**
   * The files to analyze now. For a `perFile` analyzer this is one batch of a large change (every file is in
   * exactly one batch); for the others it is every file the scan keeps.
   */
  files: AnalyzerFile[];
  /** Every file the scan keeps (not deleted, not ignored), for analyzers that look across files. */
  allFiles: readonly AnalyzerFile[];
  /** Tree-sitter trees shared by every analyzer in this batch; do not delete them. */
  trees: SyntaxTrees;
  /** A value computed once per scan and shared across batches (e.g. Django's URL table). */
  memo<T>(key: string, compute: () => Promise<T>): Promise<T>;
  /** The whole change: deleted files and repository context (AGENTS.md from the base) included. */
  changes: ChangeSet;
  config: Config;
  ports: ScanPorts;
  engine: RuleEngine;
  note(note: ScanNote): void;
}

export interface Analyzer {
  name: string;
  /**
   * True when each file's detections depend only on that file (and on `allFiles` for context): the scan
   * core may then run the analyzer batch by batch, or split files across threads.
   */
  perFile?: boolean;
  analyze(context: AnalyzerContext): Promise<Detection[]>;
}
