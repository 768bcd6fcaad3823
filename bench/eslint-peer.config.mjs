// The ESLint peer's flat config: eslint-plugin-security's and @microsoft/eslint-plugin-sdl's recommended rules,
// @typescript-eslint/parser for TypeScript. The one config for both uses, so the speed ratio and the scores measure
// the same work: the `corpus` benchmark gives it to ESLint's real CLI (`eslint --config bench/eslint-peer.config.mjs`,
// bench/corpus.mjs), and the evaluation imports it for ESLint's Node API (src/eval/peers/eslint.ts). The project
// lints nothing itself.
import security from "eslint-plugin-security";
import sdl from "@microsoft/eslint-plugin-sdl";
import tsParser from "@typescript-eslint/parser";

const JS_GLOB = "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}";

/**
 * The SDL plugin registers its own nested copy of eslint-plugin-security (with no rules turned on); flat config
 * refuses two objects under one plugin name, so the project's own eslint-plugin-security is the one kept.
 */
function withoutNestedSecurityPlugin(config) {
  if (!config.plugins || !("security" in config.plugins)) return config;
  const { security: _nested, ...plugins } = config.plugins;
  return { ...config, plugins };
}

export default [
  {
    files: [JS_GLOB],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { reportUnusedDisableDirectives: "off" },
  },
  { files: ["**/*.{ts,mts,cts,tsx}"], languageOptions: { parser: tsParser.default ?? tsParser } },
  { ...security.configs.recommended, files: [JS_GLOB] },
  ...sdl.configs.recommended.map((c) => ({ ...withoutNestedSecurityPlugin(c), files: [JS_GLOB] })),
];
