/**
 * Per-category true positives, false positives and misses, with precision, recall and F1. Pure: takes the
 * matching of each PR and returns numbers and the lists a reviewer reads to see why a number moved.
 */
import { CATEGORIES, type Category } from "../core/finding.js";
import type { ExpectedFinding } from "./labels.js";
import type { MatchResult, ScoredFinding } from "./match.js";

export interface PrMatch {
  prId: string;
  match: MatchResult;
}

export interface Miss {
  prId: string;
  path: string;
  line: number;
  category: Category;
  note?: string;
}

export interface FalseAlarm {
  prId: string;
  path: string;
  line: number;
  category: Category;
  ruleId: string;
  message?: string;
}

export interface CategoryScore {
  category: Category;
  tp: number;
  fp: number;
  fn: number;
  /** null when the tool reported nothing in this category (no precision to speak of). */
  precision: number | null;
  /** null when the corpus labels nothing in this category. */
  recall: number | null;
  f1: number | null;
}

export interface ToolScore {
  categories: CategoryScore[];
  total: Omit<CategoryScore, "category"> & { category: "all" };
  misses: Miss[];
  falseAlarms: FalseAlarm[];
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator === 0 ? null : numerator / denominator;
}

/**
 * F1 as 2TP / (2TP + FP + FN): the harmonic mean of precision and recall when both exist, and still defined (0)
 * for a tool that reported nothing where labels exist. Null only when there is nothing at all to score.
 */
function f1Of(tp: number, fp: number, fn: number): number | null {
  return ratio(2 * tp, 2 * tp + fp + fn);
}

function scoreOf(tp: number, fp: number, fn: number) {
  return { tp, fp, fn, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: f1Of(tp, fp, fn) };
}

function toMiss(prId: string, label: ExpectedFinding): Miss {
  return { prId, path: label.path, line: label.line, category: label.category, ...(label.note ? { note: label.note } : {}) };
}

function toFalseAlarm(prId: string, finding: ScoredFinding): FalseAlarm {
  return { prId, path: finding.path, line: finding.line, category: finding.category, ruleId: finding.ruleId, ...(finding.message ? { message: finding.message } : {}) };
}

/**
 * `only` limits the table to categories a tool plays in (a peer that cannot see IaC is not scored there);
 * by default every category with a label or a finding appears.
 */
export function scoreTool(matches: readonly PrMatch[], only?: ReadonlySet<Category>): ToolScore {
  const counts = new Map<Category, { tp: number; fp: number; fn: number }>();
  const bump = (category: Category, key: "tp" | "fp" | "fn") => {
    const entry = counts.get(category) ?? { tp: 0, fp: 0, fn: 0 };
    entry[key]++;
    counts.set(category, entry);
  };
  const misses: Miss[] = [];
  const falseAlarms: FalseAlarm[] = [];
  for (const { prId, match } of matches) {
    for (const { label } of match.matched) if (!only || only.has(label.category)) bump(label.category, "tp");
    for (const finding of match.unmatchedFindings) {
      if (only && !only.has(finding.category)) continue;
      bump(finding.category, "fp");
      falseAlarms.push(toFalseAlarm(prId, finding));
    }
    for (const label of match.unmatchedLabels) {
      if (only && !only.has(label.category)) continue;
      bump(label.category, "fn");
      misses.push(toMiss(prId, label));
    }
  }
  const categories = CATEGORIES.filter((c) => counts.has(c) || only?.has(c)).map((category) => {
    const { tp, fp, fn } = counts.get(category) ?? { tp: 0, fp: 0, fn: 0 };
    return { category, ...scoreOf(tp, fp, fn) };
  });
  const sum = (key: "tp" | "fp" | "fn") => categories.reduce((total, c) => total + c[key], 0);
  return { categories, total: { category: "all", ...scoreOf(sum("tp"), sum("fp"), sum("fn")) }, misses, falseAlarms };
}
