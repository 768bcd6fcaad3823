/** The scan core for Node tools (benchmarks), bundled to dist/core.mjs because Node 20 cannot load TypeScript. */
export { scan } from "../core/scan.js";
export { parseUnifiedDiff } from "../core/diff.js";
export { DEFAULT_CONFIG } from "../core/config.js";
export { secretsAnalyzer } from "../core/analyzers/secrets.js";
export { rulesAnalyzer } from "../core/analyzers/rules.js";
export { nodeGrammarLoader } from "./grammars.js";
export { BUNDLED_RULES } from "../rules.js";
export { DEFAULT_ANALYZERS } from "../core/scan.js";
export { RuleEngine } from "../core/rules/engine.js";
