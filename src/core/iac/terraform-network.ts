/**
 * Firewall rules open to the world on admin ports, database ports or all ports, for AWS security groups,
 * GCP firewalls and Azure network security groups.
 *   iac/tf-aws-sg-open-admin-port, iac/tf-aws-sg-open-db-port, iac/tf-aws-sg-open-all-ports,
 *   iac/tf-gcp-firewall-open, iac/tf-azure-nsg-open
 */
import type { AnalyzerFile, Detection } from "../analyzers/analyzer.js";
import { iacDetection, touchesAdded } from "./detection.js";
import { asList, attributeValue, resources, type HclAttribute, type HclBlock, type HclValue } from "./hcl.js";
import { classify, describeExposure, EXPOSURE_WHY, isWorld, parsePortRange, type Exposure, type PortRange } from "./open-ports.js";

const str = (value: HclValue | undefined) => (typeof value === "string" ? value.toLowerCase() : value);

interface OpenRule {
  ruleId: string;
  /** The block that holds the rule: a change anywhere in it makes the finding this PR's. */
  block: HclBlock;
  source: HclAttribute;
  exposure: Exposure;
  resource: string;
  fix: string;
  reference: string;
}

function report(entry: AnalyzerFile, rule: OpenRule): Detection[] {
  if (!touchesAdded(entry, rule.block.line, rule.block.endLine)) return [];
  const sourceValues = asList(rule.source.value).filter(isWorld).join(", ");
  return [
    iacDetection({
      ruleId: rule.ruleId,
      severity: rule.exposure.kind === "db-port" ? "high" : rule.exposure.kind === "admin-port" ? "critical" : "high",
      path: entry.file.path,
      line: rule.source.line,
      endLine: rule.source.endLine,
      message: `\`${rule.resource}\` allows inbound traffic from \`${sourceValues}\` (the whole internet) to ${describeExposure(rule.exposure)} through \`${rule.source.name}\``,
      why: EXPOSURE_WHY[rule.exposure.kind],
      matchedText: rule.source.text,
      fix: rule.fix,
      cwe: "CWE-284",
      references: [rule.reference],
    }),
  ];
}

const AWS_FIX =
  "Replace the world-open CIDR with the specific range that needs access (e.g. your VPN or office egress `203.0.113.0/24`), or reference a security group (`source_security_group_id` / `referenced_security_group_id`); for admin access prefer SSM Session Manager and no inbound rule at all.";
const AWS_REF = "https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html";

function awsRanges(block: HclBlock, protocolName: string): PortRange[] | null {
  const protocol = str(attributeValue(block, protocolName));
  if (protocol === "-1" || protocol === -1 || protocol === "all") return [{ from: 0, to: 65535 }];
  const from = parsePortRange(attributeValue(block, "from_port"));
  const to = parsePortRange(attributeValue(block, "to_port"));
  if (!from || !to) return null;
  // from_port = 0, to_port = 0 with protocol -1 is handled above; with tcp it means port 0 only.
  return [{ from: from.from, to: to.to }];
}

function awsRule(block: HclBlock, resource: string, sourceNames: string[], protocolName: string): OpenRule | null {
  const source = sourceNames.map((name) => block.attributes.get(name)).find((attribute) => attribute && asList(attribute.value).some(isWorld));
  if (!source) return null;
  const ranges = awsRanges(block, protocolName);
  const exposure = ranges && classify(ranges);
  if (!exposure) return null;
  return { ruleId: `iac/tf-aws-sg-open-${exposure.kind}`, block, source, exposure, resource, fix: AWS_FIX, reference: AWS_REF };
}

function awsRules(blocks: HclBlock[]): OpenRule[] {
  const found: OpenRule[] = [];
  for (const group of resources(blocks, /^aws_security_group$/)) {
    for (const ingress of group.blocks.filter((b) => b.type === "ingress")) {
      const rule = awsRule(ingress, `aws_security_group.${group.labels[1]}`, ["cidr_blocks", "ipv6_cidr_blocks"], "protocol");
      if (rule) found.push(rule);
    }
  }
  for (const ruleBlock of resources(blocks, /^aws_security_group_rule$/)) {
    if (str(attributeValue(ruleBlock, "type")) !== "ingress") continue;
    const rule = awsRule(ruleBlock, `aws_security_group_rule.${ruleBlock.labels[1]}`, ["cidr_blocks", "ipv6_cidr_blocks"], "protocol");
    if (rule) found.push(rule);
  }
  for (const ruleBlock of resources(blocks, /^aws_vpc_security_group_ingress_rule$/)) {
    const rule = awsRule(ruleBlock, `aws_vpc_security_group_ingress_rule.${ruleBlock.labels[1]}`, ["cidr_ipv4", "cidr_ipv6"], "ip_protocol");
    if (rule) found.push(rule);
  }
  return found;
}

