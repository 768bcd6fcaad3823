/**
 * The finding schema (DESIGN.md): the one shape every analyzer reports through and every output prints.
 * The CLI's `--format json` prints an array of these, so field names are a public contract.
 */
import { z } from "./zod.js";

export const CATEGORIES = [
  "auth",
  "sql",
  "path-traversal",
  "package",
  "secret",
  "iac",
  "injection",
  "ssrf",
  "tls",
  "error-leak",
  "tests-disabled",
  "agent-config",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** Ordered from least to most severe, so an index comparison answers "at or above". */
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severitySchema = z.enum(SEVERITIES);
export const categorySchema = z.enum(CATEGORIES);

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

export interface FindingFix {
  /** Paste-ready instruction for a coding agent; secrets already redacted. */
  prompt: string;
  /** Replacement text for the reported lines, when the fix is mechanical. */
  suggestion?: string;
}

export interface Finding {
  /** Stable fingerprint ("GH-" + 8 hex): rule + path + normalized matched text, never the line number. */
  id: string;
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
  evidence: string;
  fix: FindingFix;
  cwe?: string;
  references?: string[];
}
