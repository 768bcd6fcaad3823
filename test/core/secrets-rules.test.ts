/** Every secret rule against its own samples, gitleaks-style: a failure names the rule and the sample. */
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../src/core/analyzers/secrets.js";
import { base62, crc32, hasBase62Crc32Suffix, withBase62Crc32Suffix } from "../../src/core/secrets/checksum.js";
import { SECRET_FILE_RULES } from "../../src/core/secrets/files.js";
import { SECRET_RULES } from "../../src/core/secrets/rules/index.js";
import { addedFile, secretFileSamples, secretNonSamples, secretSamples } from "../support/secret-samples.js";

const FILE_RULE_IDS = new Set(SECRET_FILE_RULES.map((r) => `secret/${r.id}`));

function detect(path: string, text: string) {
  const file = addedFile(path, text);
  return analyzeFile({ file, text, added: new Set(file.addedLines) });
}

describe("secret rule data", () => {
  it("every rule has an id, keywords in lowercase, a global regex, and both kinds of samples", () => {
    const ids = new Set<string>();
    for (const rule of SECRET_RULES) {
      expect(ids.has(rule.id), `duplicate rule id ${rule.id}`).toBe(false);
      ids.add(rule.id);
      expect(rule.regex.global, `${rule.id}: regex needs the g flag`).toBe(true);
      expect(rule.regex.hasIndices, `${rule.id}: regex needs the d flag for exact offsets`).toBe(true);
      expect(rule.keywords.every((k) => k === k.toLowerCase() && k.length > 0), `${rule.id}: keywords must be lowercase`).toBe(true);
      expect(rule.samples.match.length, `${rule.id}: no positive samples`).toBeGreaterThan(0);
      expect(rule.samples.noMatch.length, `${rule.id}: no negative samples`).toBeGreaterThan(0);
      expect(rule.samples.noMatch.every((s) => s.reason.length > 5), `${rule.id}: every negative sample needs a reason`).toBe(true);
    }
    for (const rule of SECRET_FILE_RULES) expect(rule.samples.match.length * rule.samples.noMatch.length, rule.id).toBeGreaterThan(0);
  });

  it("covers the provider families the issue lists", () => {
    const providers = new Set(SECRET_RULES.map((r) => r.provider));
    for (const p of ["AWS", "Google", "Azure", "GitHub", "GitLab", "OpenAI", "Anthropic", "Stripe", "Slack", "Twilio", "SendGrid", "Mailgun", "npm", "PyPI", "Docker Hub", "Discord", "Telegram", "Shopify", "Datadog", "Heroku", "DigitalOcean", "HashiCorp Vault", "private key", "JWT", "database", "HTTP basic auth", "generic"]) {
      expect(providers.has(p), `no rule for ${p}`).toBe(true);
    }
  });
});

describe("positive samples are reported by their rule, with the exact value", () => {
  for (const sample of secretSamples()) {
    it(`${sample.ruleId} in ${sample.path}: ${sample.text.slice(0, 50).replace(/\n/g, "⏎")}`, () => {
      const found = detect(sample.path, sample.text);
      const hit = found.find((d) => d.ruleId === sample.ruleId);
      expect(hit, `not reported; got ${found.map((d) => d.ruleId).join(", ") || "nothing"}`).toBeDefined();
      expect(hit?.secretValue?.value).toBe(sample.value);
      // A never-commit file rule may also report the file (once); no other content rule may claim the value.
      expect(found.filter((d) => d.ruleId !== sample.ruleId && !FILE_RULE_IDS.has(d.ruleId)), "another rule also reported it").toEqual([]);
    });
  }
});

describe("negative samples are not reported", () => {
  for (const sample of secretNonSamples()) {
    it(`${sample.ruleId}: ${sample.reason}`, () => {
      expect(detect(sample.path, sample.text).map((d) => `${d.ruleId} ${d.message}`)).toEqual([]);
    });
  }
});

describe("files that should never be committed", () => {
  const { match, noMatch } = secretFileSamples();
  for (const sample of match) {
    it(`${sample.ruleId}: ${sample.path}`, () => {
      const fileHits = detect(sample.path, sample.text).filter((d) => d.ruleId === sample.ruleId);
      expect(fileHits).toHaveLength(1);
      expect(fileHits[0]?.message).toContain(sample.path);
    });
  }
  for (const sample of noMatch) {
    it(`${sample.ruleId} not for ${sample.path}: ${sample.reason}`, () => {
      expect(detect(sample.path, sample.text).filter((d) => d.ruleId === sample.ruleId)).toEqual([]);
    });
  }
});

describe("checksums", () => {
  it("CRC-32 matches the standard check value", () => {
    expect(crc32("123456789")).toBe(0xcbf43926);
    expect(crc32("")).toBe(0);
  });
  it("base62 pads to the width and uses 0-9A-Za-z", () => {
    expect(base62(0, 6)).toBe("000000");
    expect(base62(61, 2)).toBe("0z");
    expect(base62(62, 2)).toBe("10");
    expect(base62(0xffffffff, 6)).toBe("4gfFC3");
  });
  it("accepts a token whose suffix is the CRC-32 of its body and rejects any other suffix", () => {
    const token = withBase62Crc32Suffix("ghp_", "A".repeat(10) + "b".repeat(10) + "9".repeat(10));
    expect(hasBase62Crc32Suffix(token)).toBe(true);
    expect(hasBase62Crc32Suffix(token.slice(0, -1) + (token.endsWith("0") ? "1" : "0"))).toBe(false);
    expect(hasBase62Crc32Suffix(token + "0")).toBe(false);
  });
});
