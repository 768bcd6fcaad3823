/** OpenAI, Anthropic and Hugging Face API keys. */
import type { SecretRule } from "./types.js";

export const aiRules: SecretRule[] = [
  {
    id: "openai-api-key",
    provider: "OpenAI",
    kind: "API key",
    description: "An OpenAI API key; user, project, service-account and admin keys all carry the `T3BlbkFJ` marker.",
    keywords: ["t3blbkfj"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj-|svcacct-|admin-|None-)?[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})(?![A-Za-z0-9_-])/dg,
    minEntropy: 4,
    severity: "critical",
    confidence: "high",
    envVar: "OPENAI_API_KEY",
    samples: {
      match: [
        { value: (g) => `sk-${g.alnum(20)}T3BlbkFJ${g.alnum(20)}` },
        { value: (g) => `sk-proj-${g.base64url(74)}T3BlbkFJ${g.base64url(74)}`, text: (v) => `OPENAI_API_KEY=${v}`, path: ".env" },
      ],
      noMatch: [
        { text: 'const key = "sk-...T3BlbkFJ...";', reason: "an elided key" },
        { text: "const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY });", reason: "read from the environment" },
      ],
    },
  },
  {
    id: "openai-project-key",
    provider: "OpenAI",
    kind: "project API key",
    description: "An OpenAI project, service-account or admin key without the legacy marker.",
    keywords: ["sk-proj-", "sk-svcacct-", "sk-admin-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,250})(?![A-Za-z0-9_-])/dg,
    minEntropy: 4.5,
    severity: "critical",
    confidence: "medium",
    envVar: "OPENAI_API_KEY",
    samples: {
      match: [{ value: (g) => `sk-proj-${g.base64url(120)}` }],
      noMatch: [{ text: 'apiKey: "sk-proj-your-openai-project-key-goes-here-please"', reason: "a placeholder" }],
    },
  },
  {
    id: "anthropic-api-key",
    provider: "Anthropic",
    kind: "API key",
    description: "An Anthropic API or admin key (`sk-ant-api03-` / `sk-ant-admin01-`).",
    keywords: ["sk-ant-"],
    regex: /(?<![A-Za-z0-9_-])(?<secret>sk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{93}AA)(?![A-Za-z0-9_-])/dg,
    minEntropy: 4,
    severity: "critical",
    confidence: "high",
    envVar: "ANTHROPIC_API_KEY",
    samples: {
      match: [
        { value: (g) => `sk-ant-api03-${g.base64url(93)}AA` },
        { value: (g) => `sk-ant-admin01-${g.base64url(93)}AA`, text: (v) => `client = anthropic.Anthropic(api_key="${v}")`, path: "app/llm.py" },
      ],
      noMatch: [{ text: 'client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])', reason: "read from the environment" }, { text: 'key = "sk-ant-api03-..."', reason: "an elided key" }],
    },
  },
  {
    id: "huggingface-token",
    provider: "Hugging Face",
    kind: "access token",
    description: "A Hugging Face user access token (`hf_`).",
    keywords: ["hf_"],
    regex: /\b(?<secret>hf_[A-Za-z]{34})\b/dg,
    minEntropy: 3.5,
    severity: "high",
    confidence: "high",
    envVar: "HF_TOKEN",
    samples: {
      match: [{ value: (g) => "hf_" + g.chars("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", 34) }],
      noMatch: [{ text: "const hf_model_name_for_the_pipeline_xy = 1;", reason: "an identifier with the prefix, not a token" }],
    },
  },
];
