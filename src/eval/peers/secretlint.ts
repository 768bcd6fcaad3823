/** The secretlint peer: its recommended preset on every changed file, through @secretlint/core's in-memory API. */
import type { ScoredFinding } from "../match.js";
import { categoriesOf, categoryFor } from "../peer-mapping.js";
import type { EvalTool, ToolRun } from "../tool.js";
import { peerFiles } from "./input.js";

export async function secretlintPeer(): Promise<EvalTool> {
  const [{ lintSource }, preset] = await Promise.all([import("@secretlint/core"), import("@secretlint/secretlint-rule-preset-recommend")]);
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: preset.creator }] };
  return {
    name: "secretlint (recommended)",
    plays: categoriesOf("secretlint"),
    async run(pr): Promise<ToolRun> {
      const findings: ScoredFinding[] = [];
      let unmapped = 0;
      for (const file of peerFiles(pr, () => true)) {
        const dot = file.path.lastIndexOf(".");
        const result = await lintSource({
          source: { content: file.text, filePath: file.path, ext: dot >= 0 ? file.path.slice(dot) : "", contentType: "text" },
          options: { config, noPhysicFilePath: true, maskSecrets: true },
        });
        for (const message of result.messages) {
          if (message.type !== "message") continue;
          const line = message.loc.start.line;
          if (!file.added.has(line)) continue;
          const category = categoryFor("secretlint", message.ruleId);
          if (category === null) {
            unmapped++;
            continue;
          }
          findings.push({ path: file.path, line, endLine: message.loc.end.line, category, ruleId: message.ruleId, message: message.message });
        }
      }
      return { findings, unmapped, errors: [] };
    },
  };
}
