/**
 * The ESLint peer: eslint-plugin-security's and @microsoft/eslint-plugin-sdl's recommended rules, the flat config
 * built here (no config file on disk), @typescript-eslint/parser for TypeScript. Run through ESLint's Node API on
 * each PR's new JS/TS files; only reports on added lines count.
 */
import { join } from "node:path";
import type { Linter } from "eslint";
import { categoriesOf, categoryFor } from "../peer-mapping.js";
import type { ScoredFinding } from "../match.js";
import type { EvalTool, ToolRun } from "../tool.js";
import { peerFiles } from "./input.js";

const JS_FILE = /\.(?:[cm]?js|jsx|[cm]?ts|tsx)$/i;
const JS_GLOB = "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}";

export async function eslintPeer(corpusDir: string): Promise<EvalTool> {
  const [{ ESLint }, security, sdl, tsParser] = await Promise.all([
    import("eslint"),
    import("eslint-plugin-security"),
    import("@microsoft/eslint-plugin-sdl"),
    import("@typescript-eslint/parser"),
  ]);
  // Both plugins ship CommonJS; their flat configs are on the default export.
  const securityPlugin = security.default as { configs: { recommended: Linter.Config } };
  const sdlPlugin = sdl.default as { configs: { recommended: Linter.Config[] } };
  const config: Linter.Config[] = [
    {
      files: [JS_GLOB],
      languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
      linterOptions: { reportUnusedDisableDirectives: "off" },
    },
    { files: ["**/*.{ts,mts,cts,tsx}"], languageOptions: { parser: tsParser.default ?? tsParser } },
    { ...securityPlugin.configs.recommended, files: [JS_GLOB] },
    ...sdlPlugin.configs.recommended.map((c) => ({ ...withoutNestedSecurityPlugin(c), files: [JS_GLOB] })),
  ];
  const eslint = new ESLint({ cwd: corpusDir, overrideConfigFile: true, overrideConfig: config });
  return {
    name: "eslint (security + sdl)",
    reads: (path) => JS_FILE.test(path),
    plays: categoriesOf("eslint"),
    async run(pr): Promise<ToolRun> {
      const findings: ScoredFinding[] = [];
      const errors: string[] = [];
      let unmapped = 0;
      for (const file of peerFiles(pr, (path) => JS_FILE.test(path))) {
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

/**
 * The SDL plugin registers its own nested copy of eslint-plugin-security (with no rules turned on); flat config
 * refuses two objects under one plugin name, so the project's own eslint-plugin-security 4.1.0 is the one kept.
 */
function withoutNestedSecurityPlugin(config: Linter.Config): Linter.Config {
  if (!config.plugins || !("security" in config.plugins)) return config;
  const { security: _nested, ...plugins } = config.plugins;
  return { ...config, plugins };
}
