/**
 * The secret rules' samples, generated: every positive sample with the exact value it must be reported (and
 * masked) as, and every negative sample with its reason. Output-path tests (CLI, SARIF, check runs) reuse
 * `secretSamples()` to prove no detected secret is ever printed.
 */
import { SECRET_FILE_RULES } from "../../src/core/secrets/files.js";
import { SECRET_RULES } from "../../src/core/secrets/rules/index.js";
import { SampleGen } from "../../src/core/secrets/sample-gen.js";

export interface PositiveSample {
  ruleId: string;
  path: string;
  text: string;
  /** The secret itself: what must be reported and must never appear in any output. */
  value: string;
}

export interface NegativeSample {
  ruleId: string;
  path: string;
  text: string;
  reason: string;
}

const DEFAULT_PATH = "src/config.ts";

/** Same seed, same samples: a failure names a sample that reproduces. */
export function secretSamples(seed = 0x5eed): PositiveSample[] {
  const gen = new SampleGen(seed);
  const samples: PositiveSample[] = [];
  for (const rule of SECRET_RULES) {
    for (const sample of rule.samples.match) {
      const value = sample.value(gen);
      const text = sample.text ? sample.text(value) : `const credential = "${value}";`;
      samples.push({ ruleId: `secret/${rule.id}`, path: sample.path ?? DEFAULT_PATH, text, value });
    }
  }
  return samples;
}

export function secretNonSamples(seed = 0x5eed): NegativeSample[] {
  const gen = new SampleGen(seed ^ 0xbad);
  return SECRET_RULES.flatMap((rule) =>
    rule.samples.noMatch.map((sample) => ({
      ruleId: `secret/${rule.id}`,
      path: sample.path ?? DEFAULT_PATH,
      text: typeof sample.text === "string" ? sample.text : sample.text(gen),
      reason: sample.reason,
    })),
  );
}

/** Whole files that must (or must not) be reported as never-to-commit; `value` unknown up front. */
export function secretFileSamples(seed = 0x5eed): { match: Array<{ ruleId: string; path: string; text: string }>; noMatch: NegativeSample[] } {
  const gen = new SampleGen(seed ^ 0xf11e);
  return {
    match: SECRET_FILE_RULES.flatMap((rule) => rule.samples.match.map((s) => ({ ruleId: `secret/${rule.id}`, path: s.path, text: s.text(gen) }))),
    noMatch: SECRET_FILE_RULES.flatMap((rule) =>
      rule.samples.noMatch.map((s) => ({ ruleId: `secret/${rule.id}`, path: s.path, text: typeof s.text === "string" ? s.text : s.text(gen), reason: s.reason })),
    ),
  };
}

/** A ChangeSet file with every line added, as a new file in a PR. */
export function addedFile(path: string, text: string) {
  const lineCount = text.split("\n").length;
  return { path, status: "added" as const, addedLines: Array.from({ length: lineCount }, (_, i) => i + 1), hunks: [], newText: text };
}

const PUBLIC_TEXT = [...SECRET_RULES.map((r) => r.description), ...SECRET_FILE_RULES.map((r) => r.why)].join("\n");

/** Any 12-character window of the value that is not a public prefix: long enough that a match is a leak. */
export function leaks(output: string, value: string): boolean {
  const plain = value.replace(/\\n/g, "\n");
  for (const candidate of new Set([value, plain])) {
    for (const piece of candidate.split("\n")) {
      const trimmed = piece.trim();
      if (trimmed.length < 12) continue;
      for (let i = 0; i + 12 <= trimmed.length; i += 6) {
        const window = trimmed.slice(i, i + 12);
        if (/^-+[A-Z ]*$|^[A-Z ]+-+$|PRIVATE KEY|BEGIN|END/.test(window)) continue; // PEM armour is not secret
        if (output.includes(window) && !PUBLIC_TEXT.includes(window)) return true;
      }
    }
  }
  return false;
}

