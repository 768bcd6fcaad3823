/**
 * Storage and databases declared without encryption at rest, where the provider's default is unencrypted:
 *   iac/tf-encryption-not-enabled
 * An explicit `encrypted = false` is the query rule iac/tf-encryption-disabled; this analyzer covers the attribute
 * being absent, which a query cannot express. Reported on the resource line when the PR declares the resource.
 */
import type { AnalyzerFile, Detection } from "../analyzers/analyzer.js";
import { iacDetection, touchesAdded } from "./detection.js";
import { resources, type HclBlock } from "./hcl.js";

interface EncryptionSetting {
  attribute: string;
  /** Attributes whose presence makes the setting inherited (a replica, a volume restored from a snapshot). */
  inheritedWith: string[];
}

const UNENCRYPTED_BY_DEFAULT: Record<string, EncryptionSetting> = {
  aws_db_instance: { attribute: "storage_encrypted", inheritedWith: ["replicate_source_db", "snapshot_identifier"] },
  aws_rds_cluster: { attribute: "storage_encrypted", inheritedWith: ["replication_source_identifier", "snapshot_identifier", "global_cluster_identifier"] },
  aws_ebs_volume: { attribute: "encrypted", inheritedWith: ["snapshot_id"] },
  aws_efs_file_system: { attribute: "encrypted", inheritedWith: [] },
  aws_elasticache_replication_group: { attribute: "at_rest_encryption_enabled", inheritedWith: [] },
};

export function terraformEncryptionChecks(entry: AnalyzerFile, blocks: HclBlock[]): Detection[] {
  const found: Detection[] = [];
  for (const resource of resources(blocks)) {
    const type = resource.labels[0] ?? "";
    const setting = UNENCRYPTED_BY_DEFAULT[type];
    if (!setting || resource.attributes.has(setting.attribute)) continue;
    if (setting.inheritedWith.some((name) => resource.attributes.has(name))) continue;
    if (!touchesAdded(entry, resource.line)) continue;
    const name = `${type}.${resource.labels[1] ?? ""}`;
    found.push(
      iacDetection({
        ruleId: "iac/tf-encryption-not-enabled",
        severity: "medium",
        confidence: "medium",
        path: entry.file.path,
        line: resource.line,
        message: `\`${name}\` does not set \`${setting.attribute} = true\`, so its data is stored unencrypted`,
        why: "This resource type is unencrypted unless told otherwise; its disks, snapshots and backups then expose the data to anyone who obtains a copy, and encryption cannot be switched on later without replacing the resource.",
        matchedText: resource.text.split("\n")[0] ?? name,
        fix: `Add \`${setting.attribute} = true\` to \`${name}\` (optionally with a customer-managed \`kms_key_id\`).`,
        cwe: "CWE-311",
        references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
      }),
    );
  }
  return found;
}
