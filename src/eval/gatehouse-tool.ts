/** Gatehouse itself as an evaluated tool: the same scan core, rules and analyzers the CLI runs, in-process. */
import { CATEGORIES, type Category, type Finding } from "../core/finding.js";
import { scan } from "../core/scan.js";
import { nodeGrammarLoader } from "../node/grammars.js";
import { BUNDLED_RULES } from "../rules.js";
import type { CorpusPr } from "./corpus.js";
import type { ScoredFinding } from "./match.js";
import { recordedRegistry } from "./recorded-registry.js";
import type { EvalTool, ToolRun } from "./tool.js";

/**
 * Agent-config findings are a path policy (the PR edits a workflow, AGENTS.md, CODEOWNERS…), raised by design on
 * every such edit, not a detection that can be right or wrong about code: listed apart, not scored.
 */
export const POLICY_CATEGORIES: ReadonlySet<Category> = new Set(["agent-config"]);

export interface PolicyFinding {
  prId: string;
  path: string;
  line: number;
  ruleId: string;
}

export interface GatehouseTool extends EvalTool {
  /** Policy findings (see POLICY_CATEGORIES), which the score leaves out. */
  policyFindings(): PolicyFinding[];
  /** Registry requests the corpus made that have no recording in fixtures/registry/npm/. */
  unrecordedRequests(): string[];
  /** PRs scanned offline because a look-up they needed has no recording. */
  offlinePrs(): string[];
}

export function gatehouseTool(registryRecordings: string): GatehouseTool {
  const grammars = nodeGrammarLoader();
  const registry = recordedRegistry(registryRecordings);
  const offline = new Set<string>();
  const policy: PolicyFinding[] = [];
  return {
    name: "gatehouse",
    plays: new Set(CATEGORIES.filter((category) => !POLICY_CATEGORIES.has(category))),
    policyFindings: () => [...policy],
    unrecordedRequests: () => [...registry.unrecorded].sort(),
    offlinePrs: () => [...offline].sort(),
    async run(pr: CorpusPr): Promise<ToolRun> {
      const missesBefore = registry.misses();
      let result = await scan(pr.changes, pr.config, { grammars, registry: registry.client }, { rules: BUNDLED_RULES });
      if (registry.misses() > missesBefore) {
        // A package with no recorded answer would read as "registry unreachable". Such a PR is scanned the way
        // `gatehouse scan --offline` would: typosquat and lockfile checks only, no registry client at all.
        offline.add(pr.id);
        result = await scan(pr.changes, pr.config, { grammars }, { rules: BUNDLED_RULES });
      }
      const errors = result.notes.filter((n) => n.kind === "unparseable").map((n) => n.message);
      for (const f of result.findings) if (POLICY_CATEGORIES.has(f.category)) policy.push({ prId: pr.id, path: f.path, line: f.line, ruleId: f.ruleId });
      return { findings: result.findings.map(toScored), unmapped: 0, errors };
    },
  };
}

function toScored(finding: Finding): ScoredFinding {
  return { path: finding.path, line: finding.line, endLine: finding.endLine, category: finding.category, ruleId: finding.ruleId, message: finding.message };
}
