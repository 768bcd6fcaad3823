/**
 * Every secret regex is linear-time: recheck (pure-JS backend, no JVM or native agent) must call each one
 * safe, and a 1 MB adversarial line must scan to completion.
 */
import { check } from "recheck";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../src/core/analyzers/secrets.js";
import { BASE_SECRET_PATTERNS } from "../../src/core/secrets/detect.js";
import { SECRET_FILE_RULES } from "../../src/core/secrets/files.js";
import { SECRET_RULES } from "../../src/core/secrets/rules/index.js";
import { addedFile } from "../support/secret-samples.js";

// recheck picks its backend per call from the environment; the pure-JS one needs no Java or native binary.
process.env.RECHECK_BACKEND = "pure";

const regexes: Array<{ name: string; regex: RegExp }> = [
  ...SECRET_RULES.map((rule) => ({ name: `rule ${rule.id}`, regex: rule.regex })),
  ...SECRET_FILE_RULES.flatMap((rule) => [
    { name: `file rule ${rule.id} path`, regex: rule.path },
    ...(rule.evidence ? [{ name: `file rule ${rule.id} evidence`, regex: rule.evidence }] : []),
  ]),
  ...BASE_SECRET_PATTERNS.filter((p) => p.id !== "private-key").map((p) => ({ name: `base pattern ${p.id}`, regex: p.regex })),
];

describe("secret regexes are ReDoS-safe", () => {
  for (const { name, regex } of regexes) {
    // recheck falls back to its fuzz checker for lookbehind, and the fuzzer works within time budgets: on a heavily
    // loaded machine it has reported a safe pattern "vulnerable" with an attack string V8 matches in under a
    // millisecond. A truly vulnerable pattern fails every attempt, so a retry removes the flake without hiding one.
    it(name, { timeout: 60_000, retry: 2 }, async () => {
      // `g` and `d` change how matches are reported, not how the automaton runs.
      const flags = regex.flags.replace(/[gdy]/g, "");
      const diagnostics = await check(regex.source, flags, { timeout: 30_000, randomSeed: 42 });
      expect(diagnostics.status, `${name}: ${JSON.stringify(diagnostics)}`).toBe("safe");
    });
  }
});

describe("adversarial input", () => {
  const MB = 1 << 20;
  const shapes: Record<string, string> = {
    "prefixes without bodies": "ghp_AKIAsk-ant-xoxb-eyJ.eyJ-----BEGIN PRIVATE KEY-----postgres://a:b".repeat(MB / 64),
    "an unterminated private key": `-----BEGIN RSA PRIVATE KEY-----\n${"A".repeat(MB)}`,
    "a long assignment chain": `password${"=".repeat(4)}"${"a1".repeat(MB / 2)}`,
    "JWT-shaped segments": `-eyJ${"a".repeat(20)}.eyJ${"b".repeat(20)}`.repeat(MB / 48),
    "userinfo without a host": `postgres://${"u:".repeat(MB / 2)}`,
  };
  for (const [name, line] of Object.entries(shapes)) {
    it(`${name} (~1 MB on one line) finishes`, () => {
      const file = addedFile("src/adversarial.ts", line);
      const detections = analyzeFile({ file, text: line, added: new Set(file.addedLines) });
      expect(Array.isArray(detections)).toBe(true);
    });
  }
});
