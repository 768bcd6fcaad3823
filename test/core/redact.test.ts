/**
 * The no-leak guarantee: every positive secret sample, scanned, appears in no field of any finding; and
 * `redactSecrets` masks it inside arbitrary text even without being told the value.
 */
import { describe, expect, it } from "vitest";
import { secretsAnalyzer } from "../../src/core/analyzers/secrets.js";
import { DEFAULT_CONFIG } from "../../src/core/config.js";
import { maskSecret, redactSecrets } from "../../src/core/redact.js";
import { scan } from "../../src/core/scan.js";
import { SECRET_FILE_RULES } from "../../src/core/secrets/files.js";
import { SECRET_RULES } from "../../src/core/secrets/rules/index.js";
import type { ScanPorts } from "../../src/ports.js";
import { addedFile, leaks, secretFileSamples, secretSamples } from "../support/secret-samples.js";

// The secrets analyzer never parses code, so a loader that fails proves no grammar was needed.
const ports: ScanPorts = { grammars: { load: () => Promise.reject(new Error("the secrets analyzer needs no grammar")) } };

/** Fixed token prefixes (`sk-ant-api03-`, `pypi-AgEIcHlwaS5vcmc`) are public: the rule descriptions print them. */
describe("the leak check itself", () => {
  it("catches a value printed whole or in part, and ignores public prefixes", () => {
    const [sample] = secretSamples();
    expect(sample).toBeDefined();
    const value = sample?.value ?? "";
    expect(leaks(`evidence: ${value}`, value)).toBe(true);
    expect(leaks(`evidence: ${value.slice(4, 20)}`, value)).toBe(true);
    expect(leaks(`evidence: ${maskSecret(value, "AWS")}`, value)).toBe(false);
  });
});

describe("maskSecret", () => {
  it("shows the provider, four leading characters and the length, never the rest", () => {
    expect(maskSecret("sk_live_abcdefghijklmnop", "Stripe")).toBe("sk_l…[redacted Stripe secret, 24 chars]");
    expect(maskSecret("short", "generic")).toBe("…[redacted generic secret, 5 chars]");
  });
});

describe("no finding field ever contains a detected secret", () => {
  for (const sample of secretSamples()) {
    it(`${sample.ruleId} (${sample.path})`, async () => {
      const result = await scan({ files: [addedFile(sample.path, sample.text)], notes: [] }, DEFAULT_CONFIG, ports, { rules: [], analyzers: [secretsAnalyzer] });
      expect(result.findings.some((f) => f.ruleId === sample.ruleId), "the sample was not reported").toBe(true);
      const output = JSON.stringify(result);
      expect(leaks(output, sample.value), `the secret leaked into: ${output.slice(0, 400)}`).toBe(false);
      for (const finding of result.findings) expect(finding.evidence).toContain("redacted");
    });
  }

  for (const sample of secretFileSamples().match) {
    it(`${sample.ruleId} file (${sample.path})`, async () => {
      const result = await scan({ files: [addedFile(sample.path, sample.text)], notes: [] }, DEFAULT_CONFIG, ports, { rules: [], analyzers: [secretsAnalyzer] });
      const output = JSON.stringify(result);
      for (const line of sample.text.split("\n")) {
        const secret = /(?:=|:)\s*["']?([A-Za-z0-9+/_-]{16,})/.exec(line)?.[1];
        if (secret) expect(leaks(output, secret), `${secret.slice(0, 4)}… leaked`).toBe(false);
      }
    });
  }
});

describe("redactSecrets masks every sample in surrounding text without being told the value", () => {
  for (const sample of secretSamples()) {
    it(sample.ruleId, () => {
      const text = `Log line before.\nfound in ${sample.path}:\n${sample.text}\ntrailing words ${"x".repeat(3)}`;
      const redacted = redactSecrets(text);
      expect(leaks(redacted, sample.value), `not masked:\n${redacted.slice(0, 300)}`).toBe(false);
    });
  }

  it("masks known values it has no pattern for, everywhere they occur", () => {
    expect(redactSecrets("a hunter2x b hunter2x", [{ value: "hunter2x", provider: "generic" }])).toBe(
      "a …[redacted generic secret, 8 chars] b …[redacted generic secret, 8 chars]",
    );
  });

  it("leaves text without secrets alone", () => {
    const text = "const total = items.reduce((sum, item) => sum + item.price, 0); // no credentials here";
    expect(redactSecrets(text)).toBe(text);
  });
});
