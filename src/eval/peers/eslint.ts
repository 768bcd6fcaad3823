/**
 * The ESLint peer: eslint-plugin-security's and @microsoft/eslint-plugin-sdl's recommended rules,
 * @typescript-eslint/parser for TypeScript, from bench/eslint-peer.config.mjs: the one config the benchmark
 * also gives ESLint's real CLI, so the speed ratio and the scores measure the same work. Run through ESLint's
 * Node API on each PR's new JS/TS files; only reports on added lines count.
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Linter } from "eslint";
import { findAbove } from "../../node/find-above.js";
import { categoriesOf, categoryFor } from "../peer-mapping.js";
import type { ScoredFinding } from "../match.js";
import type { EvalTool, ToolRun } from "../tool.js";
import { peerFiles } from "./input.js";

/** The files the ESLint peer lints (JS and TS); the benchmark gives its CLI the same ones. */
export const ESLINT_FILES = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/i;
const CONFIG_FILE = join("bench", "eslint-peer.config.mjs");
const reads = (path: string) => ESLINT_FILES.test(path);

export async function eslintPeer(corpusDir: string): Promise<EvalTool> {
  const configPath = findAbove(dirname(fileURLToPath(import.meta.url)), CONFIG_FILE);
  if (!configPath) throw new Error(`the ESLint peer's config (${CONFIG_FILE}) is missing from the repository`);
  const [{ ESLint }, configModule] = await Promise.all([import("eslint"), import(pathToFileURL(configPath).href) as Promise<{ default: Linter.Config[] }>]);
  // Given as an override, not as a config file: a config file's globs only reach files under its own folder.
  const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: configModule.default });
  return {
    name: "eslint (security + sdl)",
    reads,
    plays: categoriesOf("eslint"),
    async run(pr): Promise<ToolRun> {
      const findings: ScoredFinding[] = [];
      const errors: string[] = [];
      let unmapped = 0;
      for (const file of peerFiles(pr, reads)) {
        const [result] = await eslint.lintText(file.text, { filePath: join(corpusDir, pr.id, "files", file.path) });
        for (const message of result?.messages ?? []) {
          if (message.ruleId === null) {
            errors.push(`${pr.id}/${file.path}:${message.line}: ${message.message}`);
            continue;
          }
          if (!file.added.has(message.line)) continue;
          const category = categoryFor("eslint", message.ruleId);
          if (category === null) {
            unmapped++;
            continue;
          }
          findings.push({ path: file.path, line: message.line, endLine: message.endLine ?? message.line, category, ruleId: message.ruleId, message: message.message });
        }
      }
      return { findings, unmapped, errors };
    },
  };
}
