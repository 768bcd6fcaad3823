/**
 * IAM policies in Terraform: `policy`/`assume_role_policy` attributes (jsonencode, heredoc or JSON string) and
 * `data "aws_iam_policy_document"` statements.
 *   iac/tf-iam-admin-wildcard (Action "*" on Resource "*"), iac/tf-iam-public-principal (Principal "*")
 */
import type { AnalyzerFile, Detection } from "../analyzers/analyzer.js";
import { iacDetection, touchesAdded } from "./detection.js";
import { asList, attributeValue, type HclBlock } from "./hcl.js";
import { documentProblems, policyDocument, POLICY_TEXT, statementProblems, type PolicyProblem } from "./iam-policy.js";

const RULE_IDS: Record<PolicyProblem, string> = {
  "admin-wildcard": "iac/tf-iam-admin-wildcard",
  "public-principal": "iac/tf-iam-public-principal",
};

const POLICY_ATTRIBUTES = new Set(["policy", "assume_role_policy", "inline_policy", "policy_document"]);

/** The line inside a policy that states the problem (`Action = "*"`, `Principal = "*"`), where a reviewer looks. */
const PROBLEM_LINE: Record<PolicyProblem, RegExp> = {
  "admin-wildcard": /["']?actions?["']?\s*[=:]\s*\[?\s*["']\*["']/i,
  "public-principal": /["']?(principals?|identifiers)["']?\s*[=:]/i,
};

function detection(entry: AnalyzerFile, problem: PolicyProblem, where: string, startLine: number, endLine: number, matchedText: string): Detection {
  const text = POLICY_TEXT[problem];
  // Inside a heredoc the policy is one opaque string to most readers (and takes no comments): keep its first line.
  const offset = matchedText.includes("<<") ? -1 : matchedText.split("\n").findIndex((l) => PROBLEM_LINE[problem].test(l));
  const line = offset > 0 && startLine + offset <= endLine ? startLine + offset : startLine;
  return iacDetection({
    ruleId: RULE_IDS[problem],
    severity: problem === "admin-wildcard" ? "high" : "critical",
    path: entry.file.path,
    line,
    endLine: line,
    message:
      problem === "admin-wildcard"
        ? `\`${where}\` allows \`Action: "*"\` on \`Resource: "*"\` (full administrator access)`
        : `\`${where}\` grants access to \`Principal: "*"\` (anyone) without a Condition`,
    why: text.why,
    matchedText: matchedText.split("\n").slice(0, 3).join("\n") + (endLine > line ? "\n…" : ""),
    fix: text.fix,
    cwe: text.cwe,
    references: [text.reference],
  });
}

/** Every block, depth first, with the name of the top-level block it sits in. */
function* walk(blocks: HclBlock[], owner?: string): Generator<{ block: HclBlock; owner: string }> {
  for (const block of blocks) {
    const name = owner ?? [block.type === "resource" ? "" : `${block.type}.`, block.labels.join(".")].join("");
    yield { block, owner: name };
    yield* walk(block.blocks, name);
  }
}

function policyDocumentStatements(entry: AnalyzerFile, block: HclBlock, owner: string): Detection[] {
  const found: Detection[] = [];
  for (const statement of block.blocks.filter((b) => b.type === "statement")) {
    if (!touchesAdded(entry, statement.line, statement.endLine)) continue;
    const principals = statement.blocks.filter((b) => b.type === "principals").flatMap((p) => {
      const type = attributeValue(p, "type");
      return type === "*" || type === "AWS" ? asList(attributeValue(p, "identifiers")) : [];
    });
    const problems = statementProblems({
      effect: attributeValue(statement, "effect"),
      actions: asList(attributeValue(statement, "actions")),
      resources: asList(attributeValue(statement, "resources")),
      principals,
      hasCondition: statement.blocks.some((b) => b.type === "condition"),
    });
    for (const problem of problems) found.push(detection(entry, problem, owner, statement.line, statement.endLine, statement.text));
  }
  return found;
}

export function terraformIamChecks(entry: AnalyzerFile, blocks: HclBlock[]): Detection[] {
  const found: Detection[] = [];
  for (const { block, owner } of walk(blocks)) {
    if (block.type === "data" && block.labels[0] === "aws_iam_policy_document") {
      found.push(...policyDocumentStatements(entry, block, owner));
      continue;
    }
    for (const attribute of block.attributes.values()) {
      if (!POLICY_ATTRIBUTES.has(attribute.name)) continue;
      if (!touchesAdded(entry, attribute.line, attribute.endLine)) continue;
      const document = policyDocument(attribute.value);
      if (!document) continue;
      for (const problem of documentProblems(document)) found.push(detection(entry, problem, owner, attribute.line, attribute.endLine, attribute.text));
    }
  }
  return found;
}
