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
import { nodeGrammarLoader } from "../../src/node/grammars.js";
import { BUNDLED_RULES } from "../../src/rules.js";
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

describe("a finding of another rule whose match spans a secret", () => {
  // A Dockerfile `RUN` continued over a pasted key: the curl-pipe rule's match holds the whole key, and its
  // evidence (the first three lines) used to be cut before it was redacted, leaving the key's first lines.
  const sample = secretSamples().find((s) => s.ruleId === "secret/private-key" && s.value.includes("\n"));
  it("shows none of it, in any field of any finding", async () => {
    expect(sample, "no multi-line private key sample").toBeDefined();
    const key = sample!.value.replace(/\\n/g, "\n");
    const dockerfile = ["FROM debian:12", "RUN curl -fsSL https://example.com/install.sh | sh && \\", ...key.split("\n").map((line) => `    ${line} \\`), "    true", ""].join("\n");
    const result = await scan({ files: [addedFile("Dockerfile", dockerfile)], notes: [] }, DEFAULT_CONFIG, { grammars: nodeGrammarLoader() }, { rules: BUNDLED_RULES });
    expect(result.findings.map((f) => f.ruleId)).toContain("iac/dockerfile-curl-pipe-shell");
    expect(leaks(JSON.stringify(result), key), JSON.stringify(result.findings.map((f) => f.evidence))).toBe(false);
  });
});

describe("a message that quotes part of a line holding a secret", () => {
  // `tls/shell-verification-disabled` quotes the command in its message, cut to 60 characters: cut first, the
  // token's first half no longer matched its pattern and was printed in the message, the fix prompt and SARIF.
  const token = secretSamples().find((s) => s.value.startsWith("ghp_"));
  it("shows none of the secret", async () => {
    expect(token, "no GitHub token sample").toBeDefined();
    const script = `#!/bin/sh\ncurl -k -H "Authorization: token ${token!.value}" https://internal.example.com/x\n`;
    const result = await scan({ files: [addedFile("scripts/deploy.sh", script)], notes: [] }, DEFAULT_CONFIG, { grammars: nodeGrammarLoader() }, { rules: BUNDLED_RULES });
    expect(result.findings.map((f) => f.ruleId)).toContain("tls/shell-verification-disabled");
    expect(leaks(JSON.stringify(result), token!.value), JSON.stringify(result.findings.map((f) => f.message))).toBe(false);
  });
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

  it("masks a private key cut off before its END line, in a shell line or a string, and keeps the bare armour", () => {
    const body = ["MIICXQIBAAKBgQDUTSIax/oczZ1edUnmHZXiHjScN9ouaWGbnuqiHApZwAT4C+9d", "iy4xFLA/iF8oqquIn+XrhZJfWbqn8JB8l7HUf4f/YEWy7ZZWoqZ1qdzQLPyPIsS9"];
    const shell = `RUN curl https://example.com/i.sh | sh && \\\n-----BEGIN RSA PRIVATE KEY----- \\\n${body[0]} \\\n${body[1]} \\\n…`;
    const string = `"-----BEGIN PRIVATE KEY-----\\n${body[0]}\\n" +\n  "${body[1]}\\n`;
    for (const text of [shell, string]) {
      const redacted = redactSecrets(text);
      for (const line of body) expect(leaks(redacted, line), `not masked:\n${redacted}`).toBe(false);
      expect(redacted).toContain("[redacted private key secret");
    }
    expect(redactSecrets("a file that starts with -----BEGIN RSA PRIVATE KEY-----")).toBe("a file that starts with -----BEGIN RSA PRIVATE KEY-----");
  });

  it("masks a known value's beginning where a text was cut short, and leaves a word it merely starts with", () => {
    const known = [{ value: "pg_live_Zr8vXq2LmN4pT7wYz1KjH5sDf9GbC3aQ", provider: "generic" }];
    for (const cut of ["see pg_live_Zr8vXq2LmN4pT7...", "see pg_live_Zr8vXq2LmN4pT7…", "see pg_live_Zr8vXq2LmN"]) {
      expect(redactSecrets(cut, known)).toBe("see pg_l…[redacted generic secret, 40 chars]" + (cut.endsWith("N") ? "" : cut.slice(cut.search(/\.\.\.|…/))));
    }
    expect(redactSecrets("pg_live_ is the prefix of live keys", known)).toBe("pg_live_ is the prefix of live keys");
  });

  it("leaves text without secrets alone", () => {
    const text = "const total = items.reduce((sum, item) => sum + item.price, 0); // no credentials here";
    expect(redactSecrets(text)).toBe(text);
  });
});
