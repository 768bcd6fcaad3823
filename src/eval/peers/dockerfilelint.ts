/**
 * The dockerfilelint peer (the IaC scanner installable from npm that runs offline) on changed Dockerfiles.
 * Its config lookup reads `.dockerfilelintrc` from the directory it is given; an empty temp directory keeps the
 * defaults.
 */
import { mkdtempSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ScoredFinding } from "../match.js";
import { categoriesOf, categoryFor } from "../peer-mapping.js";
import type { EvalTool, ToolRun } from "../tool.js";
import { peerFiles } from "./input.js";

/** The files dockerfilelint reads; the benchmark gives its CLI the same ones. */
export const DOCKERFILELINT_FILES = /(?:^|\/)(?:Dockerfile|Containerfile)(?:\.[^/]+)?$|\.dockerfile$/i;
const reads = (path: string) => DOCKERFILELINT_FILES.test(path);

interface DockerfilelintItem {
  title: string;
  line: number;
  rule: string;
}

export async function dockerfilelintPeer(): Promise<EvalTool> {
  // dockerfilelint is CommonJS with no ESM entry; require keeps its own relative requires working.
  const dockerfilelint = createRequire(import.meta.url)("dockerfilelint") as { run(configDir: string, content: string): DockerfilelintItem[] };
  const configDir = mkdtempSync(join(tmpdir(), "gatehouse-eval-dockerfilelint-"));
  return {
    name: "dockerfilelint",
    reads,
    plays: categoriesOf("dockerfilelint"),
    async run(pr): Promise<ToolRun> {
      const findings: ScoredFinding[] = [];
      let unmapped = 0;
      for (const file of peerFiles(pr, reads)) {
        for (const item of dockerfilelint.run(configDir, file.text)) {
          if (!file.added.has(item.line)) continue;
          const category = categoryFor("dockerfilelint", item.rule);
          if (category === null) {
            unmapped++;
            continue;
          }
          findings.push({ path: file.path, line: item.line, endLine: item.line, category, ruleId: item.rule, message: item.title });
        }
      }
      return { findings, unmapped, errors: [] };
    },
  };
}
