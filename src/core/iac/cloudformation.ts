/**
 * CloudFormation templates (YAML or JSON), read with the `yaml` library (JSON is YAML; intrinsic tags such as
 * `!Ref` read as plain strings, which no check treats as safe or unsafe). The same checks as for Terraform:
 *   iac/cfn-sg-open-admin-port, iac/cfn-sg-open-db-port, iac/cfn-sg-open-all-ports,
 *   iac/cfn-iam-admin-wildcard, iac/cfn-iam-public-principal, iac/cfn-s3-public-access,
 *   iac/cfn-db-publicly-accessible, iac/cfn-encryption-disabled
 */
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode, type Pair, type YAMLMap } from "yaml";
import type { Analyzer, AnalyzerFile, Detection } from "../analyzers/analyzer.js";
import { iacDetection, touchesAdded, wholeFileKnown } from "./detection.js";
import { documentProblems, policyDocument, POLICY_TEXT } from "./iam-policy.js";
import { classify, describeExposure, EXPOSURE_WHY, isWorld, parsePortRange } from "./open-ports.js";

const TEMPLATE_MARKER = /AWSTemplateFormatVersion|"?Type"?\s*:\s*"?AWS::/;

interface Located {
  line: number;
  endLine: number;
  text: string;
}

class Template {
  private readonly lines: LineCounter;
  constructor(
    readonly entry: AnalyzerFile,
    lines: LineCounter,
  ) {
    this.lines = lines;
  }

  locate(node: { range?: [number, number, number?] | null } | null | undefined): Located {
    const [start, , end] = node?.range ?? [0, 0, 0];
    const line = this.lines.linePos(start).line;
    const endLine = this.lines.linePos(Math.max(start, (end ?? start) - 1)).line;
    return { line, endLine, text: this.entry.text.slice(start, end ?? start) };
  }

  /** The `key: value` pair as a location: its key's line, spanning the value. */
  locatePair(pair: Pair): Located {
    const key = this.locate(pair.key as YamlNode);
    const value = this.locate(pair.value as YamlNode);
    const start = (pair.key as YamlNode | null)?.range?.[0] ?? 0;
    const end = (pair.value as YamlNode | null)?.range?.[2] ?? start;
    return { line: key.line, endLine: Math.max(key.endLine, value.endLine), text: this.entry.text.slice(start, end) };
  }

  changed(location: Located): boolean {
    return touchesAdded(this.entry, location.line, location.endLine);
  }
}

function pairOf(map: unknown, key: string): Pair | undefined {
  if (!isMap(map)) return undefined;
  return (map as YAMLMap).items.find((item) => (item.key as { value?: unknown } | null)?.value === key) as Pair | undefined;
}

function js(node: unknown): unknown {
  return node && typeof node === "object" && "toJSON" in node ? (node as { toJSON(): unknown }).toJSON() : (node as { value?: unknown } | null)?.value;
}

function detection(template: Template, at: Located, fields: Omit<Parameters<typeof iacDetection>[0], "path" | "line" | "endLine" | "matchedText">): Detection {
  return iacDetection({ ...fields, path: template.entry.file.path, line: at.line, endLine: at.line, matchedText: at.text.split("\n").slice(0, 3).join("\n") });
}

function ingressChecks(template: Template, id: string, rule: unknown): Detection[] {
  const source = pairOf(rule, "CidrIp") ?? pairOf(rule, "CidrIpv6");
  if (!source || !isWorld(js(source.value))) return [];
  const whole = template.locate(rule as YamlNode);
  if (!template.changed(whole)) return [];
  const protocol = String(js(pairOf(rule, "IpProtocol")?.value) ?? "");
  const from = parsePortRange(js(pairOf(rule, "FromPort")?.value));
  const to = parsePortRange(js(pairOf(rule, "ToPort")?.value));
  const ranges = protocol === "-1" || protocol.toLowerCase() === "all" ? [{ from: 0, to: 65535 }] : from && to ? [{ from: from.from, to: to.to }] : null;
  const exposure = ranges && classify(ranges);
  if (!exposure) return [];
  return [
    detection(template, template.locatePair(source), {
      ruleId: `iac/cfn-sg-open-${exposure.kind}`,
      severity: exposure.kind === "admin-port" ? "critical" : "high",
      message: `Security group \`${id}\` allows inbound traffic from \`${String(js(source.value))}\` (the whole internet) to ${describeExposure(exposure)}`,
      why: EXPOSURE_WHY[exposure.kind],
      fix: "Replace the world-open `CidrIp` with the specific range that needs access (e.g. your VPN or office egress `203.0.113.0/24`) or use `SourceSecurityGroupId`; for admin access prefer SSM Session Manager and no inbound rule.",
      cwe: "CWE-284",
      references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ec2-security-group-ingress.html"],
    }),
  ];
}