function gcpRules(blocks: HclBlock[]): OpenRule[] {
  const found: OpenRule[] = [];
  for (const firewall of resources(blocks, /^google_compute_firewall$/)) {
    const direction = str(attributeValue(firewall, "direction"));
    if (direction !== undefined && direction !== "ingress") continue;
    const source = firewall.attributes.get("source_ranges");
    if (!source || !asList(source.value).some(isWorld)) continue;
    const ranges: PortRange[] = [];
    let unknown = false;
    for (const allow of firewall.blocks.filter((b) => b.type === "allow")) {
      const protocol = str(attributeValue(allow, "protocol"));
      const ports = attributeValue(allow, "ports");
      if (protocol === "all" || ports === undefined) ranges.push({ from: 0, to: 65535 });
      else
        for (const port of asList(ports)) {
          const range = parsePortRange(port);
          if (range) ranges.push(range);
          else unknown = true;
        }
    }
    const exposure = classify(ranges);
    if (!exposure || (unknown && exposure.kind === "all-ports")) continue;
    found.push({
      ruleId: "iac/tf-gcp-firewall-open",
      block: firewall,
      source,
      exposure,
      resource: `google_compute_firewall.${firewall.labels[1]}`,
      fix: "Replace `0.0.0.0/0` in `source_ranges` with the specific range that needs access (for SSH, Identity-Aware Proxy's `35.235.240.0/20` with IAP TCP forwarding), or use `source_tags`/`source_service_accounts` for traffic from inside the VPC.",
      reference: "https://cloud.google.com/firewall/docs/firewalls",
    });
  }
  return found;
}

function azureRule(rule: HclBlock, resource: string): OpenRule | null {
  if (str(attributeValue(rule, "direction")) !== "inbound" || str(attributeValue(rule, "access")) !== "allow") return null;
  const source = ["source_address_prefix", "source_address_prefixes"].map((n) => rule.attributes.get(n)).find((a) => a && asList(a.value).some(isWorld));
  if (!source) return null;
  const ports = [...asList(attributeValue(rule, "destination_port_range")), ...asList(attributeValue(rule, "destination_port_ranges"))].map(parsePortRange);
  if (ports.length === 0 || ports.some((p) => p === null)) return null;
  const exposure = classify(ports as PortRange[]);
  if (!exposure) return null;
  return {
    ruleId: "iac/tf-azure-nsg-open",
    block: rule,
    source,
    exposure,
    resource,
    fix: "Replace the `*`/`Internet` source with the specific address range that needs access (e.g. your VPN `203.0.113.0/24`) or an application security group; for admin access use Azure Bastion or just-in-time VM access instead of an open rule.",
    reference: "https://learn.microsoft.com/en-us/azure/virtual-network/network-security-groups-overview",
  };
}

function azureRules(blocks: HclBlock[]): OpenRule[] {
  const found: OpenRule[] = [];
  for (const rule of resources(blocks, /^azurerm_network_security_rule$/)) {
    const open = azureRule(rule, `azurerm_network_security_rule.${rule.labels[1]}`);
    if (open) found.push(open);
  }
  for (const group of resources(blocks, /^azurerm_network_security_group$/)) {
    for (const rule of group.blocks.filter((b) => b.type === "security_rule")) {
      const name = attributeValue(rule, "name");
      const open = azureRule(rule, `azurerm_network_security_group.${group.labels[1]}` + (typeof name === "string" ? ` rule ${name}` : ""));
      if (open) found.push(open);
    }
  }
  return found;
}

export function terraformNetworkChecks(entry: AnalyzerFile, blocks: HclBlock[]): Detection[] {
  return [...awsRules(blocks), ...gcpRules(blocks), ...azureRules(blocks)].flatMap((rule) => report(entry, rule));
}
