/** The Terraform analyzer: parses each changed `.tf` file once (tree-sitter HCL) and runs the checks that need more than one query. */
import type { Analyzer, Detection } from "../analyzers/analyzer.js";
import { hclBlocks } from "./hcl.js";
import { terraformEncryptionChecks } from "./terraform-encryption.js";
import { terraformIamChecks } from "./terraform-iam.js";
import { terraformNetworkChecks } from "./terraform-network.js";

export const terraformAnalyzer: Analyzer = {
  name: "terraform",
  perFile: true,
  async analyze({ files, trees, note }) {
    const detections: Detection[] = [];
    for (const entry of files) {
      if (!/\.tf$/i.test(entry.file.path) || entry.added.size === 0) continue;
      let tree;
      try {
        tree = await trees.get(entry.file.path, "hcl", entry.text);
      } catch (error) {
        note({ path: entry.file.path, kind: "unparseable", message: `${entry.file.path}: could not be parsed as Terraform (${error instanceof Error ? error.message : String(error)}); the Terraform checks did not run on it.` });
        continue;
      }
      const blocks = hclBlocks(tree.rootNode);
      detections.push(...terraformNetworkChecks(entry, blocks), ...terraformIamChecks(entry, blocks), ...terraformEncryptionChecks(entry, blocks));
    }
    return detections;
  },
};
