/** Gatehouse itself as an evaluated tool: the same scan core, rules and analyzers the CLI runs, in-process. */
import type { Finding } from "../core/finding.js";
import { scan } from "../core/scan.js";
import { nodeGrammarLoader } from "../node/grammars.js";
import { BUNDLED_RULES } from "../rules.js";
import type { CorpusPr } from "./corpus.js";
import type { ScoredFinding } from "./match.js";
import { recordedRegistry } from "./recorded-registry.js";
import type { EvalTool, ToolRun } from "./tool.js";

export interface GatehouseTool extends EvalTool {
  /** Registry requests the corpus made that have no recording in fixtures/registry/npm/. */
  unrecordedRequests(): string[];
  /** PRs scanned offline because a look-up they needed has no recording. */
  offlinePrs(): string[];
}

export function gatehouseTool(registryRecordings: string): GatehouseTool {
  const grammars = nodeGrammarLoader();
  const registry = recordedRegistry(registryRecordings);
  const offline = new Set<string>();
  return {
    name: "gatehouse",
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
      return { findings: result.findings.map(toScored), unmapped: 0, errors };
    },
  };
}

function toScored(finding: Finding): ScoredFinding {
  return { path: finding.path, line: finding.line, endLine: finding.endLine, category: finding.category, ruleId: finding.ruleId, message: finding.message };
}