/** Every `PolicyDocument` / `AssumeRolePolicyDocument` anywhere under a resource's Properties. */
function policyPairs(node: unknown, found: Pair[] = []): Pair[] {
  if (isMap(node)) {
    for (const item of (node as YAMLMap).items) {
      const key = (item.key as { value?: unknown } | null)?.value;
      if (key === "PolicyDocument" || key === "AssumeRolePolicyDocument") found.push(item as Pair);
      else policyPairs(item.value, found);
    }
  } else if (isSeq(node)) for (const item of node.items) policyPairs(item, found);
  return found;
}

function policyChecks(template: Template, id: string, properties: unknown): Detection[] {
  const found: Detection[] = [];
  for (const pair of policyPairs(properties)) {
    const at = template.locatePair(pair);
    if (!template.changed(at)) continue;
    const document = policyDocument(js(pair.value));
    if (!document) continue;
    for (const problem of documentProblems(document)) {
      const text = POLICY_TEXT[problem];
      found.push(
        detection(template, at, {
          ruleId: problem === "admin-wildcard" ? "iac/cfn-iam-admin-wildcard" : "iac/cfn-iam-public-principal",
          severity: problem === "admin-wildcard" ? "high" : "critical",
          message:
            problem === "admin-wildcard"
              ? `\`${id}\` allows \`Action: "*"\` on \`Resource: "*"\` (full administrator access)`
              : `\`${id}\` grants access to \`Principal: "*"\` (anyone) without a Condition`,
          why: text.why,
          fix: text.fix,
          cwe: text.cwe,
          references: [text.reference],
        }),
      );
    }
  }
  return found;
}

const PUBLIC_ACL = /^(PublicRead|PublicReadWrite|AuthenticatedRead)$/;
const PUBLIC_ACCESS_BLOCK_KEYS = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"];

