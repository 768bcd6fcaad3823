/**
 * Reads the labelled corpus from disk and prepares each PR the way `gatehouse scan --root` would: the diff parsed,
 * the full new text from `files/` attached where it agrees with the diff, the PR's own gatehouse.yml applied.
 * Every problem with the corpus itself (bad labels, a files/ text that disagrees with its diff) is an error
 * naming the PR, because a silently broken fixture would make the scores lie.
 */
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import type { ChangeSet } from "../core/changes.js";
import { DEFAULT_CONFIG, formatConfigProblem, parseConfig, type Config } from "../core/config.js";
import { hunksMatch, parseUnifiedDiff } from "../core/diff.js";
import { labelsSchema, type Labels } from "./labels.js";

export interface CorpusPr {
  id: string;
  labels: Labels;
  changes: ChangeSet;
  config: Config;
  /** Oddities that do not break the evaluation but deserve a look (a label on a line the PR does not add). */
  warnings: string[];
}

export class CorpusError extends Error {
  constructor(prId: string, message: string) {
    super(`fixtures/corpus/${prId}: ${message}`);
    this.name = "CorpusError";
  }
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else out.push(full);
  }
  return out;
}

export async function loadPr(corpusDir: string, id: string): Promise<CorpusPr> {
  const dir = join(corpusDir, id);
  const diffPath = join(dir, "pr.diff");
  const labelsPath = join(dir, "labels.json");
  if (!existsSync(diffPath)) throw new CorpusError(id, "no pr.diff");
  if (!existsSync(labelsPath)) throw new CorpusError(id, "no labels.json");

  let rawLabels: unknown;
  try {
    rawLabels = JSON.parse(await readFile(labelsPath, "utf8"));
  } catch (error) {
    throw new CorpusError(id, `labels.json is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const parsedLabels = labelsSchema.safeParse(rawLabels);
  if (!parsedLabels.success) {
    const issue = parsedLabels.error.issues[0];
    throw new CorpusError(id, `labels.json: \`${issue?.path.join(".") ?? ""}\` ${issue?.message ?? "is invalid"}`);
  }
  const labels = parsedLabels.data;

  const changes = parseUnifiedDiff(await readFile(diffPath, "utf8"));
  const byPath = new Map(changes.files.map((file) => [file.path, file]));
  const warnings: string[] = [];
  for (const label of labels.expected) {
    const file = byPath.get(label.path);
    if (!file) throw new CorpusError(id, `labels.json names ${label.path}, which pr.diff does not change`);
    // Every tool only reports added lines, so such a label can only ever be a miss.
    if (!file.addedLines.includes(label.line)) warnings.push(`${id}: label ${label.path}:${label.line} (${label.category}) is not on a line pr.diff adds`);
  }

  const filesDir = join(dir, "files");
  if (existsSync(filesDir)) {
    for (const full of await listFiles(filesDir)) {
      const path = relative(filesDir, full).split("\\").join("/");
      const file = byPath.get(path);
      if (!file) throw new CorpusError(id, `files/${path} is not a file pr.diff changes`);
      const text = await readFile(full, "utf8");
      if (!hunksMatch(file, text)) throw new CorpusError(id, `files/${path} does not hold pr.diff's new side (a hunk's lines differ)`);
      file.newText = text;
    }
  }

  let config = structuredClone(DEFAULT_CONFIG);
  const configPath = join(dir, "gatehouse.yml");
  if (existsSync(configPath)) {
    const result = parseConfig(await readFile(configPath, "utf8"), `fixtures/corpus/${id}/gatehouse.yml`);
    if (!result.ok) throw new CorpusError(id, result.problems.map(formatConfigProblem).join("; "));
    config = result.config;
  }
  return { id, labels, changes, config, warnings };
}

/** Every PR folder under the corpus, sorted by id; `filter` keeps ids containing it. */
export async function loadCorpus(corpusDir: string, filter?: string): Promise<CorpusPr[]> {
  const entries = await readdir(corpusDir, { withFileTypes: true });
  const ids = entries
    .filter((e) => e.isDirectory() && (!filter || e.name.includes(filter)))
    .map((e) => e.name)
    .sort();
  return Promise.all(ids.map((id) => loadPr(corpusDir, id)));
}
