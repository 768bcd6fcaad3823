/** GitHub and GitLab tokens. GitHub's carry a CRC-32 checksum, so a match that fails it is not reported. */
import { hasBase62Crc32Suffix, withBase62Crc32Suffix } from "../checksum.js";
import type { SampleGen } from "../sample-gen.js";
import type { SecretRule } from "./types.js";

const githubToken = (prefix: string) => (g: SampleGen) => withBase62Crc32Suffix(prefix, g.alnum(30));
/** Right shape, wrong checksum: what a hand-typed or invented token looks like. */
const badChecksum = (prefix: string) => (g: SampleGen) => {
  const token = withBase62Crc32Suffix(prefix, g.alnum(30));
  const last = token.at(-1) === "A" ? "B" : "A";
  return `const token = "${token.slice(0, -1)}${last}";`;
};

function githubRule(id: string, prefix: string, kind: string, envVar: string): SecretRule {
  return {
    id,
    provider: "GitHub",
    kind,
    description: `A GitHub ${kind} (\`${prefix}\`), checked against the CRC-32 suffix GitHub builds into it.`,
    keywords: [prefix],
    regex: new RegExp(String.raw`\b(?<secret>${prefix}[A-Za-z0-9]{36})\b`, "dg"),
    verify: hasBase62Crc32Suffix,
    severity: "critical",
    confidence: "medium",
    envVar,
    samples: {
      match: [
        { value: githubToken(prefix) },
        { value: githubToken(prefix), text: (v) => `headers: { Authorization: \`token ${v}\` },` },
        { value: githubToken(prefix), text: (v) => `token: ${v}`, path: "test/fixtures/github.yml" },
      ],
      noMatch: [
        { text: badChecksum(prefix), reason: "the CRC-32 suffix does not match: not a token GitHub issued" },
        { text: `const token = "${prefix}xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";`, reason: "a placeholder" },
        { text: `const token = process.env.GITHUB_TOKEN; // starts with ${prefix}`, reason: "read from the environment; only the prefix is mentioned" },
      ],
    },
  };
}

export const vcsRules: SecretRule[] = [
  githubRule("github-pat", "ghp_", "personal access token", "GITHUB_TOKEN"),
  githubRule("github-oauth-token", "gho_", "OAuth access token", "GITHUB_OAUTH_TOKEN"),
  githubRule("github-user-to-server-token", "ghu_", "GitHub App user access token", "GITHUB_TOKEN"),
  githubRule("github-app-installation-token", "ghs_", "GitHub App installation token", "GITHUB_TOKEN"),
  githubRule("github-refresh-token", "ghr_", "GitHub App refresh token", "GITHUB_REFRESH_TOKEN"),
  {
    id: "github-fine-grained-pat",
    provider: "GitHub",
    kind: "fine-grained personal access token",
    // GitHub has not published a checksum scheme for this format, so none is claimed.
    description: "A GitHub fine-grained personal access token (`github_pat_`).",
    keywords: ["github_pat_"],
    regex: /\b(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/dg,
    minEntropy: 4,
    severity: "critical",
    confidence: "high",
    envVar: "GITHUB_TOKEN",
    samples: {
      match: [{ value: (g) => `github_pat_${g.alnum(22)}_${g.alnum(59)}` }],
      noMatch: [{ text: 'const token = "github_pat_<your-token>";', reason: "a placeholder" }],
    },
  },
  {
    id: "gitlab-pat",
    provider: "GitLab",
    kind: "personal access token",
    description: "A GitLab personal, project or group access token (`glpat-`).",
    keywords: ["glpat-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>glpat-[A-Za-z0-9_-]{20}(?:[A-Za-z0-9_.-]{0,279}[A-Za-z0-9_-])?)(?![A-Za-z0-9_.-])/dg,
    minEntropy: 3.5,
    severity: "critical",
    confidence: "high",
    envVar: "GITLAB_TOKEN",
    samples: {
      match: [{ value: (g) => "glpat-" + g.base64url(20) }, { value: (g) => `glpat-${g.base64url(27)}.01.${g.alnum(9)}` }],
      noMatch: [{ text: 'const token = "glpat-xxxxxxxxxxxxxxxxxxxx";', reason: "a placeholder" }],
    },
  },
  {
    id: "gitlab-token",
    provider: "GitLab",
    kind: "runner, deploy or trigger token",
    description: "A GitLab runner authentication, deploy, CI job, feed or pipeline trigger token.",
    keywords: ["glrt-", "gldt-", "glptt-", "glcbt-", "glft-", "glsoat-", "gloas-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>(?:glrt|gldt|glptt|glcbt|glft|glsoat|gloas)-[A-Za-z0-9_-]{20,64})(?![A-Za-z0-9_-])/dg,
    minEntropy: 3.5,
    severity: "high",
    confidence: "high",
    envVar: "GITLAB_TOKEN",
    samples: {
      match: [{ value: (g) => "glrt-" + g.base64url(20) }, { value: (g) => "glptt-" + g.hex(40), text: (v) => `curl -F token=${v} https://gitlab.example.com/api/v4/projects/1/trigger/pipeline` }],
      noMatch: [{ text: "GITLAB_RUNNER_TOKEN=glrt-REPLACE_ME_WITH_TOKEN", reason: "a placeholder" }],
    },
  },
];
