/**
 * The IaC analyzers report only what a pull request adds or changes: the same file yields a finding when the
 * relevant line is added and none when the PR touched something unrelated.
 */
import { describe, expect, it } from "vitest";
import type { ChangedFile, ChangeSet } from "../../src/core/changes.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { IAC_ANALYZERS } from "../../src/core/iac/index.js";
import { scan } from "../../src/core/scan.js";
import { nodeGrammarLoader } from "../../src/node/grammars.js";

const grammars = nodeGrammarLoader();

function changed(path: string, text: string, addedLines: number[], options: Partial<ChangedFile> = {}): ChangeSet {
  const lines = text.split("\n");
  return { files: [{ path, status: "modified", addedLines, hunks: [{ newStart: 1, lines }], newText: text, ...options }], notes: [] };
}

async function ruleIds(changes: ChangeSet): Promise<string[]> {
  const result = await scan(changes, DEFAULT_CONFIG, { grammars }, { rules: [], analyzers: IAC_ANALYZERS });
  return result.findings.map((f) => `${f.ruleId}@${f.line}`);
}

const DOCKERFILE = ["FROM node:20.17-slim", "WORKDIR /app", "COPY . .", 'RUN npm ci', 'CMD ["node", "server.js"]'].join("\n");

describe("Dockerfile: no USER in the final stage", () => {
  it("is reported on the FROM line when the PR adds it", async () => {
    expect(await ruleIds(changed("Dockerfile", DOCKERFILE, [1]))).toEqual(["iac/dockerfile-root-user@1"]);
  });
  it("is not reported when the PR only changed another line of an existing Dockerfile", async () => {
    expect(await ruleIds(changed("Dockerfile", DOCKERFILE, [4]))).toEqual([]);
  });
  it("is not reported from a sparse diff, where a USER line may simply be outside the hunks", async () => {
    const { newText: _unused, ...sparse } = changed("Dockerfile", DOCKERFILE, [1]).files[0]!;
    expect(await ruleIds({ files: [sparse], notes: [] })).toEqual([]);
  });
  it("goes away once the PR adds a non-root USER", async () => {
    const fixed = `${DOCKERFILE}\nUSER 10001`;
    expect(await ruleIds(changed("Dockerfile", fixed, [1, 6]))).toEqual([]);
  });
});

const SECURITY_GROUP = `resource "aws_security_group" "ssh" {
  description = "ssh"
  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group" "other" {
  description = "other"
}
`;

describe("Terraform: a world-open ingress rule", () => {
  it("is reported on the CIDR line when the PR changes the rule (here, the port)", async () => {
    expect(await ruleIds(changed("infra/sg.tf", SECURITY_GROUP, [4, 5]))).toEqual(["iac/tf-aws-sg-open-admin-port@7"]);
  });
  it("is not reported when the PR changed only another part of the file", async () => {
    expect(await ruleIds(changed("infra/sg.tf", SECURITY_GROUP, [12]))).toEqual([]);
  });
  it("names the resource, the attribute and the port, and suggests a specific CIDR", async () => {
    const result = await scan(changed("infra/sg.tf", SECURITY_GROUP, [7]), DEFAULT_CONFIG, { grammars }, { rules: [], analyzers: IAC_ANALYZERS });
    const [finding] = result.findings;
    expect(finding?.category).toBe("iac");
    expect(finding?.severity).toBe("critical");
    expect(finding?.message).toContain("aws_security_group.ssh");
    expect(finding?.message).toContain("cidr_blocks");
    expect(finding?.message).toContain("port 22 (SSH)");
    expect(finding?.fix.prompt).toContain("203.0.113.0/24");
  });
});

const WORKFLOW = ["name: ci", "on: push", "jobs:", "  test:", "    runs-on: ubuntu-latest", "    steps:", "      - run: npm test"].join("\n");

describe("GitHub Actions: no permissions block", () => {
  it("is reported on the `on:` line for a newly added workflow", async () => {
    const lines = WORKFLOW.split("\n").map((_, i) => i + 1);
    expect(await ruleIds(changed(".github/workflows/ci.yml", WORKFLOW, lines, { status: "added" }))).toEqual(["iac/gha-missing-permissions@2"]);
  });
  it("is not reported when the PR only adds a step to an existing workflow", async () => {
    expect(await ruleIds(changed(".github/workflows/ci.yml", WORKFLOW, [7]))).toEqual([]);
  });
  it("does not apply outside .github/workflows", async () => {
    const lines = WORKFLOW.split("\n").map((_, i) => i + 1);
    expect(await ruleIds(changed("docs/ci-example.yml", WORKFLOW, lines, { status: "added" }))).toEqual([]);
  });
});

describe("CloudFormation", () => {
  const template = ["Resources:", "  Bucket:", "    Type: AWS::S3::Bucket", "    Properties:", "      AccessControl: PublicRead", "      BucketName: assets"].join("\n");
  it("reports a public bucket ACL the PR adds", async () => {
    expect(await ruleIds(changed("cfn/app.yaml", template, [5]))).toEqual(["iac/cfn-s3-public-access@5"]);
  });
  it("does not report it when the PR changed another property", async () => {
    expect(await ruleIds(changed("cfn/app.yaml", template, [6]))).toEqual([]);
  });
  it("ignores YAML that is not a CloudFormation template", async () => {
    const notTemplate = template.replace("AWS::S3::Bucket", "bucket");
    expect(await ruleIds(changed("config/app.yaml", notTemplate, [1, 2, 3, 4, 5, 6]))).toEqual([]);
  });
});
