/**
 * Reads an AWS IAM policy document (from Terraform `jsonencode`, a heredoc, or CloudFormation) and names the two
 * settings that make it dangerous: full admin (`Action: "*"` on `Resource: "*"`) and a public principal
 * (`Principal: "*"` without a Condition). Shared by the Terraform and CloudFormation analyzers.
 */

export type PolicyProblem = "admin-wildcard" | "public-principal";

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

const isStar = (value: unknown) => value === "*" || value === "*:*";

/** A policy given as an object, or as JSON text; anything else (a reference, a template) yields null. */
export function policyDocument(value: unknown): Record<string, unknown> | null {
  if (typeof value === "string") {
    try {
      return policyDocument(JSON.parse(value) as unknown);
    } catch {
      return null;
    }
  }
  return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

export interface StatementLike {
  effect: unknown;
  actions: unknown[];
  resources: unknown[];
  principals: unknown[];
  hasCondition: boolean;
}

export function statementProblems(statement: StatementLike): PolicyProblem[] {
  if (statement.effect !== undefined && statement.effect !== "Allow") return [];
  const problems: PolicyProblem[] = [];
  if (statement.actions.some(isStar) && statement.resources.some(isStar)) problems.push("admin-wildcard");
  if (!statement.hasCondition && statement.principals.some(isStar)) problems.push("public-principal");
  return problems;
}

/** Principal "*", {AWS: "*"} and {AWS: ["*"]} all mean everyone. */
function principalValues(principal: unknown): unknown[] {
  if (principal && typeof principal === "object" && !Array.isArray(principal)) return Object.values(principal).flatMap(list);
  return list(principal);
}

export function documentProblems(document: Record<string, unknown>): PolicyProblem[] {
  const problems = new Set<PolicyProblem>();
  for (const raw of list(document.Statement)) {
    if (!raw || typeof raw !== "object") continue;
    const statement = raw as Record<string, unknown>;
    for (const problem of statementProblems({
      effect: statement.Effect,
      actions: list(statement.Action),
      resources: list(statement.Resource),
      principals: principalValues(statement.Principal),
      hasCondition: statement.Condition !== undefined,
    }))
      problems.add(problem);
  }
  return [...problems];
}

export const POLICY_TEXT: Record<PolicyProblem, { why: string; fix: string; cwe: string; reference: string }> = {
  "admin-wildcard": {
    why: "`Action: \"*\"` on `Resource: \"*\"` is full administrator access: whoever holds this policy (or steals the role's credentials) can read every secret, delete every resource and create new admin users.",
    fix: "List the specific actions and resource ARNs the workload uses (e.g. `Action: [\"s3:GetObject\"]`, `Resource: \"arn:aws:s3:::my-bucket/*\"`); IAM Access Analyzer can generate a least-privilege policy from CloudTrail activity.",
    cwe: "CWE-269",
    reference: "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
  },
  "public-principal": {
    why: "`Principal: \"*\"` without a Condition grants the statement's actions to every AWS account and anonymous caller on the internet.",
    fix: "Replace `Principal: \"*\"` with the specific account, role or service principal (e.g. `{ AWS: \"arn:aws:iam::123456789012:role/app\" }` or `{ Service: \"cloudfront.amazonaws.com\" }` with an `aws:SourceArn` condition).",
    cwe: "CWE-732",
    reference: "https://docs.aws.amazon.com/AmazonS3/latest/userguide/example-bucket-policies.html",
  },
};