function bucketChecks(template: Template, id: string, properties: unknown): Detection[] {
  const found: Detection[] = [];
  const why = "Public ACLs and a disabled public access block are how S3 data leaks: anyone on the internet can list or read the objects.";
  const fix = "Remove the public `AccessControl`, set every `PublicAccessBlockConfiguration` flag to `true`, and serve public content through CloudFront with an origin access control.";
  const acl = pairOf(properties, "AccessControl");
  if (acl && PUBLIC_ACL.test(String(js(acl.value)))) {
    const at = template.locatePair(acl);
    if (template.changed(at)) found.push(detection(template, at, { ruleId: "iac/cfn-s3-public-access", severity: "high", message: `Bucket \`${id}\` sets \`AccessControl: ${String(js(acl.value))}\``, why, fix, cwe: "CWE-732", references: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/acl-overview.html#canned-acl"] }));
  }
  const block = pairOf(properties, "PublicAccessBlockConfiguration")?.value;
  for (const key of PUBLIC_ACCESS_BLOCK_KEYS) {
    const flag = pairOf(block, key);
    if (!flag || (js(flag.value) !== false && js(flag.value) !== "false")) continue;
    const at = template.locatePair(flag);
    if (template.changed(at)) found.push(detection(template, at, { ruleId: "iac/cfn-s3-public-access", severity: "high", message: `Bucket \`${id}\` sets \`PublicAccessBlockConfiguration.${key}: false\``, why, fix, cwe: "CWE-732", references: ["https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html"] }));
  }
  return found;
}

const ENCRYPTION: Record<string, { key: string; inheritedWith: string[] }> = {
  "AWS::RDS::DBInstance": { key: "StorageEncrypted", inheritedWith: ["SourceDBInstanceIdentifier", "DBClusterIdentifier", "DBSnapshotIdentifier"] },
  "AWS::RDS::DBCluster": { key: "StorageEncrypted", inheritedWith: ["SnapshotIdentifier", "SourceDBClusterIdentifier"] },
  "AWS::EC2::Volume": { key: "Encrypted", inheritedWith: ["SnapshotId"] },
  "AWS::EFS::FileSystem": { key: "Encrypted", inheritedWith: [] },
};

function databaseChecks(template: Template, id: string, type: string, typePair: Pair, properties: unknown): Detection[] {
  const found: Detection[] = [];
  const publicPair = pairOf(properties, "PubliclyAccessible");
  if (type === "AWS::RDS::DBInstance" && publicPair && (js(publicPair.value) === true || js(publicPair.value) === "true")) {
    const at = template.locatePair(publicPair);
    if (template.changed(at))
      found.push(
        detection(template, at, {
          ruleId: "iac/cfn-db-publicly-accessible",
          severity: "high",
          message: `Database \`${id}\` sets \`PubliclyAccessible: true\``,
          why: "The database gets a public address, so only its security group stands between the internet and the login prompt.",
          fix: "Set `PubliclyAccessible: false` and reach the database from inside the VPC (application subnets, a bastion or SSM port forwarding).",
          cwe: "CWE-668",
          references: ["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-rds-dbinstance.html"],
        }),
      );
  }
  const setting = ENCRYPTION[type];
  if (!setting || setting.inheritedWith.some((key) => pairOf(properties, key))) return found;
  const encrypted = pairOf(properties, setting.key);
  const value = encrypted ? js(encrypted.value) : undefined;
  if (value === true || value === "true" || (encrypted && value !== false && value !== "false")) return found;
  if (!encrypted && !wholeFileKnown(template.entry)) return found;
  const at = encrypted ? template.locatePair(encrypted) : template.locatePair(typePair);
  if (!template.changed(at)) return found;
  found.push(
    detection(template, at, {
      ruleId: "iac/cfn-encryption-disabled",
      severity: "medium",
      confidence: encrypted ? "high" : "medium",
      message: encrypted ? `\`${id}\` sets \`${setting.key}: false\`` : `\`${id}\` (${type}) does not set \`${setting.key}: true\`, so its data is stored unencrypted`,
      why: "Unencrypted volumes and databases expose their data to anyone who obtains a snapshot or backup, and encryption cannot be switched on later without replacing the resource.",
      fix: `Set \`${setting.key}: true\` on \`${id}\` (optionally with a customer-managed \`KmsKeyId\`).`,
      cwe: "CWE-311",
      references: ["https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html"],
    }),
  );
  return found;
}

export function analyzeTemplate(entry: AnalyzerFile): Detection[] {
  if (!TEMPLATE_MARKER.test(entry.text)) return [];
  const lines = new LineCounter();
  // Whole-line `//` comments (JSONC, and the annotated fixtures) are blanked to spaces so offsets stay put.
  const text = /\.json$/i.test(entry.file.path) ? entry.text.replace(/^[ \t]*\/\/.*$/gm, (line) => " ".repeat(line.length)) : entry.text;
  const document = parseDocument(text, { lineCounter: lines, strict: false, prettyErrors: false, uniqueKeys: false });
  if (document.errors.length > 0) return [];
  const template = new Template(entry, lines);
  const resources = pairOf(document.contents, "Resources")?.value;
  if (!isMap(resources)) return [];
  const found: Detection[] = [];
  for (const item of (resources as YAMLMap).items) {
    const id = String((item.key as { value?: unknown } | null)?.value ?? "");
    const typePair = pairOf(item.value, "Type");
    const type = String(js(typePair?.value) ?? "");
    if (!typePair || !type.startsWith("AWS::")) continue;
    const properties = pairOf(item.value, "Properties")?.value;
    if (type === "AWS::EC2::SecurityGroup") {
      const ingress = pairOf(properties, "SecurityGroupIngress")?.value;
      if (isSeq(ingress)) for (const rule of ingress.items) found.push(...ingressChecks(template, id, rule));
    }
    if (type === "AWS::EC2::SecurityGroupIngress") found.push(...ingressChecks(template, id, properties));
    if (type === "AWS::S3::Bucket") found.push(...bucketChecks(template, id, properties));
    found.push(...policyChecks(template, id, properties), ...databaseChecks(template, id, type, typePair, properties));
  }
  return found;
}

export const cloudFormationAnalyzer: Analyzer = {
  name: "cloudformation",
  perFile: true,
  async analyze({ files }) {
    return files.filter((entry) => /\.(ya?ml|json|template)$/i.test(entry.file.path) && entry.added.size > 0).flatMap(analyzeTemplate);
  },
};
